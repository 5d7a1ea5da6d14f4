package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

type sseEvent struct {
	name, data string
}

// sseClient reads a Server-Sent Events stream line by line, the way a
// browser does.
type sseClient struct {
	resp     *http.Response
	events   chan sseEvent // closed when the stream ends
	comments chan string
}

const waitFor = 10 * time.Second

func openEvents(t *testing.T, url string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		resp.Body.Close()
		t.Fatalf("GET %s: %d %q", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	c := &sseClient{resp: resp, events: make(chan sseEvent, 100), comments: make(chan string, 100)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(c.events)
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" || data != nil {
					ev.data = strings.Join(data, "\n")
					c.events <- ev
				}
				ev, data = sseEvent{}, nil
			case strings.HasPrefix(line, ":"):
				select {
				case c.comments <- strings.TrimSpace(line[1:]):
				default:
				}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[len("data: "):])
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
		<-done
	})
	return c
}

// next returns the next event, failing the test if none comes.
func (c *sseClient) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-c.events:
		if !ok {
			t.Fatal("event stream ended")
		}
		return ev
	case <-time.After(waitFor):
		t.Fatal("no event")
	}
	panic("unreachable")
}

// ended waits for the stream to end, failing the test if it does not.
func (c *sseClient) ended(t *testing.T) {
	t.Helper()
	timeout := time.After(waitFor)
	for {
		select {
		case _, ok := <-c.events:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("event stream did not end")
		}
	}
}

func (c *sseClient) hello(t *testing.T) string {
	t.Helper()
	ev := c.next(t)
	if ev.name != "hello" || ev.data == "" {
		t.Fatalf("first event %+v, want hello with a build id", ev)
	}
	return ev.data
}

func (c *sseClient) change(t *testing.T) change {
	t.Helper()
	ev := c.next(t)
	if ev.name != "change" {
		t.Fatalf("event %+v, want change", ev)
	}
	var ch change
	if err := json.Unmarshal([]byte(ev.data), &ch); err != nil {
		t.Fatalf("change data %q: %v", ev.data, err)
	}
	if ch.Pages == nil || ch.CSS == nil {
		t.Errorf("change data %q: pages and css must be arrays, not null", ev.data)
	}
	return ch
}

func (c *sseClient) errors(t *testing.T) []string {
	t.Helper()
	ev := c.next(t)
	if ev.name != "errors" {
		t.Fatalf("event %+v, want errors", ev)
	}
	var diags []string
	if err := json.Unmarshal([]byte(ev.data), &diags); err != nil {
		t.Fatalf("errors data %q: %v", ev.data, err)
	}
	return diags
}

// edit returns a copy of files with the given files replaced or, for nil,
// removed.
func edit(files map[string][]byte, changes map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

func TestEventsListChangedFiles(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/")
	c := openEvents(t, ts.URL+"/_handbook/events")
	build := c.hello(t)
	if want := s.cur.Load().build; build != want {
		t.Errorf("hello %q, want the current build %q", build, want)
	}

	v := testSite()
	for _, tt := range []struct {
		name    string
		changes map[string][]byte
		want    change
	}{
		{"one page", map[string][]byte{"roles/pm/index.html": page("PM v2")},
			change{Pages: []string{"/roles/pm/"}, CSS: []string{}}},
		{"css only", map[string][]byte{"style.css": []byte("body{color:red}")},
			change{Pages: []string{}, CSS: []string{"/style.css"}}},
		{"image only", map[string][]byte{"img/a.png": []byte("\x89PNG v2")},
			change{Pages: []string{}, CSS: []string{}, Other: true}},
		{"nothing", map[string][]byte{},
			change{Pages: []string{}, CSS: []string{}}},
		{"home and a new page", map[string][]byte{"index.html": page("Home v2"), "new.html": page("New")},
			change{Pages: []string{"/", "/new.html"}, CSS: []string{}}},
		{"removed page and 404", map[string][]byte{"about.html": nil, "404.html": page("Lost v2")},
			change{Pages: []string{"/404.html", "/about.html"}, CSS: []string{}}},
		{"same bytes in a new slice", map[string][]byte{"teams/index.html": page("Teams")},
			change{Pages: []string{}, CSS: []string{}}},
	} {
		v = edit(v, tt.changes)
		s.Update(v, "/")
		got := c.change(t)
		tt.want.Build = s.cur.Load().build
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: change %+v, want %+v", tt.name, got, tt.want)
		}
		if got.Build == build {
			t.Errorf("%s: build id %q did not change", tt.name, got.Build)
		}
		build = got.Build
	}
}

