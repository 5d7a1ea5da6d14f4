// Package templates holds the default layouts and assets of a handbook
// site, embedded in the handbook binary. A site overrides any of them by
// putting a file of the same name in its own templates folder.
package templates

import "embed"

// FS is the default templates: *.html layouts and assets/ (copied to the
// site's assets/ folder).
//
//go:embed *.html assets
var FS embed.FS
