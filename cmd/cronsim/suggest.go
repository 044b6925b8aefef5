package main

import (
	"archive/zip"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Suggestions for a mistyped command or zone name: the closest names by
// edit distance, case ignored.

// closest returns the candidates nearest to word: an exact match but for
// case first, else those within two edits (or a third of the word),
// the nearest ones only, at most three.
func closest(word string, candidates []string) []string {
	w := strings.ToLower(word)
	for _, c := range candidates {
		if strings.ToLower(c) == w {
			return []string{c}
		}
	}
	limit := max(2, len([]rune(w))/3)
	best := map[int][]string{}
	for _, c := range candidates {
		if d := editDistance(w, strings.ToLower(c)); d <= limit {
			best[d] = append(best[d], c)
		}
	}
	for d := 1; d <= limit; d++ {
		if out := best[d]; len(out) > 0 {
			return out[:min(len(out), 3)]
		}
	}
	return nil
}

// editDistance is the Levenshtein distance of two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// didYouMean is " (did you mean X?)" or "".
func didYouMean(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return " (did you mean " + names[0] + "?)"
	}
	return " (did you mean " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "?)"
}

// suggestZone returns the zone names nearest to a name time.LoadLocation
// did not know: the same name in another case (europe/dublin), a city
// without its region (Dublin), or a near spelling.
func suggestZone(name string) []string {
	zones := zoneNames()
	if s := closest(name, zones); len(s) > 0 {
		return s
	}
	var cities []string
	for _, z := range zones {
		if i := strings.LastIndexByte(z, '/'); i >= 0 && strings.EqualFold(z[i+1:], strings.ReplaceAll(name, " ", "_")) {
			cities = append(cities, z)
		}
	}
	return cities[:min(len(cities), 3)]
}

// zoneNames lists the zones of the system's tz database, or of the Go
// toolchain's copy when the system has none.
func zoneNames() []string {
	var names []string
	for _, root := range []string{os.Getenv("ZONEINFO"), "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ"} {
		if root == "" || strings.HasSuffix(root, ".zip") {
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() {
				if rel == "posix" || rel == "right" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.ContainsAny(rel, ".") && rel[0] >= 'A' && rel[0] <= 'Z' {
				names = append(names, filepath.ToSlash(rel))
			}
			return nil
		})
		if len(names) > 0 {
			return names
		}
	}
	for _, zipPath := range []string{os.Getenv("ZONEINFO"), filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip")} {
		if !strings.HasSuffix(zipPath, ".zip") {
			continue
		}
		if r, err := zip.OpenReader(zipPath); err == nil {
			for _, f := range r.File {
				names = append(names, f.Name)
			}
			r.Close()
			return names
		}
	}
	return names
}
