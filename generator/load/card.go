package load

import (
	"gopkg.in/yaml.v3"

	"github.com/devrel-handbook/handbook/generator/site"
)

var (
	teamFields   = []string{"name", "summary", "mission", "lead", "channels", "works_with", "owner", "last_reviewed"}
	roleFields   = []string{"title", "team", "summary", "what_we_do", "day_to_day", "ask_me_for", "not_for", "metrics", "expertise", "situations", "works_with", "people", "owner", "last_reviewed"}
	personFields = []string{"name", "pronouns", "roles", "pitch", "expertise", "ask_me_for", "contact", "mentors", "owner", "last_reviewed"}
)

func (d *decoder) team(id string, n *yaml.Node) *site.Team {
	t := &site.Team{ID: id, File: d.file, URL: site.CardURL(site.KindTeam, id)}
	d.fields(n, "a team card", teamFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			t.Name = d.str(key, v)
		case "summary":
			t.Summary = d.str(key, v)
		case "mission":
			t.Mission = d.text(key, k, v, false)
		case "lead":
			t.Lead = d.id(key, v)
		case "channels":
			t.Channels = d.links(key, v)
		case "works_with":
			t.WorksWith = d.ids(key, v)
		case "owner":
			t.Owner = d.id(key, v)
		case "last_reviewed":
			t.LastReviewed = d.date(key, v)
		}
	})
	d.require(n, "the team card", "name", "summary")
	if t.Name == "" {
		t.Name = id
	}
	return t
}

func (d *decoder) role(id string, n *yaml.Node) *site.Role {
	r := &site.Role{ID: id, File: d.file, URL: site.CardURL(site.KindRole, id)}
	d.fields(n, "a role card", roleFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "title":
			r.Title = d.str(key, v)
		case "team":
			r.Team = d.id(key, v)
		case "summary":
			r.Summary = d.str(key, v)
		case "what_we_do":
			r.WhatWeDo = d.text(key, k, v, false)
		case "day_to_day":
			r.DayToDay = d.texts(key, k, v)
		case "ask_me_for":
			r.AskMeFor = d.texts(key, k, v)
		case "not_for":
			r.NotFor = d.texts(key, k, v)
		case "metrics":
			r.Metrics = d.texts(key, k, v)
		case "expertise":
			r.Expertise = d.strs(key, v)
		case "situations":
			for _, e := range d.list(key, v) {
				s := site.Situation{Pos: d.pos(e)}
				d.fields(e, "a situation", []string{"when", "do"}, func(key string, k, v *yaml.Node) {
					switch key {
					case "when":
						s.When = d.text(key, k, v, true)
					case "do":
						s.Do = d.text(key, k, v, true)
					}
				})
				if e.Kind == yaml.MappingNode {
					if s.When == nil {
						d.l.Errorf(s.Pos, "add `when: …`: the situation in which to bring this role in", "situation has no when")
					}
					if s.Do == nil {
						d.l.Errorf(s.Pos, "add `do: …`: the hand-off to do", "situation has no do")
					}
				}
				if s.When != nil {
					r.Situations = append(r.Situations, s)
				}
			}
		case "works_with":
			r.WorksWith = d.ids(key, v)
		case "people":
			r.People = d.ids(key, v)
		case "owner":
			r.Owner = d.id(key, v)
		case "last_reviewed":
			r.LastReviewed = d.date(key, v)
		}
	})
	d.require(n, "the role card", "title", "team", "summary")
	if r.Title == "" {
		r.Title = id
	}
	return r
}

func (d *decoder) person(id string, n *yaml.Node) *site.Person {
	p := &site.Person{ID: id, File: d.file, URL: site.CardURL(site.KindPerson, id)}
	d.fields(n, "a person card", personFields, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			p.Name = d.str(key, v)
		case "pronouns":
			p.Pronouns = d.str(key, v)
		case "roles":
			p.Roles = d.ids(key, v)
		case "pitch":
			p.Pitch = d.text(key, k, v, false)
		case "expertise":
			p.Expertise = d.strs(key, v)
		case "ask_me_for":
			p.AskMeFor = d.texts(key, k, v)
		case "contact":
			p.Contact = d.links(key, v)
		case "mentors":
			p.Mentors = d.ids(key, v)
		case "owner":
			p.Owner = d.id(key, v)
		case "last_reviewed":
			p.LastReviewed = d.date(key, v)
		}
	})
	d.require(n, "the person card", "name")
	if p.Name == "" {
		p.Name = id
	}
	return p
}
