package render

import (
	"html"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/devrel-handbook/handbook/generator/site"
)

// The cross-functional map: the teams and their works_with links, drawn
// at build time as inline SVG. The layout depends only on the content:
// teams sit on a circle in id order, starting at the top and going
// clockwise, and coordinates are written with one decimal, so the same
// content gives the same bytes. Colours come from currentColor and the
// stylesheet's variables, so the map follows dark mode.

// MapView is a map and the same links as text, for screen readers and
// for readers who prefer a list.
type MapView struct {
	SVG   template.HTML
	Links []MapLink
}

// MapLink is one works_with link between two teams.
type MapLink struct {
	A, B Link
	Note string // "listed by Marketing only" when one side declares it
}

type mapNode struct {
	team   *site.Team
	x, y   float64
	center bool
}

type mapEdge struct {
	a, b int    // node indexes, a < b in id order
	note string // one-sided note
}

// Map geometry, in SVG user units.
const (
	mapW      = 720.0
	mapH      = 440.0
	mapRadius = 150.0
	nodeR     = 9.0
)

// teamLinks returns the works_with links of the teams as pairs of ids in
// id order (a < b), each once, with a note when one side only declares it.
func (r *renderer) teamLinks() []teamLink {
	decl := map[[2]string]bool{}
	for _, t := range r.g.Site.Teams {
		for _, w := range t.WorksWith {
			if r.g.Team[w.ID] != nil && w.ID != t.ID {
				decl[[2]string{t.ID, w.ID}] = true
			}
		}
	}
	seen := map[[2]string]bool{}
	var out []teamLink
	for k := range decl {
		a, b := k[0], k[1]
		if a > b {
			a, b = b, a
		}
		if seen[[2]string{a, b}] {
			continue
		}
		seen[[2]string{a, b}] = true
		l := teamLink{a: a, b: b}
		switch {
		case !decl[[2]string{a, b}]:
			l.by = b
		case !decl[[2]string{b, a}]:
			l.by = a
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].a != out[j].a {
			return out[i].a < out[j].a
		}
		return out[i].b < out[j].b
	})
	return out
}

// teamLink is a works_with pair; by is the only team that declares it, or
// "" when both do.
type teamLink struct{ a, b, by string }

func (r *renderer) oneSidedNote(l teamLink) string {
	if l.by == "" {
		return ""
	}
	return "listed by " + r.g.Team[l.by].Name + " only"
}

// teamsMap is the map of every team, for /teams/.
func (r *renderer) teamsMap(from string) *MapView {
	teams := r.g.Site.Teams // sorted by id
	if len(teams) == 0 {
		return nil
	}
	idx := map[string]int{}
	nodes := make([]mapNode, len(teams))
	for i, t := range teams {
		idx[t.ID] = i
		x, y := onCircle(i, len(teams))
		nodes[i] = mapNode{team: t, x: x, y: y}
	}
	v := &MapView{}
	var edges []mapEdge
	for _, l := range r.teamLinks() {
		note := r.oneSidedNote(l)
		edges = append(edges, mapEdge{a: idx[l.a], b: idx[l.b], note: note})
		v.Links = append(v.Links, MapLink{
			A:    r.link(from, site.Ref{Kind: site.KindTeam, ID: l.a}),
			B:    r.link(from, site.Ref{Kind: site.KindTeam, ID: l.b}),
			Note: note,
		})
	}
	v.SVG = r.drawMap(from, "How the teams work together", nodes, edges)
	return v
}

// teamMap is a team's neighbourhood, for its page: the team in the middle
// and the teams it works with around it, in id order.
func (r *renderer) teamMap(t *site.Team, from string) *MapView {
	var links []teamLink
	for _, l := range r.teamLinks() {
		if l.a == t.ID || l.b == t.ID {
			links = append(links, l)
		}
	}
	if len(links) == 0 {
		return nil
	}
	nodes := []mapNode{{team: t, x: mapW / 2, y: mapH / 2, center: true}}
	v := &MapView{}
	var edges []mapEdge
	for i, l := range links {
		other := l.b
		if other == t.ID {
			other = l.a
		}
		x, y := onCircle(i, len(links))
		nodes = append(nodes, mapNode{team: r.g.Team[other], x: x, y: y})
		note := r.oneSidedNote(l)
		edges = append(edges, mapEdge{a: 0, b: i + 1, note: note})
		v.Links = append(v.Links, MapLink{
			A:    r.link(from, site.Ref{Kind: site.KindTeam, ID: t.ID}),
			B:    r.link(from, site.Ref{Kind: site.KindTeam, ID: other}),
			Note: note,
		})
	}
	v.SVG = r.drawMap(from, t.Name+" and the teams it works with", nodes, edges)
	return v
}

// onCircle is the place of the i-th of n points on the map's circle.
func onCircle(i, n int) (float64, float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	return mapW/2 + mapRadius*math.Cos(a), mapH/2 + mapRadius*math.Sin(a)
}

func num(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s
}

// drawMap writes the SVG. Every text is escaped; every URL is relative to
// the page at from.
func (r *renderer) drawMap(from, title string, nodes []mapNode, edges []mapEdge) template.HTML {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString(`<svg class="team-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	b.WriteString(num(mapW) + " " + num(mapH))
	b.WriteString(`" width="` + num(mapW) + `" height="` + num(mapH) + `" aria-labelledby="team-map-title">`)
	b.WriteString("\n<title id=\"team-map-title\">" + esc(title) + "</title>\n")
	b.WriteString(`<g class="edges" stroke="currentColor" stroke-width="2" fill="none">` + "\n")
	for _, e := range edges {
		a, c := nodes[e.a], nodes[e.b]
		class := "edge"
		dash := ""
		label := a.team.Name + " and " + c.team.Name
		if e.note != "" {
			class += " one-sided"
			dash = ` stroke-dasharray="6 5"`
			label += " (" + e.note + ")"
		}
		b.WriteString(`<g class="` + class + `"><title>` + esc(label) + `</title>`)
		b.WriteString(`<line x1="` + num(a.x) + `" y1="` + num(a.y) + `" x2="` + num(c.x) + `" y2="` + num(c.y) + `"` + dash + `/></g>` + "\n")
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g class="nodes" font-size="15">` + "\n")
	for _, n := range nodes {
		t := n.team
		class := "node"
		if n.center {
			class += " center"
		}
		anchor, dx, dy := "middle", 0.0, 0.0
		switch {
		case n.center:
			dy = -nodeR - 8
		case n.x > mapW/2+1:
			anchor, dx = "start", nodeR+6
		case n.x < mapW/2-1:
			anchor, dx = "end", -(nodeR + 6)
		case n.y < mapH/2:
			dy = -nodeR - 8
		default:
			dy = nodeR + 20
		}
		b.WriteString(`<a class="` + class + `" href="` + esc(rel(from, t.URL)) + `">`)
		b.WriteString(`<title>` + esc(t.Name+": "+t.Summary) + `</title>`)
		b.WriteString(`<circle cx="` + num(n.x) + `" cy="` + num(n.y) + `" r="` + num(nodeR) + `" fill="currentColor"/>`)
		b.WriteString(`<text x="` + num(n.x+dx) + `" y="` + num(n.y+dy) + `" text-anchor="` + anchor + `" dominant-baseline="middle" fill="currentColor">` + esc(t.Name) + `</text></a>` + "\n")
	}
	b.WriteString("</g>\n</svg>")
	return template.HTML(b.String())
}