// Patch (what quick rebuilds call) sends the events Update would, and
// serves the same site afterwards.
func TestPatchSendsTheEventsOfUpdate(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/")
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	v := testSite()
	for _, tt := range []struct {
		name    string
		changes map[string][]byte
		want    change
	}{
		{"one page", map[string][]byte{"roles/pm/index.html": page("PM v3")},
			change{Pages: []string{"/roles/pm/"}, CSS: []string{}}},
		{"css and an image", map[string][]byte{"style.css": []byte("body{color:blue}"), "img/a.png": []byte("\x89PNG v3")},
			change{Pages: []string{}, CSS: []string{"/style.css"}, Other: true}},
		{"removed page, same bytes elsewhere", map[string][]byte{"about.html": nil, "teams/index.html": page("Teams")},
			change{Pages: []string{"/about.html"}, CSS: []string{}}},
	} {
		changed := map[string][]byte{}
		var removed []string
		for p, b := range tt.changes {
			if b == nil {
				removed = append(removed, p)
			} else {
				changed[p] = b
			}
		}
		v = edit(v, tt.changes)
		s.Patch(changed, removed, "/")
		got := c.change(t)
		tt.want.Build = s.cur.Load().build
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: change %+v, want %+v", tt.name, got, tt.want)
		}
		if !reflect.DeepEqual(s.cur.Load().files, v) {
			t.Errorf("%s: the site after Patch is not the site with the changes", tt.name)
		}
	}
}

func TestEventsErrorsThenRecovery(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/")
	c := openEvents(t, ts.URL+"/_handbook/events")
	build := c.hello(t)

	diags := []string{"content/a.md:3:5: no heading \"x\"", "content/b.md:1:1: <b>bad</b>"}
	s.Fail(diags)
	if got := c.errors(t); !reflect.DeepEqual(got, diags) {
		t.Errorf("errors %q, want %q", got, diags)
	}

	// A tab connecting now gets the errors right after hello, with the
	// build id of the site still served.
	late := openEvents(t, ts.URL+"/_handbook/events")
	if got := late.hello(t); got != build {
		t.Errorf("hello while failed %q, want unchanged build %q", got, build)
	}
	if got := late.errors(t); !reflect.DeepEqual(got, diags) {
		t.Errorf("late errors %q, want %q", got, diags)
	}

	// A second failure replaces the list.
	s.Fail([]string{"content/c.md:2:2: other"})
	for _, cl := range []*sseClient{c, late} {
		if got := cl.errors(t); len(got) != 1 || got[0] != "content/c.md:2:2: other" {
			t.Errorf("second errors %q", got)
		}
	}

	// The next good build tells every tab to reload, even with nothing changed.
	s.Update(testSite(), "/")
	for _, cl := range []*sseClient{c, late} {
		ch := cl.change(t)
		if !ch.Reload || len(ch.Pages) != 0 {
			t.Errorf("change after failure %+v, want reload and no pages", ch)
		}
	}

	// And tabs connecting now get no errors: the next event is a change
	// without reload.
	fresh := openEvents(t, ts.URL+"/_handbook/events")
	fresh.hello(t)
	s.Update(edit(testSite(), map[string][]byte{"about.html": page("About v2")}), "/")
	if ch := fresh.change(t); ch.Reload || !reflect.DeepEqual(ch.Pages, []string{"/about.html"}) {
		t.Errorf("change %+v, want only /about.html", ch)
	}
}

func TestEventsBeforeFirstBuild(t *testing.T) {
	t.Parallel()
	s, ts := start(t, Options{})
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	s.Update(testSite(), "/")
	if ch := c.change(t); !ch.Reload {
		t.Errorf("first build %+v, want reload", ch)
	}
}

func TestEventsUnderBasePath(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/handbook/")
	atRoot := openEvents(t, ts.URL+"/_handbook/events")
	underBase := openEvents(t, ts.URL+"/handbook/_handbook/events")
	atRoot.hello(t)
	underBase.hello(t)
	s.Update(edit(testSite(), map[string][]byte{
		"roles/pm/index.html": page("PM v2"),
		"style.css":           []byte("x"),
	}), "/handbook/")
	want := change{Build: s.cur.Load().build, Pages: []string{"/handbook/roles/pm/"}, CSS: []string{"/handbook/style.css"}}
	for _, c := range []*sseClient{atRoot, underBase} {
		if got := c.change(t); !reflect.DeepEqual(got, want) {
			t.Errorf("change %+v, want %+v", got, want)
		}
	}
	// Moving the site reloads every tab.
	s.Update(testSite(), "/docs/")
	if got := atRoot.change(t); !got.Reload {
		t.Errorf("base path change %+v, want reload", got)
	}
}

func TestEventsKeepalive(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	s.keepalive = 10 * time.Millisecond
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	for range 2 {
		select {
		case got := <-c.comments:
			if got != "keepalive" {
				t.Errorf("comment %q, want keepalive", got)
			}
		case <-time.After(waitFor):
			t.Fatal("no keepalive")
		}
	}
}

