// Command cronvet reports invalid crontab expressions passed as constants
// to cronsim.Parse, cronsim.MustParse, cronsim.ParseDialect, a daemon's
// Parse (cronsim.Cronie.Parse) and ParseOptions' Parse on a literal.
//
//	go install github.com/cronsim-go/cronsim/cmd/cronvet@latest
//	go vet -vettool=$(which cronvet) ./...
//
// or go run github.com/cronsim-go/cronsim/cmd/cronvet@latest ./...
// (see package cronvet for go tool and why @version matters).
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/cronsim-go/cronsim/cronvet"
)

func main() { singlechecker.Main(cronvet.Analyzer) }
