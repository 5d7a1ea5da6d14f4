package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/devrel-handbook/handbook/generator/site"
)

// directory.json is the directory for tools: chat bots and scripts that
// answer "who do I ask?" without scraping HTML. Its shape is documented in
// content/writing/content-format.md; change it only compatibly (add
// fields), or raise exportSchemaVersion.

const exportSchemaVersion = 1

type exportDoc struct {
	SchemaVersion int               `json:"schema_version"`
	Title         string            `json:"title"`
	BaseURL       string            `json:"base_url"`
	Pages         exportPages       `json:"pages"`
	Teams         []exportTeam      `json:"teams"`
	Roles         []exportRole      `json:"roles"`
	People        []exportPerson    `json:"people"`
	Situations    []exportSituation `json:"situations"`
	Topics        []exportTopic     `json:"topics"`
}

type exportPages struct {
	Directory   string `json:"directory"`
	Situations  string `json:"situations"`
	Expertise   string `json:"expertise"`
	Maintenance string `json:"maintenance"`
}

type exportLink struct {
	Label string `json:"label"`
	URL   string `json:"url"`
}

type exportTeam struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Summary   string       `json:"summary"`
	URL       string       `json:"url"`
	Lead      string       `json:"lead"`
	Channels  []exportLink `json:"channels"`
	WorksWith []string     `json:"works_with"`
	Roles     []string     `json:"roles"`
	People    []string     `json:"people"`
}

type exportRole struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Team         string   `json:"team"`
	Summary      string   `json:"summary"`
	URL          string   `json:"url"`
	People       []string `json:"people"`
	AskMeFor     []string `json:"ask_me_for"`
	NotFor       []string `json:"not_for"`
	Expertise    []string `json:"expertise"`
	WorksWith    []string `json:"works_with"`
	Owner        string   `json:"owner"`
	LastReviewed string   `json:"last_reviewed"`
}

type exportPerson struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Pronouns  string       `json:"pronouns"`
	URL       string       `json:"url"`
	Roles     []string     `json:"roles"`
	Teams     []string     `json:"teams"`
	Expertise []string     `json:"expertise"`
	AskMeFor  []string     `json:"ask_me_for"`
	Contact   []exportLink `json:"contact"`
	Mentors   []string     `json:"mentors"`
	Mentees   []string     `json:"mentees"`
}

type exportSituation struct {
	ID     string   `json:"id"`
	When   string   `json:"when"`
	Do     string   `json:"do"`
	Role   string   `json:"role"`
	Team   string   `json:"team"`
	People []string `json:"people"`
	URL    string   `json:"url"`
}

type exportTopic struct {
	ID        string   `json:"id"`
	Label     string   `json:"label"`
	Spellings []string `json:"spellings"`
	People    []string `json:"people"`
	Roles     []string `json:"roles"`
	URL       string   `json:"url"`
}

// abs is a site-root URL as directory.json gives it: absolute when the
// site has a base_url, else a site-root path.
func (r *renderer) abs(u string) string {
	if r.cfg.BaseURL != "" {
		return r.cfg.BaseURL + escapePath(u[1:])
	}
	return escapePath(u)
}

func (r *renderer) plainTexts(ts []*site.Text) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, plain(string(r.text(t, "/"))))
	}
	return out
}

func ids(xs []site.ID) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, x.ID)
	}
	return out
}

func links(ls []site.Link) []exportLink {
	out := make([]exportLink, 0, len(ls))
	for _, l := range ls {
		out = append(out, exportLink{Label: l.Label, URL: l.URL})
	}
	return out
}

