package load

import (
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

var configFields = []string{"title", "base_url", "edit_url", "review_after_days", "raw_html", "broken_links", "language", "highlight"}

// DefaultConfig is the configuration of a site without site.yaml.
func DefaultConfig() site.Config {
	return site.Config{Title: "Handbook", BasePath: "/", ReviewAfterDays: 180, RawHTML: "text", BrokenLinks: "error", Language: "en"}
}

func decodeConfig(file string, src []byte, l *diag.List) site.Config {
	c := DefaultConfig()
	c.File = file
	n, err := parseYAML(src, 0)
	if err != nil {
		l.Add(yamlError(file, err, 0, src))
		return c
	}
	d := &decoder{file: file, l: l}
	d.fields(n, "site.yaml", configFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "title":
			if s := d.str(key, v); s != "" {
				c.Title = s
			}
		case "base_url":
			c.BaseURL = d.str(key, v)
			if c.BaseURL != "" {
				if _, ok := BaseURL(c.BaseURL); !ok {
					d.l.Errorf(d.pos(v), "write an absolute http or https URL, like https://intranet.example.com/handbook/", "base_url %q is not an http or https URL", c.BaseURL)
					c.BaseURL = ""
				}
			}
		case "edit_url":
			c.EditURL = d.str(key, v)
			if c.EditURL != "" && !safeCardURL(c.EditURL) {
				d.l.Errorf(d.pos(v), "use an https or http URL", "edit_url %q is not allowed", c.EditURL)
				c.EditURL = ""
			}
		case "review_after_days":
			c.ReviewAfterDays = d.integer(key, v)
			if c.ReviewAfterDays < 0 {
				d.l.Errorf(d.pos(v), "use 0 to turn the check off, or a number of days", "review_after_days must not be negative")
			}
		case "raw_html":
			c.RawHTML = d.str(key, v)
			if c.RawHTML != "text" && c.RawHTML != "sanitize" {
				d.l.Errorf(d.pos(v), "write text or sanitize", "raw_html %q is not one of text, sanitize", c.RawHTML)
				c.RawHTML = "text"
			}
		case "broken_links":
			c.BrokenLinks = d.str(key, v)
			if c.BrokenLinks != "error" && c.BrokenLinks != "warn" {
				d.l.Errorf(d.pos(v), "write error or warn", "broken_links %q is not one of error, warn", c.BrokenLinks)
				c.BrokenLinks = "error"
			}
		case "language":
			if s := d.str(key, v); s != "" {
				c.Language = s
			}
		case "highlight":
			if v.Kind == yaml.ScalarNode && v.Tag != "!!bool" {
				d.l.Errorf(d.pos(v), "write true to colour code blocks at build time, or false (the default)", "highlight %q is not one of true, false", v.Value)
				break
			}
			c.Highlight = d.boolean(key, v)
		}
	})
	c.BaseURL, c.BasePath = normalizeBase(c.BaseURL)
	return c
}

// BaseURL checks a base URL and returns its path, which always ends in "/".
func BaseURL(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p, true
}

func normalizeBase(s string) (string, string) {
	if s == "" {
		return "", "/"
	}
	p, ok := BaseURL(s)
	if !ok {
		return "", "/"
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, p
}

// SetBaseURL overrides the base URL of c (the --base-url flag).
func SetBaseURL(c *site.Config, s string) bool {
	if _, ok := BaseURL(s); !ok {
		return false
	}
	c.BaseURL, c.BasePath = normalizeBase(s)
	return true
}
