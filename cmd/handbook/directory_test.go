package main

// Tests of the directory pages (issue 4): /directory/, /situations/,
// /expertise/, the team map, the army on person pages, /maintenance/ and
// directory.json, each built through the CLI from a small tree.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// dirTree is a small handbook with one of each case: an open role, a
// person without a role, one-sided works_with, spellings of one topic.
const dirTree = `
-- content/site.yaml --
title: Test Handbook
review_after_days: 90
-- content/index.md --
---
title: Home
owner: ana
last_reviewed: 2026-11-01
---
Start at [the guide](guide.md).
-- content/guide.md --
---
title: Guide
last_reviewed: 2026-05-01
---
The guide.
-- content/teams/devrel.yaml --
name: Developer Relations
summary: Helps developers.
lead: ana
channels:
  - {label: "#devrel", url: "https://chat.example.com/devrel"}
works_with: [sales, product]
-- content/teams/sales.yaml --
name: Sales
summary: Sells the API.
lead: bo
works_with: [devrel]
-- content/teams/product.yaml --
name: Product
summary: Decides what to build.
lead: cy
-- content/teams/marketing.yaml --
name: Marketing
summary: Tells the market.
lead: dee
works_with: [sales]
-- content/roles/advocate.yaml --
title: Developer Advocate
team: devrel
summary: Helps developers build with the API.
ask_me_for:
  - A technical overview for a prospect
not_for:
  - "Prices - ask [[role:ae]]"
expertise: [AI, public speaking]
situations:
  - when: A developer at our booth is stuck with the API
    do: Sit them down and fix it; follow up within two days.
  - when: A booth visitor wants to build our API into their product
    do: "Introduce them to the [[role:ae]] by email within a day."
works_with: [ae]
people: [ana]
owner: ana
last_reviewed: 2026-11-01
-- content/roles/writer.yaml --
title: Technical Writer
team: devrel
summary: Writes the guides; we are hiring.
expertise: [technical writing]
situations:
  - when: A feature needs a guide
    do: Ask the lead until the role is filled.
owner: ana
last_reviewed: 2026-11-01
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns the deal.
ask_me_for:
  - Pricing and quotes
expertise: [Negotiation]
situations:
  - when: A visitor at our booth wants to buy
    do: Take the lead within a day and tell the advocate how it ended.
works_with: [advocate]
people: [bo]
owner: bo
last_reviewed: 2026-06-01
-- content/roles/pm.yaml --
title: Product Manager
team: product
summary: Owns the roadmap.
expertise: [ai, API designs]
people: [cy]
owner: cy
last_reviewed: 2026-11-01
-- content/roles/marketer.yaml --
title: Marketer
team: marketing
summary: Runs campaigns.
people: [dee]
owner: dee
last_reviewed: 2026-11-01
-- content/people/ana.yaml --
name: Ana Ruiz
pronouns: she/her
expertise: [API Design]
ask_me_for:
  - A review of your talk
contact:
  - {label: email, url: "mailto:ana@example.com"}
mentors: [bo]
-- content/people/bo.yaml --
name: Bo Chen
-- content/people/cy.yaml --
name: Cy Adams
expertise: [AI Agents]
mentors: [ana]
-- content/people/dee.yaml --
name: Dee Okoro
-- content/people/eve.yaml --
name: Eve Stone
expertise: [Negotiations]
`

// buildDir writes tree into a new folder and builds it with args, failing
// on a non-zero exit; it returns the folder.
func buildDir(t *testing.T, tree string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, tree)
	_, stderr, code := runCLI(t, dir, append([]string{"build", "--today", "2026-11-26"}, args...)...)
	if code != 0 {
		t.Fatalf("build exited %d:\n%s", code, stderr)
	}
	return dir
}

func readOut(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// contains checks that page has each of want, in that order.
func containsInOrder(t *testing.T, name, page string, want ...string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(page[at:], w)
		if i < 0 {
			if strings.Contains(page, w) {
				t.Errorf("%s: %q is there, but not after %q", name, w, page[:at][max(0, at-80):])
			} else {
				t.Errorf("%s does not contain %q", name, w)
			}
			continue
		}
		at += i + len(w)
	}
}

