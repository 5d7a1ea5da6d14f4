package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/publish"
	"github.com/devrel-handbook/handbook/generator/render"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Quick rebuilds: most saves while a writer edits change the text of one
// page or a field of one card that no other page lists or navigates by.
// For those, serve and watch do not load, resolve and render the whole
// site again. They load the one file (load.One) and check that its shape
// is what it was: for a page, its front matter, heading ids and language;
// for a card, its name and every field that relates it to other cards or
// that health checks read (team, people, roles, works_with, mentors, lead,
// owner, last_reviewed), positions included. Then they put the new values
// into the model of the last build in place (so the navigation and every
// relation still point at them), resolve the file's links again
// (resolve.Relink), move the mentions it makes (resolve.Remention, which
// can turn a page into an orphan or back: then health runs again), keep
// each file's problems so the list equals a clean build's, and render only
// what shows the change (render.Cache.Rerender): the page; for a card its
// page and the lists that show the fields that changed; the pages whose
// "mentioned in" changed; the search index's changed slices.
//
// A file whose new version does not decode, or has errors and another
// shape (a typo mid-edit), is held: its errors are shown, the model keeps
// its last good version, and its fix is again a quick rebuild. Anything
// else (a new, removed or renamed file, a title, weight or heading id,
// site.yaml, a template) is a full rebuild, which still reuses every file
// loaded and every view rendered that did not change. The randomised tests
// (quick_test.go, incremental_test.go, stateful_test.go) compare the
// output and the problems with a clean build after every edit.

// model is what a live session keeps of its last full build for quick
// rebuilds.
type liveModel struct {
	g       *resolve.Graph
	fsys    fs.FS
	diags   diag.List     // load and resolve problems, unsorted
	health  diag.List     // resolve.Health's warnings
	pending render.Change // changes taken in while the content had errors
	// broken are the files whose new version cannot be taken in (it does
	// not decode, or has errors and another shape): the model keeps their
	// last good version, and the writer sees the new one's errors.
	broken map[string]*brokenFile
}

// brokenFile is one of liveModel.broken.
type brokenFile struct {
	abs  string
	hide diag.List // the problems of the version the model keeps
	show diag.List // the problems of the file as it is
}

// changed is one file of a quick rebuild, checked but not yet taken in.
type changed struct {
	path     string
	size     int64
	mod      time.Time
	old, new load.Loaded
	oldT     resolve.Texts
	newT     resolve.Texts
}

