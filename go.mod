module github.com/cronsim-go/cronsim

go 1.23.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/leanovate/gopter v0.2.11
)

require golang.org/x/tools v0.36.0 // indirect
