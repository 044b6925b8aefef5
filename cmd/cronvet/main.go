// Command cronvet reports invalid crontab expressions passed as constants
// to cronsim.Parse, cronsim.MustParse and cronsim.ParseDialect.
//
//	go run github.com/cronsim-go/cronsim/cmd/cronvet ./...
//	go vet -vettool=$(which cronvet) ./...
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/cronsim-go/cronsim/cronvet"
)

func main() { singlechecker.Main(cronvet.Analyzer) }