func TestDirectoryPageListsEveryTeamWithItsRolesAndPeople(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	page := readOut(t, dir, "directory/index.html")
	// Teams by name, each anchored, roles by title with their holders.
	containsInOrder(t, "directory", page,
		`<div class="filter" data-filter="directory-list" hidden>`,
		`<a href="#team-devrel">Developer Relations</a>`,
		`<h2 id="team-devrel"><a href="../teams/devrel/">Developer Relations</a></h2>`,
		`<li id="role-advocate" data-filter-item="Developer Relations AI public speaking API Design">`,
		`<a href="../people/ana/">Ana Ruiz</a> <span class="pronouns">(she/her)</span>`,
		`<li id="role-writer"`, `open role, nobody holds it yet`,
		`<h2 id="team-marketing">`,
		`<h2 id="team-product">`,
		`<h2 id="team-sales">`, `<a href="../people/bo/">Bo Chen</a>`,
		`<h2 id="no-role">Without a role</h2>`, `<a href="../people/eve/">Eve Stone</a>`,
		`<script src="../assets/directory.js" defer></script>`,
	)
	js := readOut(t, dir, "assets/directory.js")
	if !strings.Contains(js, "data-filter-item") || !strings.Contains(js, "box.hidden = false") {
		t.Errorf("assets/directory.js is not the filter script:\n%s", js)
	}
	// Every page links the directory pages from the top navigation.
	containsInOrder(t, "guide", readOut(t, dir, "guide/index.html"),
		`<nav class="top-nav"`, `href="../directory/"`, `href="../situations/"`, `href="../expertise/"`, `href="../maintenance/"`)
}

func TestSituationsPageGroupsByTeamAndRoleWithHoldersAndHandOff(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	page := readOut(t, dir, "situations/index.html")
	containsInOrder(t, "situations", page,
		`<h2 id="team-devrel"><a href="../teams/devrel/">Developer Relations</a></h2>`,
		`<h3>Bring in the <a href="../roles/advocate/">Developer Advocate</a></h3>`,
		`Held by <a href="../people/ana/">Ana Ruiz</a>.`,
		// The card's order: the writer put the common case first.
		`<div id="advocate-1" data-filter-item="Developer Relations Developer Advocate Ana Ruiz"><dt>A developer at our booth is stuck with the API</dt><dd>Sit them down and fix it; follow up within two days.</dd></div>`,
		`<div id="advocate-2"`, `<dt>A booth visitor wants to build our API into their product</dt><dd>Introduce them to the <a class="ref ref-role" href="../roles/ae/">Account Executive</a> by email within a day.</dd>`,
		`<h3>Bring in the <a href="../roles/writer/">Technical Writer</a></h3>`,
		`Nobody holds this role yet; ask the team lead, <a href="../people/ana/">Ana Ruiz</a>.`,
		`<h2 id="team-sales">`, `<div id="ae-1"`, `A visitor at our booth wants to buy`,
	)
	if strings.Contains(page, `id="team-product"`) || strings.Contains(page, `id="team-marketing"`) {
		t.Errorf("teams whose roles have no situations should not be listed")
	}
	// The team page lists its roles' situations too.
	containsInOrder(t, "team devrel", readOut(t, dir, "teams/devrel/index.html"),
		`<h2 id="situations">Bring us in when…</h2>`,
		`<dt>A developer at our booth is stuck with the API</dt><dd><p class="bring-in">Bring in the <a href="../../roles/advocate/">Developer Advocate</a>: <a href="../../people/ana/">Ana Ruiz</a>.</p>`,
		`<dt>A feature needs a guide</dt><dd><p class="bring-in">Bring in the <a href="../../roles/writer/">Technical Writer</a>: nobody holds the role yet.</p>`,
	)
	// The home page gets there in one click.
	containsInOrder(t, "home", readOut(t, dir, "index.html"),
		`<h2 id="ask-block">Who do I ask?</h2>`, `<a href="./situations/">Who do I bring in when…</a>`,
		`<a href="./expertise/">Who knows about…</a>`, `<a href="./directory/">Directory</a>`,
		`<form class="ask-form" action="./situations/" method="get"`)
}

