module github.com/cronsim-go/cronsim/playground/browsertest

go 1.25.0

require (
	github.com/chromedp/cdproto v0.160.5
	github.com/chromedp/chromedp v0.24.0
	github.com/cronsim-go/cronsim v0.0.0
	github.com/google/go-cmp v0.7.0
)

require github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect

replace github.com/cronsim-go/cronsim => ../..
