package generator_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
	"github.com/devrel-handbook/handbook/generator/serve"
)

// liveSite runs 'serve' for real over a temporary content folder: real
// fsnotify events, real HTTP. Issue #3.
type liveSite struct {
	t       *testing.T
	dir     string
	http    *httptest.Server
	builds  chan generator.Rebuild
	cancel  context.CancelFunc
	done    chan struct{}
	content string
	lv      *generator.Live
}

// output is the live session's last good build.
func (ls *liveSite) output() map[string][]byte { return ls.lv.Output() }

// settle waits until no rebuild has come for a while, so that a write the
// watcher split over two batches is fully built.
func (ls *liveSite) settle() { ls.settleAfter(generator.Rebuild{}) }

// settleAfter is settle returning the last rebuild: last, or one that
// came while settling.
func (ls *liveSite) settleAfter(last generator.Rebuild) generator.Rebuild {
	for {
		select {
		case rb := <-ls.builds:
			last = rb
		case <-time.After(400 * time.Millisecond):
			return last
		}
	}
}

func startLive(t *testing.T, archive string, withServer bool) *liveSite {
	t.Helper()
	dir := t.TempDir()
	testsite.Write(t, dir, archive)
	ls := &liveSite{t: t, dir: dir, builds: make(chan generator.Rebuild, 100), done: make(chan struct{}), content: filepath.Join(dir, "content")}
	o := generator.Options{Content: ls.content, Out: filepath.Join(dir, "public")}
	if _, err := os.Stat(filepath.Join(dir, "templates")); err == nil {
		o.Templates = filepath.Join(dir, "templates")
	}
	lv := &generator.Live{Options: o, Debounce: 30 * time.Millisecond, Ready: make(chan struct{}),
		Report: func(rb generator.Rebuild) { ls.builds <- rb }}
	ls.lv = lv
	if withServer {
		srv := serve.New(serve.Options{})
		lv.Server = srv
		ls.http = httptest.NewServer(srv.Handler())
		t.Cleanup(func() { srv.Close(); ls.http.Close() })
	}
	ctx, cancel := context.WithCancel(context.Background())
	ls.cancel = cancel
	go func() {
		defer close(ls.done)
		if err := lv.Run(ctx); err != nil {
			t.Errorf("live: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-ls.done })
	select {
	case <-lv.Ready:
	case <-time.After(10 * time.Second):
		t.Fatal("first build did not finish")
	}
	ls.nextBuild() // the first build's report
	return ls
}

func (ls *liveSite) nextBuild() generator.Rebuild {
	ls.t.Helper()
	select {
	case rb := <-ls.builds:
		return rb
	case <-time.After(10 * time.Second):
		ls.t.Fatal("no rebuild within 10s")
	}
	return generator.Rebuild{}
}

// waitFor waits for a rebuild after which cond holds.
func (ls *liveSite) waitFor(what string, cond func(generator.Rebuild) bool) generator.Rebuild {
	ls.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case rb := <-ls.builds:
			if cond(rb) {
				return rb
			}
		case <-deadline:
			ls.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (ls *liveSite) write(name, data string) {
	ls.t.Helper()
	p := filepath.Join(ls.dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		ls.t.Fatal(err)
	}
}

func (ls *liveSite) get(path string) (int, string) {
	ls.t.Helper()
	resp, err := http.Get(ls.http.URL + path)
	if err != nil {
		ls.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// sse reads server-sent events from the dev server.
type sse struct {
	events chan [2]string
	resp   *http.Response
}

func (ls *liveSite) subscribe() *sse {
	ls.t.Helper()
	req, _ := http.NewRequest("GET", ls.http.URL+"/_handbook/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ls.t.Fatal(err)
	}
	s := &sse{events: make(chan [2]string, 100), resp: resp}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				data += line[6:]
			case line == "":
				if name != "" {
					s.events <- [2]string{name, data}
				}
				name, data = "", ""
			}
		}
		close(s.events)
	}()
	ls.t.Cleanup(func() { resp.Body.Close() })
	return s
}

func (s *sse) next(t *testing.T, name string) string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("event stream ended before %q", name)
			}
			if ev[0] == name {
				return ev[1]
			}
		case <-deadline:
			t.Fatalf("no %q event", name)
		}
	}
}

const liveArchive = `
-- content/index.md --
# Home
See [[events/booth]] and [[role:ae]].
-- content/events/index.md --
# Events
-- content/events/booth.md --
# Booth
First version.
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
`

