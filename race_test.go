//go:build race

package cronsim

const raceEnabled = true
