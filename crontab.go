package cronsim

import "strings"

// EntryKind tells what a line of a crontab file is.
type EntryKind uint8

const (
	EntryComment EntryKind = iota // a blank line or a comment (#)
	EntryEnv                      // an environment setting NAME=VALUE
	EntryJob                      // a schedule and a command
)

// An Entry is one line of a user's crontab file, read as Debian's
// crontab reads it.
type Entry struct {
	Kind     EntryKind
	Schedule Schedule // for EntryJob
	Command  string   // for EntryJob: the rest of the line, as Debian keeps it
	Name     string   // for EntryEnv
	Value    string   // for EntryEnv
}

// debianMaxCommand is MAX_COMMAND: a command of this length minus one or
// more is "command too long".
const debianMaxCommand = 1000

// ParseEntry parses one line of a user crontab (without its newline) in
// the dialect, for Debian's cron.
//
// Deprecated: use ParseOptions{Dialect: d}.Entry(line).
func ParseEntry(line string, d Dialect) (Entry, error) {
	return ParseOptions{Dialect: d}.Entry(line)
}

// parseEntry is ParseOptions.Entry for Debian's cron: Debian's crontab's
// reading of a line in dialect d, with key for H values in Strict.
func parseEntry(line string, d Dialect, key string) (Entry, error) {
	rest := strings.TrimLeft(line, " \t")
	if rest == "" || rest[0] == '#' {
		// skip_comments reads a comment to its newline, NULs included.
		return Entry{Kind: EntryComment}, nil
	}
	lead := len(line) - len(rest)
	if i := strings.IndexByte(line, 0); i >= 0 && d == Strict {
		e := &ParseError{Expr: line, Column: column(line, i), Text: "\x00", Err: ErrMangled,
			Reason: "a NUL byte: Debian's crontab ends the line there and reads what follows as another line"}
		if _, err := parseEntry(line, Debian, ""); err != nil {
			e.Err, e.Debian = ErrSyntax, err.(*ParseError).Debian
		}
		return Entry{}, e
	}
	// load_env reads the line up to a newline or a NUL.
	head, _, _ := strings.Cut(rest, "\x00")
	if name, value, ok := debianEnv(head, d != DebianBookworm); ok {
		if d != DebianBookworm && (name == "MAILTO" || name == "MAILFROM") && !safeMail(value) {
			return Entry{}, &ParseError{Expr: line, Column: column(line, lead), Text: head,
				Reason: name + " may hold only letters, digits and @!:%-.,_+=/, starting with a letter or digit", Debian: "unsafe mail", Err: ErrSyntax}
		}
		if err := afterNUL(line, lead+len(head), d, key); err != nil {
			return Entry{}, err
		}
		return Entry{Kind: EntryEnv, Name: name, Value: value}, nil
	}
	var s Schedule
	cmd := 0
	if d == Strict {
		end := timeFieldsEnd(line)
		var err error
		if s, err = parseStrictExpr(line[lead:end], key); err != nil {
			return Entry{}, within(err, line, lead)
		}
		cmd = end
		for cmd < len(line) && (line[cmd] == ' ' || line[cmd] == '\t') {
			cmd++
		}
	} else {
		var fail *debianFailure
		s, cmd, fail = parseDebianLine(line+"\n", d)
		if fail != nil {
			return Entry{}, debianError(line, fail)
		}
	}
	cmd = min(cmd, len(line))
	// load_entry reads the command up to a newline or a NUL.
	command, _, _ := strings.Cut(line[cmd:], "\x00")
	if strings.HasPrefix(command, "*") {
		return Entry{}, &ParseError{Expr: line, Column: column(line, cmd), Text: restOfWord(line, cmd),
			Reason: "a command may not start with *: too many time fields?", Debian: "bad command", Err: ErrFieldCount}
	}
	if len(command) >= debianMaxCommand-1 {
		return Entry{}, &ParseError{Expr: line, Column: column(line, cmd), Reason: "the command is 999 bytes or longer",
			Debian: "command too long", Err: ErrTooLong}
	}
	if err := afterNUL(line, cmd+len(command), d, key); err != nil {
		return Entry{}, err
	}
	return Entry{Kind: EntryJob, Schedule: s, Command: command}, nil
}

// afterNUL checks, when line[at] is a NUL, what follows it as the further
// line Debian's crontab reads there.
func afterNUL(line string, at int, d Dialect, key string) error {
	if at >= len(line) || line[at] != 0 {
		return nil
	}
	_, err := parseEntry(line[at+1:], d, key)
	return within(err, line, at+1)
}

// within makes a *ParseError about line[offset:] one about line.
func within(err error, line string, offset int) error {
	if perr, ok := err.(*ParseError); ok && offset > 0 {
		e := *perr
		e.Expr = line
		if e.Column > 0 {
			e.Column += column(line, offset) - 1
		}
		return &e
	}
	return err
}

// timeFieldsEnd returns the offset just past the time fields of a strict
// job line: one @ word or five fields.
func timeFieldsEnd(line string) int {
	fields := 5
	i := 0
	for n := 0; n < fields; n++ {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if n == 0 && i < len(line) && line[i] == '@' {
			fields = 1
		}
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
	}
	return i
}

func isCSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// safeMail is Debian 13's check on MAILTO and MAILFROM values.
func safeMail(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isAlnum(int(c)) || i > 0 && strings.IndexByte("@!:%-.,_+=/", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

// debianEnv decides, as load_env in env.c does, whether a line (its
// leading blanks removed) is an environment setting: NAME = VALUE, where
// either may be quoted with ' or ". emptyValue accepts "NAME=" with
// nothing after it, as Debian's cron 3.0pl1-187 and later do.
func debianEnv(line string, emptyValue bool) (name, value string, ok bool) {
	const (
		nameInit = iota
		inName
		eq1
		eq2
		valueInit
		inValue
		fini
		bad
	)
	if len(line) > 998 {
		line = line[:998]
	}
	var nameB, valB []byte
	cur := &nameB
	state := nameInit
	var quote byte
	for c := 0; state != bad && c < len(line) && line[c] != 0; {
		switch state {
		case nameInit, valueInit:
			if line[c] == '\'' || line[c] == '"' {
				quote = line[c]
				c++
			}
			state++
			continue
		case inName, inValue:
			ch := line[c]
			if quote != 0 {
				if ch == quote {
					state++
					c++
					continue
				}
				if state == inName && ch == '=' {
					state = bad
					continue
				}
			} else if state == inName {
				if isCSpace(ch) {
					c++
					state++
					continue
				}
				if ch == '=' {
					state++
					continue
				}
			}
			*cur = append(*cur, ch)
			c++
		case eq1:
			if line[c] == '=' {
				state = eq2
				cur = &valB
				quote = 0
			} else if !isCSpace(line[c]) {
				state = bad
			}
			c++
		case eq2, fini:
			if isCSpace(line[c]) {
				c++
			} else {
				state++
			}
		}
	}
	switch {
	case state == fini, state == inValue && quote == 0:
	case emptyValue && state == eq2:
	default:
		return "", "", false
	}
	v := string(valB)
	if state == inValue {
		v = strings.TrimRight(v, " \t\n\v\f\r")
	}
	if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return string(nameB), v, true
}
