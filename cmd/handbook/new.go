package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/load"
)

// newFlags are the flags of 'handbook new'.
type newFlags struct {
	fs                      *flag.FlagSet
	content                 string
	team, owner, lead, role string
	title                   string
	today                   time.Time
}

func init() {
	register(&command{
		order: 40, name: "new", usage: "team|role|person|page ID [flags]", summary: "write a new card or page to fill in",
		long: `New writes a new card or page under the content folder, with every field
present and commented and TODO lines where the text goes:

	handbook new team bizdev --lead jonas-weber
	handbook new role partner-manager --team bizdev --owner fatima-benali
	handbook new person fatima-benali --role partner-manager
	handbook new page events/booth-recap --owner chen-yuting

A card's ID is its file name: lower-case letters, digits and "-". A page's
ID is its path under the content folder without .md; "events/index" is the
section page of events/. New never overwrites a file, and the references it
writes (--team, --owner, --lead, --role) must name existing cards, so the
result passes 'handbook check'. A role needs a team: --team, or the only
team when there is one. last_reviewed is set to --today (default: the day
of SOURCE_DATE_EPOCH, else the current date).

It prints the path of the new file. What check then warns about (no owner,
nobody holds the role, nothing links to the page) is what is left to do.`,
		flags: func(fs *flag.FlagSet) any {
			f := &newFlags{fs: fs}
			fs.StringVar(&f.content, "content", "content", "the content `folder`")
			fs.StringVar(&f.team, "team", "", "role: the `team-id` of its team")
			fs.StringVar(&f.owner, "owner", "", "role, team, person, page: the `person-id` who keeps it true")
			fs.StringVar(&f.lead, "lead", "", "team: the `person-id` of its lead")
			fs.StringVar(&f.role, "role", "", "person: the `role-id` they hold")
			fs.StringVar(&f.title, "title", "", "the `name` or title to write (default: made from the ID)")
			addTodayFlag(fs, &f.today)
			return f
		},
		run: (*cli).newCmd,
	})
}

// cardDirs are the folders of the card kinds.
var cardDirs = map[string]string{"team": "teams", "role": "roles", "person": "people"}

func (c *cli) newCmd(o any, args []string) int {
	f := o.(*newFlags)
	args, err := parseInterspersed(f.fs, args)
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook new: %v\nrun 'handbook help new' for the flags\n", err)
		return exitUsage
	}
	if len(args) != 2 {
		fmt.Fprintf(c.stderr, "handbook new: want a kind and an id, like 'handbook new role partner-manager --team bizdev'\n")
		return exitUsage
	}
	kind, id := args[0], args[1]
	if _, ok := cardDirs[kind]; !ok && kind != "page" {
		fmt.Fprintf(c.stderr, "handbook new: unknown kind %q; want team, role, person or page\n", kind)
		return exitUsage
	}
	if st, err := os.Stat(f.content); err != nil || !st.IsDir() {
		fmt.Fprintf(c.stderr, "handbook new: no content folder %s; give it with --content, or start a handbook with 'handbook init DIR'\n", f.content)
		return exitUsage
	}
	today := f.today
	if today.IsZero() {
		today = time.Now()
	}
	n := &newFile{content: f.content, today: today.Format(time.DateOnly)}
	var rel string
	var data []byte
	if kind == "page" {
		rel, data, err = n.page(id, f)
	} else {
		rel, data, err = n.card(kind, id, f)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook new: %v\n", err)
		return exitUsage
	}
	p := filepath.Join(f.content, filepath.FromSlash(rel))
	if err := writeNew(p, data); err != nil {
		fmt.Fprintf(c.stderr, "handbook new: %v\n", err)
		if errors.Is(err, fs.ErrExist) {
			return exitUsage
		}
		return exitContent
	}
	fmt.Fprintln(c.stdout, filepath.ToSlash(p))
	fmt.Fprintf(c.stderr, "replace the TODO lines in %s, then run handbook check\n", filepath.ToSlash(p))
	return exitOK
}

