package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// TestHelp: help asked for goes to standard output with status 0; the
// top-level help is generated from the command table and names the
// flags that the hand-written text left out (-daemon, check -compare,
// due -key).
func TestHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"help"}, nil, &out, &errOut); code != 0 || errOut.Len() != 0 {
		t.Fatalf("help: exit %d, stderr %q", code, errOut.String())
	}
	top := out.String()
	for _, want := range []string{"-daemon D", "check    [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] [-daemon D] [-compare", "[-key K]", "next|prev -batch"} {
		if !strings.Contains(top, want) {
			t.Errorf("help does not mention %q:\n%s", want, top)
		}
	}
	for _, cmd := range commands {
		if !strings.Contains(top, "\n  "+cmd.name()+" ") && cmd != cmdBatch {
			t.Errorf("help does not list %s", cmd.name())
		}
		for _, args := range [][]string{{"help", cmd.name()}, {cmd.name(), "-h"}} {
			out.Reset()
			errOut.Reset()
			code := run(args, strings.NewReader(""), &out, &errOut)
			if code != 0 || errOut.Len() != 0 || !strings.HasPrefix(out.String(), "usage: cronsim "+cmd.name()+" ") || !strings.Contains(out.String(), "\nFlags:\n") {
				t.Errorf("%q: exit %d, stderr %q, stdout %q", args, code, errOut.String(), out.String())
			}
		}
	}
	for _, args := range [][]string{{"help", "frobnicate"}, {"help", "next", "prev"}, {"next", "-bogus", "* * * * *"}, {"serve", "extra"}} {
		out.Reset()
		errOut.Reset()
		if code := run(args, strings.NewReader(""), &out, &errOut); code != 2 || errOut.Len() == 0 || out.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and a message on stderr", args, code, out.String(), errOut.String())
		}
	}
}

// TestUsageLines: every flag a command defines is in its usage line, so
// the generated help cannot leave one out.
func TestUsageLines(t *testing.T) {
	for _, cmd := range commands {
		c := &call{cmd: cmd, name: cmd.name(), fs: flag.NewFlagSet(cmd.name(), flag.ContinueOnError)}
		cmd.setup(c)
		c.fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(cmd.usageLine, "-"+f.Name+" ") && !strings.Contains(cmd.usageLine, "-"+f.Name+"=") && !strings.Contains(cmd.usageLine, "-"+f.Name+"]") {
				t.Errorf("%s: -%s is not in the usage line %q", cmd.name(), f.Name, cmd.usageLine)
			}
		})
	}
}

// TestSharedFlags: -dialect and -daemon mean the same in every command
// that has them: one definition, one help text.
func TestSharedFlags(t *testing.T) {
	usage := map[string]string{}
	for _, cmd := range commands {
		c := &call{cmd: cmd, name: cmd.name(), fs: flag.NewFlagSet(cmd.name(), flag.ContinueOnError)}
		cmd.setup(c)
		for _, name := range []string{"dialect", "daemon"} {
			f := c.fs.Lookup(name)
			if f == nil {
				continue
			}
			if u, ok := usage[name]; ok && (u != f.Usage+"|"+f.DefValue) {
				t.Errorf("%s -%s: %q, elsewhere %q", cmd.name(), name, f.Usage+"|"+f.DefValue, u)
			}
			usage[name] = f.Usage + "|" + f.DefValue
		}
	}
	if len(usage) != 2 {
		t.Errorf("found %d of -dialect and -daemon", len(usage))
	}
}
