module github.com/cronsim-go/cronsim

go 1.25.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/leanovate/gopter v0.2.11
)

require (
	golang.org/x/mod v0.27.0 // indirect
	golang.org/x/sync v0.16.0 // indirect
	golang.org/x/tools v0.36.0
)