// writeNew creates p with data, refusing to replace anything.
func writeNew(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; new never overwrites a file: choose another id or edit that file: %w", filepath.ToSlash(p), fs.ErrExist)
		}
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		os.Remove(p)
		return err
	}
	return w.Close()
}

type newFile struct {
	content string
	today   string
}

// ids lists the card ids of a kind in the content folder.
func (n *newFile) ids(kind string) []string {
	entries, _ := os.ReadDir(filepath.Join(n.content, cardDirs[kind]))
	var out []string
	for _, e := range entries {
		name := e.Name()
		for _, ext := range []string{".yaml", ".yml"} {
			if id, ok := strings.CutSuffix(name, ext); ok && !e.IsDir() && load.ValidID(id) {
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

// ref checks that a flag names an existing card.
func (n *newFile) ref(flagName, kind, id string) error {
	if id == "" {
		return nil
	}
	have := n.ids(kind)
	for _, x := range have {
		if x == id {
			return nil
		}
	}
	fix := fmt.Sprintf("add it first with 'handbook new %s %s'", kind, id)
	if cl := diag.Closest(id, have); cl != "" {
		fix = fmt.Sprintf("did you mean %q?", cl)
	}
	return fmt.Errorf("--%s: %s %q does not exist in %s; %s", flagName, kind, id, path.Join(filepath.ToSlash(n.content), cardDirs[kind]), fix)
}

func (n *newFile) card(kind, id string, f *newFlags) (string, []byte, error) {
	if !load.ValidID(id) {
		return "", nil, fmt.Errorf("%q is not a card id; use lower-case letters, digits and -, like partner-manager", id)
	}
	rel := cardDirs[kind] + "/" + id + ".yaml"
	for _, other := range []string{rel, cardDirs[kind] + "/" + id + ".yml"} {
		if _, err := os.Stat(filepath.Join(n.content, filepath.FromSlash(other))); err == nil {
			return "", nil, fmt.Errorf("%s already exists; new never overwrites a file: choose another id or edit that file", path.Join(filepath.ToSlash(n.content), other))
		}
	}
	if err := n.ref("owner", "person", f.owner); err != nil {
		return "", nil, err
	}
	name := f.title
	if name == "" {
		name = titleCase(id)
	}
	var b bytes.Buffer
	switch kind {
	case "team":
		if err := n.ref("lead", "person", f.lead); err != nil {
			return "", nil, err
		}
		n.team(&b, name, f)
	case "role":
		team := f.team
		if team == "" {
			teams := n.ids("team")
			switch len(teams) {
			case 0:
				return "", nil, errors.New("a role needs a team, and there is none yet; add one with 'handbook new team ID'")
			case 1:
				team = teams[0]
			default:
				return "", nil, fmt.Errorf("a role needs a team; give it with --team (one of %s)", strings.Join(teams, ", "))
			}
		}
		if err := n.ref("team", "team", team); err != nil {
			return "", nil, err
		}
		n.roleCard(&b, name, team, f)
	case "person":
		if err := n.ref("role", "role", f.role); err != nil {
			return "", nil, err
		}
		n.person(&b, name, f)
	}
	return rel, b.Bytes(), nil
}

// yamlText writes s as a YAML scalar: a JSON string, which YAML reads as
// a double-quoted one, whenever it is not plainly safe.
func yamlText(s string) string {
	safe := s != "" && !strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`\\\n") && strings.TrimSpace(s) == s &&
		!strings.HasPrefix(s, "-") && !strings.HasPrefix(s, "?")
	switch strings.ToLower(s) {
	case "yes", "no", "true", "false", "on", "off", "null", "~":
		safe = false
	}
	if safe {
		return s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(buf.String())
}

// field writes "key: value" with a comment aligned after it.
func field(b *bytes.Buffer, key, value, comment string) {
	line := key + ":"
	if value != "" {
		line += " " + value
	}
	if comment != "" {
		if len(line) < 38 {
			line += strings.Repeat(" ", 38-len(line))
		} else {
			line += "  "
		}
		line += "# " + comment
	}
	b.WriteString(line + "\n")
}

func (n *newFile) team(b *bytes.Buffer, name string, f *newFlags) {
	b.WriteString("# A team card: what the team is for and how to reach it.\n# Every field is described in the writers' reference (writing/content-format.md).\n")
	field(b, "name", yamlText(name), "required: the team's name")
	field(b, "summary", yamlText("TODO: one line on what the team does here."), "required: shown in lists")
	field(b, "mission", "|", "markdown: what the team is for, a few paragraphs")
	b.WriteString("  TODO: what the team does here, who it works with and how to bring it in.\n")
	field(b, "lead", f.lead, "person id of the team's lead")
	field(b, "channels", "[]", "how to reach the team, one item each:")
	b.WriteString("#  - {label: \"#team\", url: \"https://chat.example.com/channels/team\"}\n")
	field(b, "works_with", "[]", "team ids; declare the link on both teams' cards")
	field(b, "owner", f.owner, "person id of who keeps this card true; empty: the lead")
	field(b, "last_reviewed", n.today, "when it was last checked, YYYY-MM-DD")
}

func (n *newFile) roleCard(b *bytes.Buffer, title, team string, f *newFlags) {
	b.WriteString("# A role card: what the role means here, what to ask it for, and when to bring it in.\n# Every field is described in the writers' reference (writing/content-format.md).\n")
	field(b, "title", yamlText(title), "required: the role's name here")
	field(b, "team", team, "required: the id of its team")
	field(b, "summary", yamlText("TODO: one line on what this role does here."), "required: shown in lists")
	field(b, "what_we_do", "|", "markdown: what the role means at this company")
	b.WriteString("  TODO: a few sentences on what this role does here, and what it does not.\n")
	field(b, "day_to_day", "[]", "what a normal week looks like, one item each:")
	b.WriteString("#  - Runs quarterly business reviews with partners\n")
	field(b, "ask_me_for", "[]", "what people can ask this role for:")
	b.WriteString("#  - An introduction to a partner's engineering team\n")
	field(b, "not_for", "[]", "and where to go instead (quote items with [[…]]):")
	b.WriteString("#  - \"Pricing quotes - ask [[role:account-executive]]\"\n")
	field(b, "metrics", "[]", "how the role is measured:")
	b.WriteString("#  - Time from signature to first live integration\n")
	field(b, "expertise", "[]", "topics for the expertise page, like [partnerships, API integrations]")
	field(b, "situations", "[]", "when to bring this role in, and the hand-off:")
	b.WriteString("#  - when: A visitor at our booth wants to build our API into their product\n")
	b.WriteString("#    do: Take their details and introduce them by email within a day.\n")
	field(b, "works_with", "[]", "role ids of the roles it works with most")
	field(b, "people", "[]", "person ids of who holds it (or the role in their card's roles)")
	field(b, "owner", f.owner, "person id of who keeps this card true")
	field(b, "last_reviewed", n.today, "when the owner last checked it, YYYY-MM-DD")
}

func (n *newFile) person(b *bytes.Buffer, name string, f *newFlags) {
	b.WriteString("# A person card: who you are and what people can ask you for.\n# Every field is described in the writers' reference (writing/content-format.md).\n")
	field(b, "name", yamlText(name), "required: your name as colleagues know it")
	field(b, "pronouns", "", "she/her, he/him, they/them…")
	roles := "[]"
	if f.role != "" {
		roles = "[" + f.role + "]"
	}
	field(b, "roles", roles, "role ids (or list this person in the role's people)")
	field(b, "pitch", "|", "markdown: your elevator pitch")
	b.WriteString("  TODO: who you are, what people can ask you for, and how you are measured.\n")
	field(b, "expertise", "[]", "topics for the expertise page, like [AI, public speaking]")
	field(b, "ask_me_for", "[]", "what people can ask you for, one item each:")
	b.WriteString("#  - A review of your talk\n")
	field(b, "contact", "[]", "how to reach you:")
	b.WriteString("#  - {label: email, url: \"mailto:name@example.com\"}\n")
	field(b, "mentors", "[]", "person ids of your mentors: your internal army")
	field(b, "owner", f.owner, "person id of who keeps this card true; empty: the person")
	field(b, "last_reviewed", n.today, "when it was last checked, YYYY-MM-DD")
}

// reservedPages are page ids whose address the generator uses itself.
var reservedPages = map[string]bool{
	"teams": true, "roles": true, "people": true,
	"directory": true, "situations": true, "expertise": true, "maintenance": true,
}

func (n *newFile) page(id string, f *newFlags) (string, []byte, error) {
	id = strings.TrimSuffix(strings.Trim(id, "/"), ".md")
	segs := strings.Split(id, "/")
	for _, s := range segs {
		if !load.ValidID(s) {
			return "", nil, fmt.Errorf("%q is not a page path; use folders and a name of lower-case letters, digits and -, like events/booth-recap", id)
		}
	}
	base := id // the page's address without "index"
	if segs[len(segs)-1] == "index" {
		base = strings.Join(segs[:len(segs)-1], "/")
	}
	if reservedPages[base] || (len(segs) > 1 && singular(segs[0]) != "" && base != segs[0]) {
		return "", nil, fmt.Errorf("%s is the address of a page the generator makes or of a card; choose another path", "/"+base+"/")
	}
	// Every file that would be published at the same address.
	var sources []string
	if base == "" {
		sources = []string{"index.md", "_index.md", "README.md"}
	} else {
		sources = []string{base + ".md", base + "/index.md", base + "/_index.md", base + "/README.md"}
	}
	for _, s := range sources {
		if _, err := os.Stat(filepath.Join(n.content, filepath.FromSlash(s))); err == nil {
			return "", nil, fmt.Errorf("%s is already published at /%s; new never overwrites a file: choose another path or edit that file",
				path.Join(filepath.ToSlash(n.content), s), strings.TrimPrefix(base+"/", "/"))
		}
	}
	if err := n.ref("owner", "person", f.owner); err != nil {
		return "", nil, err
	}
	title := f.title
	if title == "" {
		title = "Home"
		if base != "" {
			title = load.Humanize(path.Base(base))
		}
	}
	// The section page that should link the new page: its folder's, or the
	// parent folder's for a section page.
	section := "index.md"
	if dir := path.Dir(base); dir != "." && base != "" {
		section = dir + "/index.md"
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	field(&b, "title", yamlText(title), "the page title")
	field(&b, "description", yamlText("TODO: one line, shown in lists and search results."), "")
	field(&b, "weight", "0", "order in its section: lower first, then by title")
	field(&b, "draft", "false", "true keeps it out of the site unless built with --drafts")
	field(&b, "teams", "[]", "team ids: the page is listed on their team pages")
	field(&b, "owner", f.owner, "person id of who keeps this page true")
	field(&b, "last_reviewed", n.today, "when the owner last checked it, YYYY-MM-DD")
	field(&b, "tags", "[]", "free topics")
	field(&b, "aliases", "[]", "old addresses that redirect here, like [\"/old/booth/\"]")
	b.WriteString("---\n\n")
	if base == "" {
		b.WriteString("TODO: write the home page.\n")
	} else {
		fmt.Fprintf(&b, "TODO: write the page. Then link it from %s or another page, so readers find it.\n", section)
	}
	return id + ".md", b.Bytes(), nil
}

// singular maps a card folder back to its kind: "teams" → "team".
func singular(dir string) string {
	for k, d := range cardDirs {
		if d == dir {
			return k
		}
	}
	return ""
}

// titleCase makes a name from an id: "partner-manager" → "Partner Manager".
func titleCase(id string) string {
	words := strings.Split(id, "-")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
