// Package bench benchmarks cronsim against other Go cron libraries.
//
// It is a separate module so that the cronsim module itself never depends
// on its peers. See README.md for the results and how to reproduce them.
package bench