func TestExpertisePageMergesSpellingsCountsPeopleAndFlagsGaps(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	page := readOut(t, dir, "expertise/index.html")
	// By size first: API design and AI have two people each.
	containsInOrder(t, "expertise by size", page, `<ol class="topic-sizes">`,
		`<a href="#topic-ai">AI</a> <span class="count">2`,
		`<a href="#topic-api-design">API Design</a> <span class="count">2`,
		`<li class="gap"><a href="#topic-ai-agent">AI Agents</a> <span class="count">1`)
	containsInOrder(t, "expertise A–Z", page,
		`<div id="topic-ai" class="topic" data-filter-item="ai ">`,
		`<dt>AI <span class="count">2 people, 2 roles</span></dt>`,
		`People: <a href="../people/ana/">Ana Ruiz</a> <span class="note">(as Developer Advocate)</span>, <a href="../people/cy/">Cy Adams</a> <span class="note">(as Product Manager)</span>`,
		`Roles: <a href="../roles/advocate/">Developer Advocate</a>, <a href="../roles/pm/">Product Manager</a>`,
		`<div id="topic-ai-agent" class="topic gap"`, `only one person knows this`,
		// "API Design" (Ana's card) and "API designs" (the PM role) are one topic.
		`<dt>API Design <span class="count">2 people, 1 role</span></dt>`, `Also written: “API designs”`,
		// "Negotiation" (a role) and "Negotiations" (a person) too.
		`<dt>Negotiation <span class="count">2 people, 1 role</span></dt>`,
		`<div id="topic-technical-writing" class="topic gap"`, `nobody holds a role that knows this`,
		// ask_me_for items are listed whole, with who to ask.
		`<h2 id="ask-for">What you can ask for</h2>`,
		`A technical overview for a prospect <span class="ask-from">→ <a href="../roles/advocate/">Developer Advocate</a> (<a href="../people/ana/">Ana Ruiz</a>)`,
		`Pricing and quotes <span class="ask-from">→ <a href="../roles/ae/">Account Executive</a>`,
		// Gaps by the team of the one person who knows.
		`<h2 id="gaps">Known by one person only</h2>`, `<a href="../teams/product/">Product</a>`, `<a href="#topic-ai-agent">AI Agents</a>`,
	)
}

func TestPersonPageShowsTheirArmyByTeam(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	containsInOrder(t, "ana", readOut(t, dir, "people/ana/index.html"),
		`<h2 id="army">Their army</h2>`,
		`<h3>Their mentors</h3><ul class="people">`, `<a href="../../people/bo/">Bo Chen</a>`,
		`<h3 id="works-with">Works with, through their roles</h3>`,
		`<dt><a href="../../teams/sales/">Sales</a></dt><dd><ul class="people">`,
		`<a href="../../people/bo/">Bo Chen</a> <span class="note">Account Executive</span>`,
	)
	containsInOrder(t, "bo", readOut(t, dir, "people/bo/index.html"),
		`<h3>They mentor</h3>`, `Ana Ruiz`,
		`<dt><a href="../../teams/devrel/">Developer Relations</a></dt>`, `Ana Ruiz</a> <span class="note">Developer Advocate</span>`,
	)
}

// svgDoc is the part of the team map the tests look at.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Title   string   `xml:"title"`
	Edges   []struct {
		Class string `xml:"class,attr"`
		Title string `xml:"title"`
		Line  struct {
			Dash string `xml:"stroke-dasharray,attr"`
		} `xml:"line"`
	} `xml:"g>g"`
	Nodes []struct {
		Class  string `xml:"class,attr"`
		Href   string `xml:"href,attr"`
		Title  string `xml:"title"`
		Text   string `xml:"text"`
		Circle struct {
			CX string `xml:"cx,attr"`
		} `xml:"circle"`
	} `xml:"g>a"`
}

var svgRE = regexp.MustCompile(`(?s)<svg class="team-map".*?</svg>`)

func parseMap(t *testing.T, name, page string) (svgDoc, string) {
	t.Helper()
	raw := svgRE.FindString(page)
	if raw == "" {
		t.Fatalf("%s has no team map", name)
	}
	var doc svgDoc
	if err := xml.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("%s: the map is not valid XML: %v\n%s", name, err, raw)
	}
	return doc, raw
}