// TestEventStreamOutlivesReadTimeout checks that the stream lifts the read
// deadline: net/http would otherwise cancel the request when ReadTimeout
// passes, and tabs would reconnect every 30 seconds.
func TestEventStreamOutlivesReadTimeout(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	s.keepalive = 20 * time.Millisecond
	s.Update(testSite(), "/")
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Config.ReadTimeout = 30 * time.Millisecond
	ts.Start()
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	// Wait well past ReadTimeout, counting keepalives rather than sleeping.
	for range 10 {
		select {
		case <-c.comments:
		case _, ok := <-c.events:
			if !ok {
				t.Fatal("stream ended after ReadTimeout")
			}
		case <-time.After(waitFor):
			t.Fatal("no keepalive")
		}
	}
	s.Update(edit(testSite(), map[string][]byte{"about.html": page("v2")}), "/")
	if ch := c.change(t); !reflect.DeepEqual(ch.Pages, []string{"/about.html"}) {
		t.Errorf("change %+v", ch)
	}
}

func TestCloseEndsStreams(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	s.Update(testSite(), "/")
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	a := openEvents(t, ts.URL+"/_handbook/events")
	b := openEvents(t, ts.URL+"/_handbook/events")
	a.hello(t)
	b.hello(t)

	s.Close()
	s.Close() // twice is fine
	a.ended(t)
	b.ended(t)

	// New streams end at once, so browsers retry until a new server is up.
	late := openEvents(t, ts.URL+"/_handbook/events")
	late.ended(t)

	// Pages are still served, and Update and Fail still work.
	s.Update(testSite(), "/")
	s.Fail([]string{"a.md:1:1: x"})
	if r := get(t, ts, "/"); r.status != 200 {
		t.Errorf("page after Close: %d", r.status)
	}

	// Nothing keeps the HTTP server from closing.
	closed := make(chan struct{})
	go func() {
		ts.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(waitFor):
		t.Fatal("httptest.Server.Close blocked")
	}
}

func TestShutdownFinishesAfterClose(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	s.Update(testSite(), "/")
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Config = NewHTTPServer("127.0.0.1:0", s.Handler())
	ts.Config.RegisterOnShutdown(s.Close)
	ts.Start()
	t.Cleanup(ts.Close)
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := ts.Config.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	c.ended(t)
}

// TestSlowClientDoesNotBlockUpdate uses a client that never reads: Update
// must not wait for it, and it is dropped once its queue is full.
func TestSlowClientDoesNotBlockUpdate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var logs []string
	s := New(Options{Logf: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, format)
	}})
	stuck, ok := s.subscribe()
	if !ok {
		t.Fatal("subscribe failed")
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 5 * clientBuffer {
			if i%2 == 0 {
				s.Update(testSite(), "/")
			} else {
				s.Fail([]string{"a.md:1:1: x"})
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(waitFor):
		t.Fatal("Update blocked on a client that does not read")
	}
	n := 0
	for range stuck.ch {
		n++
	}
	if n != clientBuffer {
		t.Errorf("slow client got %d queued events before being dropped, want %d", n, clientBuffer)
	}
	s.mu.Lock()
	left := len(s.clients)
	s.mu.Unlock()
	if left != 0 {
		t.Errorf("%d clients left, want the slow one dropped", left)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) != 1 || !strings.Contains(logs[0], "dropped") {
		t.Errorf("logs %q, want one about the dropped client", logs)
	}
}

// TestConcurrentUpdatesAndRequests is for the race detector.
func TestConcurrentUpdatesAndRequests(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/")
	c := openEvents(t, ts.URL+"/_handbook/events")
	c.hello(t)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 50 {
			if i%5 == 4 {
				s.Fail([]string{"a.md:1:1: x"})
				continue
			}
			s.Update(edit(testSite(), map[string][]byte{"index.html": page(strings.Repeat("v", i))}), "/")
		}
	})
	for range 4 {
		wg.Go(func() {
			for range 20 {
				for _, p := range []string{"/", "/roles/pm/", "/nope", "/style.css"} {
					resp, err := http.Get(ts.URL + p)
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	// The stream either kept up and ends with the last change, or fell
	// behind and was dropped; it must not be stuck or out of order.
	s.Update(testSite(), "/")
	want := s.cur.Load().build
	timeout := time.After(waitFor)
	for {
		select {
		case ev, ok := <-c.events:
			if !ok || ev.name == "change" && strings.Contains(ev.data, `"build":"`+want+`"`) {
				return
			}
		case <-timeout:
			t.Fatal("stream neither delivered the last change nor ended")
		}
	}
}
