package htmlcheck

import "testing"

func TestEachWayToRunScriptIsFound(t *testing.T) {
	o := Options{Scripts: []string{"assets/search.js"}}
	for _, doc := range []string{
		`<script>alert(1)</script>`,
		`<script src="https://evil.example/assets/search.js"></script>`,
		`<script src="//evil.example/assets/search.js"></script>`,
		`<script src="assets/search.js">alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<div ONCLICK="x">`,
		`<a href="javascript:alert(1)">`,
		`<a href="jav&#x61;script:alert(1)">`,
		`<a href="&#106;avascript:alert(1)">`,
		`<a href=" &#14;javascript:alert(1)">`,
		`<a href="java&#9;script:x">`,
		`<a href="java&#10;script:x">`,
		`<a href="VBScript:x">`,
		`<iframe src="https://ok.example/"></iframe>`,
		`<img srcset="ok.png 1x, javascript:x 2x">`,
		`<form action="javascript:x">`,
		`<button formaction="javascript:x">`,
		`<svg><a xlink:href="javascript:x">`,
		`<object data="data:text/html,x">`,
		`<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`,
		`<div style="background:url(javascript:x)">`,
		`<style>*{}</style>`,
		`<p>#ZgotmplZ</p>`,
		`<base href="https://evil.example/">`,
	} {
		if len(Check([]byte(doc), o)) == 0 {
			t.Errorf("nothing found in %s", doc)
		}
	}
	for _, doc := range []string{
		`<script src="assets/search.js" defer></script>`,
		`<script src="../../assets/search.js"></script>`,
		`<script src="/handbook/assets/search.js"></script>`,
		`<a href="https://ok.example/?q=javascript:x">`,
		`<a href="../page/#javascript:x">`,
		`<a href="mailto:a@example.com">`,
		`<a href="tel:+1555">`,
		`<img src="pic.png" alt="javascript:alert(1)" title="onerror=x">`,
		`<p>&lt;script&gt;alert(1)&lt;/script&gt; onclick=x javascript:</p>`,
		`<link rel="icon" href="data:,">`,
	} {
		if f := Check([]byte(doc), o); len(f) != 0 {
			t.Errorf("%s: %v", doc, f)
		}
	}
}
