// Package browsertest holds the playground's browser test: the page,
// built as cronsim serve builds it, loaded in headless Chromium and
// driven through the DevTools protocol by chromedp. It is a module of
// its own so that chromedp stays out of the cronsim module's
// dependencies; run it from this folder:
//
//	go test -run TestBrowser -v .
package browsertest