func TestServeReloadsTheEditedPage(t *testing.T) {
	ls := startLive(t, liveArchive, true)
	_, body := ls.get("/events/booth/")
	if !strings.Contains(body, "First version.") || !strings.Contains(body, "/_handbook/reload.js") {
		t.Fatalf("first build not served with the reload script:\n%s", body)
	}
	ev := ls.subscribe()
	ev.next(t, "hello")

	// A plain save.
	ls.write("content/events/booth.md", "# Booth\nSecond version.\n")
	data := ev.next(t, "change")
	if !strings.Contains(data, `"/events/booth/"`) {
		t.Errorf("change event does not list the page: %s", data)
	}
	if strings.Contains(data, `"/events/"`) {
		t.Errorf("change event lists a page that did not change: %s", data)
	}
	if _, body := ls.get("/events/booth/"); !strings.Contains(body, "Second version.") {
		t.Errorf("edit not served")
	}

	// An atomic save (write a temp file, rename it over the page), as many editors do.
	ls.write("content/events/.booth.md.tmp~", "# Booth\nThird version.\n")
	os.Rename(filepath.Join(ls.content, "events/.booth.md.tmp~"), filepath.Join(ls.content, "events/booth.md"))
	ev.next(t, "change")
	if _, body := ls.get("/events/booth/"); !strings.Contains(body, "Third version.") {
		t.Errorf("atomic save not served")
	}

	// A card edit changes the card page and the page that names the role.
	ls.write("content/roles/ae.yaml", "title: Account Manager\nteam: sales\nsummary: Owns deals.\n")
	data = ev.next(t, "change")
	for _, want := range []string{`"/roles/ae/"`, `"/"`, `"/teams/sales/"`} {
		if !strings.Contains(data, want) {
			t.Errorf("card change does not list %s: %s", want, data)
		}
	}
	if _, body := ls.get("/"); !strings.Contains(body, "Account Manager") {
		t.Errorf("new role title not on the home page")
	}
}

func TestServeShowsErrorsAndKeepsTheLastGoodSite(t *testing.T) {
	ls := startLive(t, liveArchive, true)
	ev := ls.subscribe()
	ev.next(t, "hello")

	ls.write("content/events/booth.md", "# Booth\nAsk [[role:nobody]] <b>.\n")
	data := ev.next(t, "errors")
	if !strings.Contains(data, `booth.md:2:5: role \"nobody\" does not exist`) {
		t.Errorf("errors event: %s", data)
	}
	code, body := ls.get("/events/booth/")
	if code != 200 || !strings.Contains(body, "First version.") {
		t.Errorf("last good page not served (%d)", code)
	}
	if !strings.Contains(body, `role &#34;nobody&#34; does not exist`) && !strings.Contains(body, `role &quot;nobody&quot; does not exist`) {
		t.Errorf("overlay with the escaped error not in the page:\n%s", body)
	}

	// A YAML typo is an error like any other.
	ls.write("content/events/booth.md", "# Booth\nFixed.\n")
	ev.next(t, "change")
	ls.write("content/teams/sales.yaml", "name: Sales\nsumary: typo\n")
	data = ev.next(t, "errors")
	if !strings.Contains(data, `unknown field \"sumary\"`) {
		t.Errorf("errors event: %s", data)
	}
	ls.write("content/teams/sales.yaml", "name: Sales\nsummary: Sells.\n")
	ev.next(t, "change")
	if _, body := ls.get("/events/booth/"); strings.Contains(body, "does not exist") || !strings.Contains(body, "Fixed.") {
		t.Errorf("overlay not cleared after the fix")
	}
}

// TestServeReportsContentOnAGeneratedPath: a file or page on a path the
// generator writes is an error in the live loop too, at the content file;
// the last good site stays served, with the generated file, not the
// writer's. Issue #7.
func TestServeReportsContentOnAGeneratedPath(t *testing.T) {
	ls := startLive(t, liveArchive, true)
	ev := ls.subscribe()
	ev.next(t, "hello")
	_, good := ls.get("/assets/style.css")

	for _, c := range []struct{ file, data, want string }{
		{"content/assets/style.css", "body{display:none}", `assets/style.css:1:1: published at /assets/style.css, where the generator writes the asset /assets/style.css from the templates`},
		{"content/tags/x.md", "# X\n", `tags/x.md:1:1: published at /tags/x/, where the generator writes its tag pages under /tags/`},
		{"content/people/amara.md", "# Amara\n", ""},
		{"content/directory.md", "# Mine\n", `directory.md:1:1: published at /directory/, where the generator writes its page /directory/`},
	} {
		ls.write(c.file, c.data)
		if c.want == "" { // no card there: a page like any other
			ev.next(t, "change")
			continue
		}
		data := ev.next(t, "errors")
		if !strings.Contains(data, c.want) {
			t.Errorf("%s: errors event: %s", c.file, data)
		}
		if strings.Contains(data, "two files for") {
			t.Errorf("%s: publish's error instead of the content's: %s", c.file, data)
		}
		if code, body := ls.get("/assets/style.css"); code != 200 || body != good {
			t.Errorf("%s: the generated style sheet is not served (%d): %.60q", c.file, code, body)
		}
		if code, body := ls.get("/events/booth/"); code != 200 || !strings.Contains(body, "First version.") {
			t.Errorf("%s: last good page not served (%d)", c.file, code)
		}
		os.Remove(filepath.Join(ls.dir, c.file))
		ev.next(t, "change")
	}
	// A page on a card's address names both.
	ls.write("content/people/amara.yaml", "name: Amara\n")
	data := ev.next(t, "errors")
	if !strings.Contains(data, `amara.yaml and `) || !strings.Contains(data, `amara.md are both published as /people/amara/index.html`) {
		t.Errorf("page and card: errors event: %s", data)
	}
}

