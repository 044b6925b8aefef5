package main

import (
	"fmt"
	"os"

	"github.com/cronsim-go/cronsim"
)

func main() {
	d := cronsim.Strict
	if os.Args[1] == "-d" {
		d = cronsim.Debian
		os.Args = os.Args[1:]
	}
	for _, e := range os.Args[1:] {
		s, err := cronsim.ParseDialect(e, d)
		if err != nil {
			fmt.Println(e, "ERR", err)
			continue
		}
		fmt.Printf("%-22s %s | %s\n", e, s.Explain(), s.ExplainDST()[:8])
	}
}