func sortStrings(lists ...[]string) {
	for _, l := range lists {
		sort.Strings(l)
	}
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// exportJSON renders directory.json. Each top-level list is encoded on
// its own, and in a live session kept for the next quick rebuild, which
// encodes again only the lists whose cards' fields changed
// (exportDirty); the bytes are those of encoding the whole exportDoc.
func (r *renderer) exportJSON() (string, []byte, error) {
	d := exportDoc{
		SchemaVersion: exportSchemaVersion,
		Title:         r.cfg.Title,
		BaseURL:       r.cfg.BaseURL,
		Pages: exportPages{
			Directory:   r.abs("/directory/"),
			Situations:  r.abs("/situations/"),
			Expertise:   r.abs("/expertise/"),
			Maintenance: r.abs("/maintenance/"),
		},
	}
	parts := r.exportParts
	if parts == nil {
		parts = map[string][]byte{}
	}
	section := func(name string, v func() any) error {
		if parts[name] != nil && !r.exportDirty[name] {
			return nil
		}
		b, err := jsonIndented(v())
		parts[name] = b
		return err
	}
	err := errors.Join(
		section("teams", func() any { return r.exportTeams() }),
		section("people", func() any { return r.exportPeople() }),
		section("topics", func() any { return r.exportTopics() }),
	)
	if parts["roles"] == nil || r.exportDirty["roles"] { // roles and situations are made together
		ro, st, e := r.exportRoles()
		parts["roles"], parts["situations"] = ro, st
		err = errors.Join(err, e)
	}
	if err != nil {
		return "", nil, fmt.Errorf("directory.json: %w", err)
	}
	if r.cache != nil || r.exportParts != nil {
		r.exportParts = parts
	}
	out := (*outPool.Get().(*[]byte))[:0]
	out = append(out, "{\n"...)
	field := func(name string, v []byte) {
		out = append(out, `  "`...)
		out = append(out, name...)
		out = append(out, `": `...)
		out = append(out, v...)
	}
	head := []struct {
		name string
		v    any
	}{{"schema_version", d.SchemaVersion}, {"title", d.Title}, {"base_url", d.BaseURL}, {"pages", d.Pages}}
	for _, h := range head {
		b, err := jsonIndented(h.v)
		if err != nil {
			return "", nil, fmt.Errorf("directory.json: %w", err)
		}
		field(h.name, b)
		out = append(out, ",\n"...)
	}
	for i, name := range []string{"teams", "roles", "people", "situations", "topics"} {
		if i > 0 {
			out = append(out, ",\n"...)
		}
		field(name, parts[name])
	}
	out = append(out, "\n}\n"...)
	return "directory.json", out, nil
}

// jsonIndented encodes v as a value one level inside directory.json's
// object, without the final newline.
func jsonIndented(v any) ([]byte, error) { return jsonAt(v, "  ") }

// jsonAt encodes v indented as if it began after prefix, without the
// final newline.
func jsonAt(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (r *renderer) exportTeams() []exportTeam {
	g := r.g
	teams := []exportTeam{}
	for _, t := range g.Site.Teams {
		et := exportTeam{ID: t.ID, Name: t.Name, Summary: t.Summary, URL: r.abs(t.URL), Channels: links(t.Channels),
			WorksWith: []string{}, Roles: []string{}, People: []string{}}
		if g.Person[t.Lead.ID] != nil {
			et.Lead = t.Lead.ID
		}
		for _, o := range g.TeamWorksWith[t.ID] {
			et.WorksWith = append(et.WorksWith, o.ID)
		}
		for _, x := range g.TeamRoles[t.ID] {
			et.Roles = append(et.Roles, x.ID)
		}
		for _, p := range g.TeamPeople[t.ID] {
			et.People = append(et.People, p.ID)
		}
		sortStrings(et.WorksWith, et.Roles, et.People)
		teams = append(teams, et)
	}
	return teams
}

// roleExport is one role's items of directory.json's "roles" and
// "situations", each encoded as it is inside its list.
type roleExport struct {
	role       []byte
	situations [][]byte
}

// exportRoles encodes the "roles" and "situations" lists. Their items are
// encoded one role at a time and, in a live session, kept: a quick
// rebuild encodes again only the roles in exportDirtyRoles (a role's items
// show its own fields and the ids it relates to, which quick rebuilds
// do not change) and joins the rest as they were.
func (r *renderer) exportRoles() (roles, situations []byte, err error) {
	keep := r.cache != nil || r.roleExports != nil
	parts := r.roleExports
	if parts == nil {
		parts = make(map[*site.Role]*roleExport, len(r.g.Site.Roles))
	}
	var items, sits [][]byte
	for _, x := range r.g.Site.Roles {
		e := parts[x]
		if e == nil || r.exportDirtyRoles[x.ID] {
			if e, err = r.exportRole(x); err != nil {
				return nil, nil, err
			}
			if keep {
				parts[x] = e
			}
		}
		items = append(items, e.role)
		sits = append(sits, e.situations...)
	}
	if keep {
		r.roleExports = parts
	}
	return jsonList(items), jsonList(sits), nil
}

// jsonList joins the items of a list, each encoded by jsonItem, as
// jsonIndented encodes the list.
func jsonList(items [][]byte) []byte {
	if len(items) == 0 {
		return []byte("[]")
	}
	n := 8
	for _, it := range items {
		n += len(it) + 6
	}
	b := make([]byte, 0, n)
	b = append(b, "[\n    "...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ",\n    "...)
		}
		b = append(b, it...)
	}
	return append(b, "\n  ]"...)
}