func TestTeamMapIsValidSVGWithOneNodePerTeamAndOneEdgePerLink(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	page := readOut(t, dir, "teams/index.html")
	doc, raw := parseMap(t, "teams", page)
	if doc.Title != "How the teams work together" {
		t.Errorf("map title = %q", doc.Title)
	}
	var nodes []string
	for _, n := range doc.Nodes {
		nodes = append(nodes, n.Href+" "+n.Text)
		if !strings.HasPrefix(n.Title, n.Text+": ") {
			t.Errorf("node %s has title %q; want its name and summary", n.Text, n.Title)
		}
	}
	// One node per team, in id order, each linking its team page.
	want := []string{"../teams/devrel/ Developer Relations", "../teams/marketing/ Marketing", "../teams/product/ Product", "../teams/sales/ Sales"}
	if strings.Join(nodes, "|") != strings.Join(want, "|") {
		t.Errorf("nodes:\n%s\nwant:\n%s", strings.Join(nodes, "\n"), strings.Join(want, "\n"))
	}
	// One edge per pair of teams, whichever side declares it; dashed when only one does.
	var edges []string
	for _, e := range doc.Edges {
		edges = append(edges, e.Class+" "+e.Line.Dash+" "+e.Title)
	}
	wantEdges := []string{
		"edge one-sided 6 5 Developer Relations and Product (listed by Developer Relations only)",
		"edge  Developer Relations and Sales",
		"edge one-sided 6 5 Marketing and Sales (listed by Marketing only)",
	}
	if strings.Join(edges, "|") != strings.Join(wantEdges, "|") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(edges, "\n"), strings.Join(wantEdges, "\n"))
	}
	// The same links as text beside the map.
	containsInOrder(t, "teams", page, `<ul class="map-links">`,
		`<a href="../teams/devrel/">Developer Relations</a> and <a href="../teams/product/">Product</a> <span class="note">(listed by Developer Relations only)</span>`,
		`<a href="../teams/devrel/">Developer Relations</a> and <a href="../teams/sales/">Sales</a></li>`,
		`<a href="../teams/marketing/">Marketing</a> and <a href="../teams/sales/">Sales</a>`)
	if strings.Contains(raw, "<script") || strings.Contains(raw, "http://") && !strings.Contains(raw, `xmlns="http://www.w3.org/2000/svg"`) {
		t.Errorf("the map should need nothing from outside:\n%s", raw)
	}

	// A team page shows its neighbourhood: itself in the middle, its links around.
	doc, _ = parseMap(t, "team devrel", readOut(t, dir, "teams/devrel/index.html"))
	if len(doc.Nodes) != 3 || doc.Nodes[0].Class != "node center" || doc.Nodes[0].Circle.CX != "360.0" || len(doc.Edges) != 2 {
		t.Errorf("devrel's map: %d nodes (first %q at cx %s), %d edges; want devrel in the middle, 2 neighbours, 2 edges",
			len(doc.Nodes), doc.Nodes[0].Class, doc.Nodes[0].Circle.CX, len(doc.Edges))
	}
}

func TestSameContentBuildsTheSameBytes(t *testing.T) {
	t.Parallel()
	a := buildDir(t, dirTree)
	b := buildDir(t, dirTree)
	files := 0
	filepath.WalkDir(filepath.Join(a, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".handbook") {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(a, "public"), p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, "public", rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same content", rel)
		}
		files++
		return nil
	})
	if files < 20 {
		t.Errorf("compared only %d files", files)
	}
}

// shapeDiff lists where the JSON values doc (documented) and real differ
// in structure: keys of objects, kinds of values, and the first element
// of arrays. An empty array on either side matches any array.
func shapeDiff(at string, doc, real any) []string {
	switch d := doc.(type) {
	case map[string]any:
		r, ok := real.(map[string]any)
		if !ok {
			return []string{at + ": documented as an object"}
		}
		var out []string
		for k := range d {
			if _, ok := r[k]; !ok {
				out = append(out, at+"."+k+": documented, not in the real file")
			}
		}
		for k, v := range r {
			if _, ok := d[k]; !ok {
				out = append(out, at+"."+k+": in the real file, not documented")
				continue
			}
			out = append(out, shapeDiff(at+"."+k, d[k], v)...)
		}
		sort.Strings(out)
		return out
	case []any:
		r, ok := real.([]any)
		if !ok {
			return []string{at + ": documented as a list"}
		}
		if len(d) == 0 || len(r) == 0 {
			return nil
		}
		return shapeDiff(at+"[0]", d[0], r[0])
	}
	if fmt.Sprintf("%T", doc) != fmt.Sprintf("%T", real) {
		return []string{fmt.Sprintf("%s: documented as %T, is %T", at, doc, real)}
	}
	return nil
}

