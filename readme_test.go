package cronsim_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestREADMECommands reads every command of the README's code blocks and
// checks it: it runs the CLI examples ("$ cronsim ..." at a terminal, with
// the files the README shows with "$ cat FILE") and the setup demo
// ("go run ./cmd/cronsim ...") and compares their output with the
// README's; it starts "cronsim serve" and loads its page; it regenerates
// the performance table from the raw benchmark output the README names
// and compares it row by row. Commands that need a published module (go
// get, go install ...@latest, go run ...@latest, go tool) are run by
// cronvet's TestUserModule from a scratch module against this tree; the
// test command itself is what CI runs. A command the test does not know
// fails it: a new command in the README needs a way to be checked.
//
// In an output block, a line starting with "..." stands for any number
// of lines.
func TestREADMECommands(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the README's commands")
	}
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(string(data))
	if len(cmds) < 10 {
		t.Fatalf("found only %d commands in the README", len(cmds))
	}
	bin := filepath.Join(t.TempDir(), "cronsim")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/cronsim").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/cronsim: %v\n%s", err, out)
	}
	work := t.TempDir() // where "$ cat FILE" files go and "$ cronsim" runs
	root, _ := os.Getwd()
	ran := 0
	for _, c := range cmds {
		line := c.line
		switch {
		case strings.HasPrefix(line, "cat "):
			name := strings.TrimSpace(strings.TrimPrefix(line, "cat "))
			if err := os.WriteFile(filepath.Join(work, name), []byte(strings.Join(c.output, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(line, "cronsim serve") || strings.HasPrefix(line, "go run ./cmd/cronsim serve"):
			checkServe(t, root, work, bin, line)
			ran++
		case strings.HasPrefix(line, "cronsim "):
			args := shellWords(t, strings.TrimPrefix(line, "cronsim "))
			out := runAtTerminal(t, work, bin, args)
			compareOutput(t, line, c.output, out)
			ran++
		case strings.HasPrefix(line, "go run ./cmd/cronsim "):
			args := append([]string{"run", "./cmd/cronsim"}, shellWords(t, strings.TrimPrefix(line, "go run ./cmd/cronsim "))...)
			out, err := exec.Command("go", args...).Output()
			if err != nil {
				t.Errorf("%s: %v", line, err)
			}
			compareOutput(t, line, c.output, string(out))
			ran++
		case strings.HasPrefix(line, "cd bench && go run ./cmd/table"):
			checkBenchTable(t, string(data))
			ran++
		case readmeElsewhere(line) != "":
			t.Logf("%s: %s", line, readmeElsewhere(line))
		default:
			t.Errorf("README command %q: the test has no way to check it (teach TestREADMECommands)", line)
		}
	}
	t.Logf("%d README commands, %d run here", len(cmds), ran)
}

// readmeElsewhere says which test checks a command that cannot run here.
func readmeElsewhere(line string) string {
	published := "run from a scratch module against this tree by cronvet's TestUserModule"
	for _, p := range []struct{ prefix, why string }{
		{"go get github.com/cronsim-go/cronsim", published},
		{"go get -tool github.com/cronsim-go/cronsim/cmd/cronvet", published},
		{"go install github.com/cronsim-go/cronsim/cmd/", published},
		{"go run github.com/cronsim-go/cronsim/cmd/cronvet@", published},
		{"go vet -vettool=", published},
		{"go tool cronvet", published},
		{"bash scripts/test.sh", "the test command: what .ci/run runs"},
	} {
		if strings.HasPrefix(line, p.prefix) {
			return p.why
		}
	}
	return ""
}

type readmeCommand struct {
	line   string
	output []string // the output the README shows (or a file's content after cat)
}

// readmeCommands extracts the commands of the README's fenced blocks:
// "$ " lines with the lines after them as output, and blocks of bare
// command lines, whose output is the next block when that holds no
// command. Go code blocks are skipped; comments after " #" are dropped.
func readmeCommands(md string) []readmeCommand {
	var blocks [][]string
	var cur []string
	in, skip := false, false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "```") {
			if in {
				if !skip {
					blocks = append(blocks, cur)
				}
				in, cur = false, nil
			} else {
				lang := strings.TrimSpace(strings.TrimPrefix(l, "```"))
				in, skip = true, lang != "" && lang != "sh" && lang != "console" && lang != "shell"
			}
			continue
		}
		if in {
			cur = append(cur, l)
		}
	}
	isCommand := func(l string) bool {
		for _, p := range []string{"go ", "bash ", "cd ", "cronsim ", "FUZZTIME=", "git ", "apt-get "} {
			if strings.HasPrefix(l, p) {
				return true
			}
		}
		return false
	}
	stripComment := func(l string) string {
		if i := strings.Index(l, " #"); i >= 0 && !strings.Contains(l[:i], "'") {
			l = l[:i]
		}
		return strings.TrimSpace(l)
	}
	var cmds []readmeCommand
	for i, b := range blocks {
		console := false
		for _, l := range b {
			console = console || strings.HasPrefix(l, "$ ")
		}
		switch {
		case console:
			for _, l := range b {
				if strings.HasPrefix(l, "$ ") {
					cmds = append(cmds, readmeCommand{line: stripComment(l[2:])})
				} else if len(cmds) > 0 {
					cmds[len(cmds)-1].output = append(cmds[len(cmds)-1].output, l)
				}
			}
		case len(b) > 0 && isCommand(b[0]):
			for _, l := range b {
				if strings.TrimSpace(l) != "" {
					cmds = append(cmds, readmeCommand{line: stripComment(l)})
				}
			}
			if i+1 < len(blocks) && len(blocks[i+1]) > 0 && !isCommand(blocks[i+1][0]) && !strings.HasPrefix(blocks[i+1][0], "$ ") {
				cmds[len(cmds)-1].output = blocks[i+1]
			}
		}
	}
	return cmds
}

