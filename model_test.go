package cronsim

import (
	"time"
)

// The reference model: a deliberately plain, minute-by-minute replay of
// Debian's cron main loop (cron.c of Debian's cron 3.0pl1 source
// package: the timeDiff cases, see dst.go), written without the fast
// iterator's zone periods, bitset day masks or calendar arithmetic. It
// wakes at every real minute, asks the time package for the offset, and
// applies the timeDiff table.
// The property tests hold the iterator to it.

// modelMatches reports whether the wall minute starting at local minute
// number lm matches s, using the time package for the calendar.
func modelMatches(s *Schedule, lm int64) bool {
	w := time.Unix(lm*60, 0).UTC()
	if s.minute&(1<<w.Minute()) == 0 || s.hour&(1<<w.Hour()) == 0 || s.month&(1<<int(w.Month())) == 0 {
		return false
	}
	if s.hasYears() && (w.Year() < minYear || w.Year() > maxYear || s.years[(w.Year()-minYear)/64]&(1<<((w.Year()-minYear)%64)) == 0) {
		return false
	}
	day := w.Day()
	last := time.Date(w.Year(), w.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	wd := int(w.Weekday())
	domOK := s.dom&(1<<day) != 0
	if s.domLast && day == last {
		domOK = true
	}
	if day < last && s.domBefore&(1<<(last-day)) != 0 {
		domOK = true // L-k
	}
	// nW: try every day n of the month and move it as Quartz does.
	for n := 1; n <= last; n++ {
		if s.domNearWk&(1<<n) == 0 {
			continue
		}
		target := n
		switch time.Date(w.Year(), w.Month(), n, 0, 0, 0, 0, time.UTC).Weekday() {
		case time.Saturday:
			target = n - 1
			if n == 1 {
				target = 3
			}
		case time.Sunday:
			target = n + 1
			if n == last {
				target = n - 2
			}
		}
		if day == target {
			domOK = true
		}
	}
	if s.domLastWk {
		lw := last
		for {
			d := time.Date(w.Year(), w.Month(), lw, 0, 0, 0, 0, time.UTC).Weekday()
			if d != time.Saturday && d != time.Sunday {
				break
			}
			lw--
		}
		if day == lw {
			domOK = true
		}
	}
	dowOK := s.dow&(1<<wd) != 0
	if s.dowLast&(1<<wd) != 0 && day+7 > last {
		dowOK = true
	}
	if s.dowNth[wd]&(1<<((day-1)/7+1)) != 0 {
		dowOK = true
	}
	domStar := s.starStep[starDom] != 0
	dowStar := s.starStep[starDow] != 0
	if domStar || dowStar {
		return domOK && dowOK
	}
	return domOK || dowOK
}

// modelLocalMinute is the daemon's clockTime at Unix second u.
func modelLocalMinute(loc *time.Location, u int64) (int64, bool) {
	_, off := time.Unix(u, 0).In(loc).Zone()
	if off%60 != 0 {
		return 0, false // not a whole-minute offset: outside the model
	}
	return (u + int64(off)) / 60, true
}

// modelRuns returns the run instants in (from, to], replaying the daemon
// from two days before from. ok is false when the zone has an offset that
// is not a whole number of minutes in that span.
func modelRuns(s Schedule, loc *time.Location, from, to time.Time) (runs []time.Time, ok bool) {
	if s.never {
		return nil, true
	}
	start := from.Unix() - 2*86400
	start -= ((start % 60) + 60) % 60
	timeRunning, ok := modelLocalMinute(loc, start)
	if !ok {
		return nil, false
	}
	virtual := timeRunning
	wild := s.starStep[starMinute] != 0 || s.starStep[starHour] != 0
	for u := start + 60; u <= to.Unix(); u += 60 {
		clock, ok := modelLocalMinute(loc, u)
		if !ok {
			return nil, false
		}
		if clock == timeRunning {
			continue // the daemon sleeps on until the minute changes
		}
		timeRunning = clock
		diff := timeRunning - virtual
		run := false
		switch {
		case diff == 1:
			virtual = timeRunning
			run = modelMatches(&s, virtual)
		case diff >= 2 && diff <= 5:
			for virtual < timeRunning {
				virtual++
				run = run || modelMatches(&s, virtual)
			}
		case diff >= 6 && diff <= 180:
			run = wild && modelMatches(&s, timeRunning)
			for virtual < timeRunning {
				virtual++
				run = run || (!wild && modelMatches(&s, virtual))
			}
		case diff <= 0 && diff >= -179:
			run = wild && modelMatches(&s, timeRunning)
		default:
			virtual = timeRunning
			run = modelMatches(&s, timeRunning)
		}
		if !run {
			continue
		}
		for sec := int64(0); sec < 60; sec++ {
			if s.second&(1<<sec) == 0 {
				continue
			}
			if r := u + sec; r > from.Unix() && r <= to.Unix() {
				runs = append(runs, time.Unix(r, 0).In(loc))
			}
		}
	}
	return runs, true
}