func TestDirectoryJSONHasTheDocumentedShapeAndLinks(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	raw := readOut(t, dir, "directory.json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("directory.json: %v", err)
	}
	// The example in the writers' reference has the real shape.
	ref, err := os.ReadFile("../../content/writing/content-format.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## directory\\.json.*?```json\n(.*?)```").FindSubmatch(ref)
	if m == nil {
		t.Fatal("content/writing/content-format.md has no ```json example under a directory.json heading")
	}
	var example map[string]any
	if err := json.Unmarshal(m[1], &example); err != nil {
		t.Fatalf("the documented example is not JSON: %v", err)
	}
	if diff := shapeDiff("directory.json", example, doc); len(diff) > 0 {
		t.Errorf("the documented example and the real file differ:\n%s", strings.Join(diff, "\n"))
	}

	var d struct {
		SchemaVersion int `json:"schema_version"`
		BaseURL       string
		Teams         []struct {
			ID, URL, Lead string
			WorksWith     []string `json:"works_with"`
			People        []string
		}
		Roles []struct {
			ID, URL string
			People  []string
		}
		People []struct {
			ID, URL string
			Teams   []string
			Mentors []string
			Mentees []string
		}
		Situations []struct {
			ID, When, Do, Role, Team, URL string
			People                        []string
		}
		Topics []struct {
			ID, Label, URL string
			People, Roles  []string
		}
	}
	json.Unmarshal([]byte(raw), &d)
	if d.SchemaVersion != 1 {
		t.Errorf("schema_version = %d, want 1", d.SchemaVersion)
	}
	if len(d.Teams) != 4 || d.Teams[0].ID != "devrel" || d.Teams[0].URL != "/teams/devrel/" || d.Teams[0].Lead != "ana" ||
		strings.Join(d.Teams[0].WorksWith, ",") != "product,sales" {
		t.Errorf("teams[0] = %+v", d.Teams[0])
	}
	if len(d.Situations) != 4 {
		t.Fatalf("%d situations, want 4", len(d.Situations))
	}
	s := d.Situations[1]
	if s.ID != "advocate-2" || s.Role != "advocate" || s.Team != "devrel" || strings.Join(s.People, ",") != "ana" ||
		s.Do != "Introduce them to the Account Executive by email within a day." || s.URL != "/situations/#advocate-2" {
		t.Errorf("situation = %+v", s)
	}
	// Each situation URL names an anchor of the situations page.
	page := readOut(t, dir, "situations/index.html")
	for _, s := range d.Situations {
		if !strings.Contains(page, `id="`+strings.TrimPrefix(s.URL, "/situations/#")+`"`) {
			t.Errorf("situation %s: no anchor for %s on the situations page", s.ID, s.URL)
		}
	}
	var ai string
	for _, tp := range d.Topics {
		if tp.ID == "topic-ai" {
			ai = strings.Join(tp.People, ",") + " " + strings.Join(tp.Roles, ",") + " " + tp.URL
		}
	}
	if ai != "ana,cy advocate,pm /expertise/#topic-ai" {
		t.Errorf("topic AI = %q", ai)
	}

	// With a base URL, every URL is absolute.
	dir = buildDir(t, dirTree, "--base-url", "https://intranet.example.com/handbook/")
	json.Unmarshal([]byte(readOut(t, dir, "directory.json")), &d)
	if d.Teams[0].URL != "https://intranet.example.com/handbook/teams/devrel/" ||
		d.Situations[0].URL != "https://intranet.example.com/handbook/situations/#advocate-1" {
		t.Errorf("with base_url: team %s, situation %s", d.Teams[0].URL, d.Situations[0].URL)
	}
}