// shellWords splits a command line as the shell does for the README's
// commands: blanks separate words, single and double quotes group.
func shellWords(t *testing.T, s string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				t.Fatalf("unbalanced quote in %q", s)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case strings.IndexByte("|&;<>()$`\\*?[", c) >= 0:
			t.Fatalf("README command %q: shell syntax %q is not supported by the test", s, c)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// compareOutput compares output with the README's lines; a README line
// starting with "..." matches any number of lines.
func compareOutput(t *testing.T, cmd string, want []string, got string) {
	t.Helper()
	for len(want) > 0 && strings.TrimSpace(want[len(want)-1]) == "" {
		want = want[:len(want)-1]
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(got, "\r\n", "\n"), "\n"), "\n")
	if !matchLines(want, lines) {
		t.Errorf("README command %q: its output differs from the README's.\nREADME:\n%s\nactual:\n%s", cmd, strings.Join(want, "\n"), strings.Join(lines, "\n"))
	}
}

func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if strings.HasPrefix(want[0], "...") {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && strings.TrimRight(want[0], " ") == strings.TrimRight(got[0], " ") && matchLines(want[1:], got[1:])
}

// checkServe runs "cronsim serve" as the README says: -write DIR must
// write the site; otherwise the server is started (on a free port rather
// than the default one) and its page and module are loaded.
func checkServe(t *testing.T, root, work, bin, line string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// bin is what go run ./cmd/cronsim builds; running it directly lets
	// the interrupt at the end reach the server.
	var cmd *exec.Cmd
	if rest, ok := strings.CutPrefix(line, "cronsim "); ok {
		cmd = exec.CommandContext(ctx, bin, shellWords(t, rest)...)
		cmd.Dir = work
	} else {
		cmd = exec.CommandContext(ctx, bin, shellWords(t, strings.TrimPrefix(line, "go run ./cmd/cronsim "))...)
		cmd.Dir = root
	}
	cmd.WaitDelay = 5 * time.Second
	// The built site is cached in the user's cache directory: a test's
	// own here, so that the test builds it and leaves nothing behind.
	cmd.Args = append(cmd.Args, "-cache", t.TempDir())
	if i := slices.Index(cmd.Args, "-write"); i >= 0 && i+1 < len(cmd.Args) {
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", line, err, out)
			return
		}
		for _, f := range []string{"index.html", "cronsim.wasm", "wasm_exec.js", "app.js", "style.css", "zones.txt"} {
			if fi, err := os.Stat(filepath.Join(cmd.Dir, cmd.Args[i+1], f)); err != nil || fi.Size() == 0 {
				t.Errorf("%s: no %s written: %v", line, f, err)
			}
		}
		return
	}
	cmd.Args = append(cmd.Args, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	url := ""
	sc := bufio.NewScanner(stdout)
	re := regexp.MustCompile(`on (http://\S+/)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	if url == "" {
		t.Fatalf("%s: no address printed", line)
	}
	// The port answers at once; the page says it is being built (503)
	// until the module is ready.
	for {
		resp, err := http.Get(url + "cronsim.wasm")
		if err != nil {
			t.Fatalf("%s: GET /cronsim.wasm: %v", line, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("%s: still building when the test's time ran out", line)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, p := range []string{"", "cronsim.wasm", "wasm_exec.js", "app.js", "zones.txt"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatalf("%s: GET /%s: %v", line, p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: GET /%s: %s, %d bytes", line, p, resp.Status, len(body))
		}
	}
}

// checkBenchTable regenerates the README's performance tables from the
// raw benchmark outputs the section names (bench/cmd/table -in) and
// compares every row the README shows, cell by cell under the README's
// column names (a README table may show fewer columns). With
// CRONSIM_README_BENCH=1 it also runs the benchmarks as the README says
// (several minutes), writing the raw output to a temporary directory.
func checkBenchTable(t *testing.T, readme string) {
	t.Helper()
	perf := readme[strings.Index(readme, "## Performance"):]
	if i := strings.Index(perf[3:], "\n## "); i >= 0 {
		perf = perf[:i+3]
	}
	raws := regexp.MustCompile("`bench/(results/[^`]+)`").FindAllStringSubmatch(perf, -1)
	if raws == nil {
		t.Error("the README's performance section names no raw output (`bench/results/...`)")
		return
	}
	generated := map[string]map[string]string{} // op and expression -> column -> cell
	for _, raw := range raws {
		cmd := exec.Command("go", "run", "./cmd/table", "-in", raw[1], "-out", t.TempDir())
		cmd.Dir = "bench"
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("bench table from %s: %v", raw[1], err)
			continue
		}
		for key, row := range tableRows(string(out)) {
			generated[key] = row
		}
	}
	shown := tableRows(perf)
	if len(shown) == 0 {
		t.Error("no table rows in the README's performance section")
	}
	for key, row := range shown {
		gen, ok := generated[key]
		if !ok {
			t.Errorf("README performance row %s: in none of the raw outputs the section names", key)
			continue
		}
		for col, cell := range row {
			if gen[col] != cell {
				t.Errorf("README performance row %s, %s: README %q, bench/cmd/table %q", key, col, cell, gen[col])
			}
		}
	}
	if os.Getenv("CRONSIM_README_BENCH") == "1" {
		cmd := exec.Command("go", "run", "./cmd/table", "-count", "5", "-benchtime", "200ms", "-out", t.TempDir())
		cmd.Dir = "bench"
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("cd bench && go run ./cmd/table -count 5 -benchtime 200ms: %v\n%s", err, out)
		} else {
			t.Logf("benchmarks as the README runs them:\n%s", out)
		}
	}
}

// tableRows reads the Markdown tables in text whose first columns are
// "op" and "expression": each row by "op expression", cell by column name.
func tableRows(text string) map[string]map[string]string {
	rows := map[string]map[string]string{}
	var header []string
	cells := func(l string) []string {
		f := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		return f
	}
	for _, l := range strings.Split(text, "\n") {
		switch {
		case !strings.HasPrefix(l, "|"):
			header = nil
		case strings.HasPrefix(l, "| op |"):
			header = cells(l)
		case strings.HasPrefix(l, "|---") || header == nil:
		default:
			c := cells(l)
			row := map[string]string{}
			for i, h := range header {
				if i < len(c) {
					row[h] = c[i]
				}
			}
			rows[row["op"]+" "+row["expression"]] = row
		}
	}
	return rows
}

// runAtTerminal runs the command with its standard output and error on a
// terminal, as the README's "$ " lines are, and returns what it printed.
func runAtTerminal(t *testing.T, dir, bin string, args []string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := withTerminal(cmd)
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Skipf("cannot run %s at a terminal: %v", bin, err)
		}
	}
	return out
}