// jsonItem encodes v as an item of a list that is a value of
// directory.json's object, as jsonIndented encodes it inside the list.
func jsonItem(v any) ([]byte, error) { return jsonAt(v, "    ") }

// exportRole encodes one role's items of "roles" and "situations".
func (r *renderer) exportRole(x *site.Role) (*roleExport, error) {
	g := r.g
	er := exportRole{ID: x.ID, Title: x.Title, Team: x.Team.ID, Summary: x.Summary, URL: r.abs(x.URL),
		People: []string{}, AskMeFor: r.plainTexts(x.AskMeFor), NotFor: r.plainTexts(x.NotFor),
		Expertise: strs(x.Expertise), WorksWith: []string{}, LastReviewed: x.LastReviewed.String()}
	if g.Person[x.Owner.ID] != nil {
		er.Owner = x.Owner.ID
	}
	for _, p := range g.RolePeople[x.ID] {
		er.People = append(er.People, p.ID)
	}
	for _, o := range g.RoleWorksWith[x.ID] {
		er.WorksWith = append(er.WorksWith, o.ID)
	}
	sortStrings(er.People, er.WorksWith)
	e := &roleExport{}
	var err error
	if e.role, err = jsonItem(er); err != nil {
		return nil, err
	}
	for i, s := range x.Situations {
		id := fmt.Sprintf("%s-%d", x.ID, i+1)
		b, err := jsonItem(exportSituation{
			ID: id, When: plain(string(r.text(s.When, "/"))), Do: plain(string(r.text(s.Do, "/"))),
			Role: x.ID, Team: x.Team.ID, People: er.People, URL: r.abs("/situations/#" + id),
		})
		if err != nil {
			return nil, err
		}
		e.situations = append(e.situations, b)
	}
	return e, nil
}

func (r *renderer) exportPeople() []exportPerson {
	g := r.g
	people := []exportPerson{}
	for _, p := range g.Site.People {
		ep := exportPerson{ID: p.ID, Name: p.Name, Pronouns: p.Pronouns, URL: r.abs(p.URL),
			Roles: []string{}, Teams: []string{}, Expertise: strs(p.Expertise), AskMeFor: r.plainTexts(p.AskMeFor),
			Contact: links(p.Contact), Mentors: []string{}, Mentees: []string{}}
		teams := map[string]bool{}
		for _, x := range g.PersonRoles[p.ID] {
			ep.Roles = append(ep.Roles, x.ID)
			if g.Team[x.Team.ID] != nil && !teams[x.Team.ID] {
				teams[x.Team.ID] = true
				ep.Teams = append(ep.Teams, x.Team.ID)
			}
		}
		for _, m := range p.Mentors {
			if g.Person[m.ID] != nil {
				ep.Mentors = append(ep.Mentors, m.ID)
			}
		}
		for _, m := range g.Mentees[p.ID] {
			ep.Mentees = append(ep.Mentees, m.ID)
		}
		sortStrings(ep.Roles, ep.Teams, ep.Mentees)
		people = append(people, ep)
	}
	return people
}

func (r *renderer) exportTopics() []exportTopic {
	topics := []exportTopic{}
	// The topics as the expertise page shows them: same ids, same labels.
	for _, tv := range r.expertiseView().Topics {
		et := exportTopic{ID: tv.ID, Label: tv.Label, Spellings: strs(tv.Spellings), People: []string{}, Roles: []string{},
			URL: r.abs("/expertise/#" + tv.ID)}
		for _, l := range tv.People {
			et.People = append(et.People, l.ID)
		}
		for _, l := range tv.Roles {
			et.Roles = append(et.Roles, l.ID)
		}
		sortStrings(et.People, et.Roles)
		topics = append(topics, et)
	}
	return topics
}
