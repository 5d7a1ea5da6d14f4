package serve

import _ "embed"

// reloadJS is the live-reload client, served at /_handbook/reload.js and
// injected into every HTML page. It is kept as a file so it can be read and
// linted as JavaScript.
//
//go:embed reload.js
var reloadJS string
