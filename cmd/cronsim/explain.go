package main

var cmdExplain = &command{
	usageLine: "explain [-dialect D] [-daemon D] [-key K] EXPR",
	short:     "the expression in English, and how daylight saving time treats it",
	arg:       argExpr,
	setup: func(c *call) func(string) int {
		sf := scheduleFlags(c.fs, true)
		return func(expr string) int {
			sched, _, code, ok := sf.resolve(c, expr, nil)
			if !ok {
				return code
			}
			out := newOutput(c.stdout)
			out.line(sched.Explain())
			out.line(sched.ExplainDST())
			return out.finish(c.name, c.stderr, 0)
		}
	},
}