// quick takes in a batch of changed files without a full build, when it
// can; handled is false when a full build is needed.
func (lv *Live) quick(paths []string) (rb Rebuild, handled bool) {
	start := time.Now()
	c := lv.caches
	if c == nil || c.model == nil || (lv.Server != nil && c.files == nil) || (lv.Server == nil && c.names == nil) {
		return rb, false
	}
	m := c.model
	root, err := filepath.Abs(lv.Options.Content)
	if err != nil {
		return rb, false
	}
	g := m.g
	lo := loadOptions(lv.Options)
	var todo []*changed
	var hold []*brokenFile
	var held []string
	seen := map[string]bool{}
	for _, abs := range paths {
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			return rb, false // a template, or the folder itself
		}
		rel = filepath.ToSlash(rel)
		if seen[rel] {
			continue
		}
		seen[rel] = true
		fi, err := os.Lstat(abs)
		if errors.Is(err, fs.ErrNotExist) && !c.load.Knows(rel) && rel != "site.yaml" {
			// A file that came and went within the batch (an editor's or
			// sed's temporary file): nothing to take in.
			continue
		}
		if err != nil || !fi.Mode().IsRegular() {
			return rb, false // removed, renamed, a folder or a link
		}
		rb.Changed = append(rb.Changed, abs)
		old, ok := c.load.Peek(rel)
		if !ok {
			return rb, false // new, or it did not load the last time
		}
		nw, ok := load.One(m.fsys, rel, g.Site.Config, lo)
		if !ok {
			return rb, false
		}
		ch := &changed{path: rel, size: fi.Size(), mod: fi.ModTime(), old: old, new: nw}
		x, y, ok := sameShape(g, old, nw)
		if !ok && nw.Diags.Errors() > 0 {
			// Mid-edit (a YAML typo, a file read half-written): show its
			// errors and keep the last good version until it is fixed.
			hide := slices.Concat(old.Diags, resolve.Relink(g, value(old)).Diags)
			hold = append(hold, &brokenFile{abs: abs, hide: hide, show: nw.Diags})
			held = append(held, rel)
			continue
		}
		if !ok {
			return rb, false
		}
		ch.oldT, ch.newT = resolve.Relink(g, x), resolve.Relink(g, y)
		todo = append(todo, ch)
	}
	if len(todo) == 0 && len(hold) == 0 {
		return rb, false
	}

	// Take the changes in.
	rb.Quick = true
	if m.broken == nil {
		m.broken = map[string]*brokenFile{}
	}
	for _, ch := range todo {
		delete(m.broken, ch.path)
	}
	for i, h := range hold {
		m.broken[held[i]] = h
	}
	var drop diag.List
	for _, ch := range todo {
		drop = append(drop, ch.old.Diags...)
		drop = append(drop, ch.oldT.Diags...)
	}
	m.diags = without(m.diags, drop)
	var change render.Change
	for _, ch := range todo {
		m.diags = append(m.diags, ch.new.Diags...)
		m.diags = append(m.diags, ch.newT.Diags...)
		g.Replace(ch.oldT, ch.newT)
		if !slices.Equal(ch.oldT.Mentions, ch.newT.Mentions) {
			// Other pages list what mentions them, and a page that
			// nothing mentions is an orphan (a health warning, and a line
			// of the maintenance page).
			for _, to := range g.Remention(ch.from(), ch.oldT.Mentions, ch.newT.Mentions) {
				change.Mentioned = appendNew(change.Mentioned, to)
				if to.Kind == site.KindPage {
					change.Maintenance = true
				}
			}
		}
		kept := ch.old
		kept.Diags = ch.new.Diags
		switch {
		case ch.new.Page != nil:
			lc := ch.old.Page.LastChanged
			*ch.old.Page = *ch.new.Page
			ch.old.Page.LastChanged = lc
			change.Pages = append(change.Pages, ch.old.Page)
		default:
			ref, f := cardFields(ch.old, ch.new)
			switch {
			case ch.new.Team != nil:
				*ch.old.Team = *ch.new.Team
			case ch.new.Role != nil:
				*ch.old.Role = *ch.new.Role
			case ch.new.Person != nil:
				*ch.old.Person = *ch.new.Person
			}
			change.Cards = append(change.Cards, ref)
			if change.Fields == nil {
				change.Fields = map[site.Ref]render.Field{}
			}
			change.Fields[ref] |= f
		}
		c.load.Put(ch.path, ch.size, ch.mod, kept)
	}
	if change.Maintenance {
		m.health = resolve.Health(g, g.Today)
	}
	m.pending.Pages = appendNew(m.pending.Pages, change.Pages...)
	m.pending.Cards = appendNew(m.pending.Cards, change.Cards...)
	for ref, f := range change.Fields {
		if m.pending.Fields == nil {
			m.pending.Fields = map[site.Ref]render.Field{}
		}
		m.pending.Fields[ref] |= f
	}
	m.pending.Mentioned = appendNew(m.pending.Mentioned, change.Mentioned...)
	m.pending.Maintenance = m.pending.Maintenance || change.Maintenance

	r := &Result{}
	count(g, r)
	r.Files = len(c.files)
	rb.Result = r
	model := slices.Concat(m.diags, m.health)
	if len(m.broken) > 0 {
		var hide, show diag.List
		for _, b := range m.broken {
			hide = append(hide, b.hide...)
			show = append(show, b.show...)
		}
		finish(r, lv.Options, append(without(model, hide), show...), start)
		return rb, true
	}
	if failed(model, lv.Options) {
		finish(r, lv.Options, model, start)
		return rb, true
	}
	got := map[string][]byte{}
	var mu sync.Mutex
	removed, rd, ok, err := c.render.Rerender(m.pending, func(p string, data []byte) error {
		cp := append([]byte(nil), data...)
		mu.Lock()
		defer mu.Unlock()
		r.Rendered++
		got[p] = cp
		return nil
	})
	if !ok {
		return rb, false
	}
	if err == nil {
		l := model
		l.Add(rd)
		if failed(l, lv.Options) {
			// A template failed on a page: start again from a full build.
			c.model = nil
			finish(r, lv.Options, l, start)
			return rb, true
		}
		if lv.Server != nil {
			rb.Output, r.Files = lv.apply(got, removed)
			lv.patch = &patch{got, removed}
		} else {
			t0 := time.Now()
			r.Stats, err = lv.publish(got, removed)
			if os.Getenv("HANDBOOK_TRACE") != "" {
				fmt.Fprintf(os.Stderr, "quick: rendered in %v, published in %v\n", t0.Sub(start), time.Since(t0))
			}
			if errors.Is(err, errNotKept) {
				return rb, false // the output folder changed under us
			}
			rb.Output, r.Files = r.Stats.Written+r.Stats.Removed, len(c.names)
		}
		if err == nil {
			m.pending = render.Change{}
			finish(r, lv.Options, l, start)
			return rb, true
		}
	}
	rb.Err, rb.Result = err, nil
	c.model = nil
	return rb, true
}

