package render

import (
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// ExpertiseView is /expertise/: who knows what. Topics are the entries of
// the expertise lists of role and person cards, normalised (topicKey);
// ask_me_for items are sentences, so they are listed whole, A–Z, where the
// filter finds them, and not cut into topics.
type ExpertiseView struct {
	Common
	Topics []*TopicView // A–Z
	BySize []*TopicView // most people first
	Gaps   []GapGroup   // topics known by one person only, by that person's team
	Asks   []AskView
}

// TopicView is one topic and everyone who lists it.
type TopicView struct {
	ID          string // anchor: "topic-<slug>"
	Label       string // the most used spelling
	Spellings   []string
	People      []Link // who knows it: listed on their card (no Note) or through a role (Note: "as <role>")
	Roles       []Link // roles that list it, with their holders in People
	PeopleCount int
	RoleCount   int
	Single      bool // exactly one person knows it
	Nobody      bool // only roles nobody holds list it
}

// GapGroup is the topics that only one person knows, of one team (Team
// nil: people who hold no role).
type GapGroup struct {
	Team   *Link
	Topics []*TopicView
}

// AskView is one ask_me_for item with the card that offers it.
type AskView struct {
	Text template.HTML
	From Link // the role (People: its holders; Team) or person (People: their roles)
	Kind string
}

// topicKey normalises an expertise entry so that spellings of one topic
// meet: case, runs of spaces, hyphens and underscores as spaces, and a
// simple English plural on the last word ("API Designs" → "api design",
// "SDKs" → "sdk", "community-building" → "community building").
func topicKey(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	last := words[len(words)-1]
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	words[len(words)-1] = singular(words[len(words)-1], last)
	return strings.Join(words, " ")
}

// singular undoes the simple English plurals of w (lower case), given as
// orig. An upper-case final S is an acronym's (AWS, iOS), and words ending
// in -ss, -us, -is or -ics are kept (business, status, analysis, logistics).
func singular(w, orig string) string {
	if len([]rune(w)) <= 3 || strings.HasSuffix(orig, "S") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"), strings.HasSuffix(w, "ics"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// topic is one normalised topic while it is being collected.
type topic struct {
	key       string
	spellings map[string]int
	people    map[string]string // person id → "" when listed on their card, else the role title they know it through
	roles     []*site.Role
}

func (t *topic) label() string {
	best, n := "", -1
	for s, c := range t.spellings {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

// topics collects the expertise of roles and people into topics, sorted
// by key.
func topics(g *resolve.Graph) []*topic {
	byKey := map[string]*topic{}
	get := func(s string) *topic {
		k := topicKey(s)
		if k == "" {
			return nil
		}
		t := byKey[k]
		if t == nil {
			t = &topic{key: k, spellings: map[string]int{}, people: map[string]string{}}
			byKey[k] = t
		}
		t.spellings[strings.Join(strings.Fields(s), " ")]++
		return t
	}
	for _, p := range g.Site.People {
		seen := map[*topic]bool{}
		for _, e := range p.Expertise {
			if t := get(e); t != nil && !seen[t] {
				seen[t] = true
				t.people[p.ID] = ""
			}
		}
	}
	for _, x := range g.Site.Roles {
		seen := map[*topic]bool{}
		for _, e := range x.Expertise {
			t := get(e)
			if t == nil || seen[t] {
				continue
			}
			seen[t] = true
			t.roles = append(t.roles, x)
			for _, p := range g.RolePeople[x.ID] {
				if via, ok := t.people[p.ID]; !ok || via != "" && x.Title < via {
					t.people[p.ID] = x.Title
				}
			}
		}
	}
	out := make([]*topic, 0, len(byKey))
	for _, t := range byKey {
		sort.Slice(t.roles, func(i, j int) bool {
			if t.roles[i].Title != t.roles[j].Title {
				return t.roles[i].Title < t.roles[j].Title
			}
			return t.roles[i].ID < t.roles[j].ID
		})
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

func (r *renderer) expertiseView() *ExpertiseView {
	const from = "/expertise/"
	v := &ExpertiseView{Common: r.common("expertise", from, "Who knows about…",
		"Every topic from the expertise of roles and people, and everything they offer to be asked for.", "")}
	g := r.g
	used := map[string]int{}
	for _, t := range topics(g) {
		tv := &TopicView{Label: t.label(), RoleCount: len(t.roles)}
		id := "topic-" + slug(t.key)
		if used[id]++; used[id] > 1 {
			id += "-" + strconv.Itoa(used[id])
		}
		tv.ID = id
		for s := range t.spellings {
			if s != tv.Label {
				tv.Spellings = append(tv.Spellings, s)
			}
		}
		sort.Strings(tv.Spellings)
		var people []*site.Person
		for pid := range t.people {
			people = append(people, g.Person[pid])
		}
		for _, p := range sortedPeople(people) {
			l := r.link(from, site.Ref{Kind: site.KindPerson, ID: p.ID})
			if via := t.people[p.ID]; via != "" {
				l.Note = "as " + via
			}
			tv.People = append(tv.People, l)
		}
		for _, x := range t.roles {
			l := r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})
			l.People = r.people(from, g.RolePeople[x.ID])
			tv.Roles = append(tv.Roles, l)
		}
		tv.PeopleCount = len(tv.People)
		tv.Single = tv.PeopleCount == 1
		tv.Nobody = tv.PeopleCount == 0
		v.Topics = append(v.Topics, tv)
	}
	sort.SliceStable(v.Topics, func(i, j int) bool { return fold(v.Topics[i].Label) < fold(v.Topics[j].Label) })
	v.Gaps = r.gaps(from, v.Topics)
	v.BySize = append([]*TopicView(nil), v.Topics...)
	sort.SliceStable(v.BySize, func(i, j int) bool {
		a, b := v.BySize[i], v.BySize[j]
		if a.PeopleCount != b.PeopleCount {
			return a.PeopleCount > b.PeopleCount
		}
		return a.RoleCount > b.RoleCount
	})
	v.Asks = r.asks(from)
	r.nav.place(&v.Common, nil)
	return v
}

// gaps groups the topics only one person knows by the teams of that
// person (through their roles): where a single departure leaves a gap.
func (r *renderer) gaps(from string, topics []*TopicView) []GapGroup {
	g := r.g
	byTeam := map[string][]*TopicView{}
	for _, tv := range topics {
		if !tv.Single {
			continue
		}
		teams := map[string]bool{}
		for _, x := range g.PersonRoles[tv.People[0].ID] {
			if g.Team[x.Team.ID] != nil {
				teams[x.Team.ID] = true
			}
		}
		if len(teams) == 0 {
			teams[""] = true
		}
		for t := range teams {
			byTeam[t] = append(byTeam[t], tv)
		}
	}
	var out []GapGroup
	for _, t := range sortedTeams(g.Site.Teams) {
		if len(byTeam[t.ID]) > 0 {
			l := r.link(from, site.Ref{Kind: site.KindTeam, ID: t.ID})
			out = append(out, GapGroup{Team: &l, Topics: byTeam[t.ID]})
		}
	}
	if len(byTeam[""]) > 0 {
		out = append(out, GapGroup{Topics: byTeam[""]})
	}
	return out
}

// asks lists every ask_me_for item of roles and people, A–Z.
func (r *renderer) asks(from string) []AskView {
	g := r.g
	type ask struct {
		v   AskView
		key string
	}
	var all []ask
	for _, x := range g.Site.Roles {
		l := r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})
		l.People = r.people(from, g.RolePeople[x.ID])
		if g.Team[x.Team.ID] != nil {
			tl := r.link(from, site.Ref{Kind: site.KindTeam, ID: x.Team.ID})
			l.Team = &tl
		}
		for _, t := range x.AskMeFor {
			h := r.text(t, from)
			all = append(all, ask{AskView{Text: h, From: l, Kind: "role"}, fold(plain(string(h)))})
		}
	}
	for _, p := range g.Site.People {
		l := r.link(from, site.Ref{Kind: site.KindPerson, ID: p.ID})
		for _, x := range g.PersonRoles[p.ID] {
			l.People = append(l.People, r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID}))
		}
		for _, t := range p.AskMeFor {
			h := r.text(t, from)
			all = append(all, ask{AskView{Text: h, From: l, Kind: "person"}, fold(plain(string(h)))})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].key != all[j].key {
			return all[i].key < all[j].key
		}
		return all[i].v.From.Text < all[j].v.From.Text
	})
	out := make([]AskView, len(all))
	for i, a := range all {
		out[i] = a.v
	}
	return out
}