func TestMaintenancePageListsWhatNeedsReviewByOwnerAsOfToday(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, dirTree)
	page := readOut(t, dir, "maintenance/index.html")
	containsInOrder(t, "maintenance", page,
		`As of 2026-11-26, the date this site was built for.`, `more than 90 days old`,
		`<h2 id="needs-review">Needs review</h2>`, `3 items, by owner, oldest review first.`,
		`<h3 id="owner-bo"><a href="../people/bo/">Bo Chen</a></h3>`,
		`<td>178 days</td><td><time datetime="2026-06-01">2026-06-01</time></td><td><a href="../roles/ae/">Account Executive</a>`, `not reviewed for 178 days`,
		`<h3 id="no-owner">Nobody owns these</h3>`,
		`<td>209 days</td>`, `<a href="../guide/">Guide</a>`, `no owner`, `not reviewed for 209 days`,
		`<h2 id="gaps">Gaps in the directory</h2>`,
		`Roles nobody holds`, `<a href="../roles/writer/">Technical Writer</a>`,
		`People without a role`, `<a href="../people/eve/">Eve Stone</a>`,
		`works_with declared by one side only`, `<a href="../teams/devrel/">Developer Relations</a>`, `<a href="../teams/marketing/">Marketing</a>`,
	)
	// Another day, another list: the page depends on --today on purpose.
	dir = t.TempDir()
	writeTree(t, dir, dirTree)
	if _, stderr, code := runCLI(t, dir, "build", "--today", "2026-07-01"); code != 0 {
		t.Fatal(stderr)
	}
	page = readOut(t, dir, "maintenance/index.html")
	if !strings.Contains(page, "As of 2026-07-01") || strings.Contains(page, "not reviewed for") {
		t.Errorf("on 2026-07-01 nothing is stale yet:\n%s", page)
	}
}

// The example handbook answers the questions of issue 4 from its home page
// in one click each, its map has every team link, and report stale lists
// its deliberate cases.
func TestExampleHandbookAnswersWhoDoIAsk(t *testing.T) {
	t.Parallel()
	content, err := filepath.Abs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "build", "--content", content, "--today", "2026-11-26"); code != 0 {
		t.Fatalf("the example handbook does not build:\n%s", stderr)
	}
	home := readOut(t, dir, "index.html")
	for _, link := range []string{`<a href="./situations/">Who do I bring in when…</a>`, `<a href="./expertise/">Who knows about…</a>`} {
		if !strings.Contains(home, link) {
			t.Errorf("the home page lacks %s", link)
		}
	}
	// Someone at the booth wants to integrate the API: the partner manager, and who that is.
	containsInOrder(t, "situations", readOut(t, dir, "situations/index.html"),
		`<h3>Bring in the <a href="../roles/partner-manager/">Partner Manager</a></h3>`,
		`Held by <a href="../people/fatima-benali/">Fatima Zahra Benali</a>.`,
		`<dt>A visitor at our booth wants to build our API into their own product</dt>`)
	// Who knows about AI: near the top, with the people.
	containsInOrder(t, "expertise", readOut(t, dir, "expertise/index.html"),
		`<ol class="topic-sizes">`, `<a href="#topic-ai">AI</a>`,
		`<div id="topic-ai"`, `<a href="../people/amara-okafor/">Amara Okafor</a>`)
	// The map has every pair of teams that works_with links, the one-sided one dashed.
	doc, _ := parseMap(t, "teams", readOut(t, dir, "teams/index.html"))
	oneSided := 0
	for _, e := range doc.Edges {
		if e.Class == "edge one-sided" {
			oneSided++
		}
	}
	if len(doc.Nodes) != 7 || len(doc.Edges) != 14 || oneSided != 1 {
		t.Errorf("map: %d nodes, %d edges (%d one-sided); want 7, 14 (1: marketing → sales)", len(doc.Nodes), len(doc.Edges), oneSided)
	}
	stdout, _, code := runCLI(t, dir, "report", "stale", "--content", content, "--today", "2026-11-26")
	if code != 0 {
		t.Fatalf("report stale: exit %d", code)
	}
	for _, w := range []string{
		"4 cards and pages need review as of 2026-11-26",
		"content/roles/support-engineer.yaml", "content/roles/solutions-consultant.yaml",
		"content/events/hackathons-and-deep-dives.md",
		"Nobody owns these", "content/working-together/index.md",
	} {
		if !strings.Contains(squeeze(stdout), squeeze(w)) {
			t.Errorf("report stale lacks %q:\n%s", w, stdout)
		}
	}
}