// patch is what a quick rebuild of serve changed, for Server.Patch.
type patch struct {
	changed map[string][]byte
	removed []string
}

var errNotKept = errors.New("the output folder is not as the last build left it")

// apply puts a quick rebuild's files into the served site, and returns how
// many changed and how many the site has.
func (lv *Live) apply(got map[string][]byte, removed []string) (changed, files int) {
	c := lv.caches
	next := maps.Clone(c.files)
	for p, b := range got {
		if old, ok := next[p]; !ok || !bytes.Equal(old, b) {
			changed++
		}
		next[p] = b
	}
	for _, p := range removed {
		if _, ok := next[p]; ok {
			delete(next, p)
			changed++
		}
	}
	c.files = next
	return changed, len(next)
}

// publish writes a quick rebuild's files into the output folder (watch),
// keeping every other file of the last build.
func (lv *Live) publish(got map[string][]byte, removed []string) (publish.Stats, error) {
	c := lv.caches
	pub, err := publish.Open(lv.Options.Out, publish.Guard{Content: lv.Options.Content})
	if err != nil {
		return publish.Stats{}, err
	}
	gone := map[string]bool{}
	for _, p := range removed {
		gone[p] = true
	}
	next := make(map[string]bool, len(c.names))
	for n := range c.names {
		if gone[n] {
			continue
		}
		next[n] = true
		if got[n] == nil {
			if err := pub.Keep(n); err != nil {
				pub.Abort()
				return publish.Stats{}, errNotKept
			}
		}
	}
	for p, b := range got {
		next[p] = true
		if err := pub.Write(p, b); err != nil {
			pub.Abort()
			return publish.Stats{}, err
		}
	}
	st, err := pub.Commit()
	if err == nil {
		c.names = next
	}
	return st, err
}

// cardFields names the card a file is and which of its fields outside
// its shape differ between two versions.
func cardFields(old, nw load.Loaded) (site.Ref, render.Field) {
	var f render.Field
	diff := func(field render.Field, a, b any) {
		if !reflect.DeepEqual(a, b) {
			f |= field
		}
	}
	switch {
	case nw.Team != nil:
		a, b := old.Team, nw.Team
		diff(render.FieldSummary, a.Summary, b.Summary)
		diff(render.FieldText, a.Mission, b.Mission)
		diff(render.FieldChannels, a.Channels, b.Channels)
		return site.Ref{Kind: site.KindTeam, ID: b.ID}, f
	case nw.Role != nil:
		a, b := old.Role, nw.Role
		diff(render.FieldSummary, a.Summary, b.Summary)
		diff(render.FieldText, []any{a.WhatWeDo, a.DayToDay, a.Metrics}, []any{b.WhatWeDo, b.DayToDay, b.Metrics})
		diff(render.FieldNotFor, a.NotFor, b.NotFor)
		diff(render.FieldAskMeFor, a.AskMeFor, b.AskMeFor)
		diff(render.FieldExpertise, a.Expertise, b.Expertise)
		diff(render.FieldSituations, a.Situations, b.Situations)
		return site.Ref{Kind: site.KindRole, ID: b.ID}, f
	default:
		a, b := old.Person, nw.Person
		diff(render.FieldPronouns, a.Pronouns, b.Pronouns)
		diff(render.FieldText, a.Pitch, b.Pitch)
		diff(render.FieldAskMeFor, a.AskMeFor, b.AskMeFor)
		diff(render.FieldExpertise, a.Expertise, b.Expertise)
		diff(render.FieldContact, a.Contact, b.Contact)
		return site.Ref{Kind: site.KindPerson, ID: b.ID}, f
	}
}