func TestServeSurvivesABrokenTemplate(t *testing.T) {
	ls := startLive(t, liveArchive+"-- templates/page.html --\n{{define \"main\"}}<article>{{.Content}}</article>{{end}}\n", true)
	ev := ls.subscribe()
	ev.next(t, "hello")
	ls.write("templates/page.html", "{{define \"main\"}}<article>{{.Content</article>{{end}}\n")
	data := ev.next(t, "errors")
	if !strings.Contains(data, "page.html:1") {
		t.Errorf("template error without its position: %s", data)
	}
	ls.write("templates/page.html", "{{define \"main\"}}<article class=\"custom\">{{.Content}}</article>{{end}}\n")
	ev.next(t, "change")
	if _, body := ls.get("/events/booth/"); !strings.Contains(body, `<article class="custom">`) {
		t.Errorf("template change not applied")
	}
}

func TestServeFollowsDeletesRenamesAndBursts(t *testing.T) {
	ls := startLive(t, liveArchive, true)
	// Delete a page: its URL is gone and the section no longer lists it.
	os.Remove(filepath.Join(ls.content, "events/booth.md"))
	os.WriteFile(filepath.Join(ls.content, "index.md"), []byte("# Home\n"), 0o644)
	ls.waitFor("delete", func(rb generator.Rebuild) bool { return rb.Result != nil && !rb.Result.Failed() })
	if code, _ := ls.get("/events/booth/"); code != 404 {
		t.Errorf("deleted page still served (%d)", code)
	}
	if _, body := ls.get("/events/"); strings.Contains(body, "Booth") {
		t.Errorf("section still lists the deleted page")
	}

	// Rename a folder.
	os.Rename(filepath.Join(ls.content, "events"), filepath.Join(ls.content, "meetups"))
	ls.waitFor("folder rename", func(rb generator.Rebuild) bool {
		return rb.Result != nil && !rb.Result.Failed() && func() bool { c, _ := ls.get("/meetups/"); return c == 200 }()
	})
	if code, _ := ls.get("/events/"); code != 404 {
		t.Errorf("old folder still served")
	}

	// A burst of 500 new pages (a git checkout) ends in a site that has them all.
	for i := 0; i < 500; i++ {
		ls.write(fmt.Sprintf("content/bulk/p%03d.md", i), fmt.Sprintf("# Page %d\n", i))
	}
	ls.waitFor("burst", func(rb generator.Rebuild) bool {
		return rb.Result != nil && rb.Result.Pages >= 503
	})
	if code, body := ls.get("/bulk/p499/"); code != 200 || !strings.Contains(body, "Page 499") {
		t.Errorf("last page of the burst not served (%d)", code)
	}
}

func TestWatchRebuildsTheOutputFolder(t *testing.T) {
	ls := startLive(t, liveArchive, false)
	out := filepath.Join(ls.dir, "public", "events", "booth", "index.html")
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "First version.") {
		t.Fatal("first build not published")
	}
	ls.write("content/events/booth.md", "# Booth\nEdited.\n")
	rb := ls.waitFor("rebuild", func(rb generator.Rebuild) bool { return rb.Changed != nil })
	// The edited page, and the search index: index.json, the new slice of
	// its dictionary, and the old slice removed.
	if rb.Output != 4 {
		t.Errorf("%d files written or removed, want only the edited page and the search index", rb.Output)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Edited.") {
		t.Error("edit not published")
	}
	// A broken edit leaves the published page as it was.
	ls.write("content/events/booth.md", "# Booth\n[[role:nobody]]\n")
	ls.waitFor("failed rebuild", func(rb generator.Rebuild) bool { return rb.Result != nil && rb.Result.Failed() })
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Edited.") {
		t.Error("failed rebuild changed the published page")
	}
}
