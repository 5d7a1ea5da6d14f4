package serve

import (
	"mime"
	"path"
	"strings"
)

// contentTypes fixes the types of the files a site usually has. They take
// precedence over mime.TypeByExtension, which also reads the host's
// mime.types files or registry: those vary between machines, and some map
// .js to text/plain, which browsers refuse to run under nosniff.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".htm":   "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".xml":   "text/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/vnd.microsoft.icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
}

// contentType returns the Content-Type for the file name.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if ext != "" {
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
	}
	return "application/octet-stream"
}

// isHTML reports whether the file name is an HTML page, which gets the
// live-reload script.
func isHTML(name string) bool {
	return strings.HasPrefix(contentType(name), "text/html")
}