// value is the page or card a file loaded to.
func value(l load.Loaded) any {
	switch {
	case l.Page != nil:
		return l.Page
	case l.Team != nil:
		return l.Team
	case l.Role != nil:
		return l.Role
	case l.Person != nil:
		return l.Person
	}
	return nil
}

// brokenPaths are the files whose last good version the model holds
// instead of their own: a full build must read them again.
func (lv *Live) brokenPaths() []string {
	if lv.caches == nil || lv.caches.model == nil {
		return nil
	}
	var out []string
	for _, b := range lv.caches.model.broken {
		out = append(out, b.abs)
	}
	return out
}

// from is the page or card the file is.
func (ch *changed) from() site.Ref {
	switch n := ch.new; {
	case n.Page != nil:
		return site.Ref{Kind: site.KindPage, ID: n.Page.Path}
	case n.Team != nil:
		return site.Ref{Kind: site.KindTeam, ID: n.Team.ID}
	case n.Role != nil:
		return site.Ref{Kind: site.KindRole, ID: n.Role.ID}
	default:
		return site.Ref{Kind: site.KindPerson, ID: n.Person.ID}
	}
}

func appendNew[T comparable](list []T, xs ...T) []T {
	for _, x := range xs {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	return list
}

// without returns l less one copy of each diagnostic in drop.
func without(l, drop diag.List) diag.List {
	if len(drop) == 0 {
		return l
	}
	n := map[diag.Diagnostic]int{}
	for _, d := range drop {
		n[d]++
	}
	out := l[:0:0]
	for _, d := range l {
		if n[d] > 0 {
			n[d]--
			continue
		}
		out = append(out, d)
	}
	return out
}

// sameShape reports whether the new version of a file has the shape of
// the old one, and returns the two values to resolve.
func sameShape(g *resolve.Graph, old, nw load.Loaded) (x, y any, ok bool) {
	switch {
	case old.Page != nil && nw.Page != nil:
		s := g.Site
		if g.PageByPath[old.Page.Path] != old.Page || old.Page == s.TeamsIndex || old.Page == s.RolesIndex || old.Page == s.PeopleIndex {
			return nil, nil, false // a draft, or a card folder's intro
		}
		return old.Page, nw.Page, samePage(old.Page, nw.Page)
	case old.Team != nil && nw.Team != nil:
		if g.Team[old.Team.ID] != old.Team {
			return nil, nil, false
		}
		a, b := *old.Team, *nw.Team
		a.Summary, a.Mission, a.Channels = "", nil, nil
		b.Summary, b.Mission, b.Channels = "", nil, nil
		return old.Team, nw.Team, reflect.DeepEqual(a, b)
	case old.Role != nil && nw.Role != nil:
		if g.Role[old.Role.ID] != old.Role {
			return nil, nil, false
		}
		a, b := *old.Role, *nw.Role
		for _, x := range []*site.Role{&a, &b} {
			x.Summary, x.WhatWeDo, x.DayToDay, x.AskMeFor, x.NotFor, x.Metrics = "", nil, nil, nil, nil, nil
			x.Expertise, x.Situations = nil, nil
		}
		return old.Role, nw.Role, reflect.DeepEqual(a, b)
	case old.Person != nil && nw.Person != nil:
		if g.Person[old.Person.ID] != old.Person {
			return nil, nil, false
		}
		a, b := *old.Person, *nw.Person
		for _, x := range []*site.Person{&a, &b} {
			x.Pronouns, x.Pitch, x.Expertise, x.AskMeFor, x.Contact = "", nil, nil, nil, nil
		}
		return old.Person, nw.Person, reflect.DeepEqual(a, b)
	}
	return nil, nil, false
}

// samePage reports whether two versions of a page differ only in what
// their own page and the search index show: the text, not its headings'
// ids or language.
func samePage(a, b *site.Page) bool {
	x, y := *a, *b
	x.Doc, x.LastChanged = nil, time.Time{}
	y.Doc, y.LastChanged = nil, time.Time{}
	return reflect.DeepEqual(x, y) && headingIDs(a) == headingIDs(b) && render.PageLang(a) == render.PageLang(b)
}

func headingIDs(p *site.Page) string {
	if p.Doc == nil {
		return ""
	}
	var b strings.Builder
	for _, h := range p.Doc.Headings {
		b.WriteString(h.ID)
		b.WriteByte(0)
	}
	return b.String()
}
