package render

import (
	"sort"

	"github.com/devrel-handbook/handbook/generator/site"
)

// The search index of a full render is gathered while the pages are
// rendered: each page's render job cuts the page's text into terms (its
// search document) while the page's HTML is at hand, and an indexer adds
// the documents to the index in its fixed order (pages by path, then
// teams, roles and people by id) as they come. Reading every page's text
// once more after render, as the index once did, cost a second pass over
// 60 MB of HTML at 10k pages and kept every page's HTML alive until the
// index was made (issue #6); now a page's HTML can go as soon as its file
// is written (Releasing). The index's bytes are those of the index made
// apart from render (buildSearchIndex, searchoracle_test.go).

// searchGather collects the pages' search documents from their render
// jobs and indexes them in order.
type searchGather struct {
	r     *renderer
	docs  []*searchDoc // by index in r.g.Site.Pages, until indexed
	ready chan int     // the index of a page whose document is in docs
	stop  chan struct{}
	done  chan struct{} // closed when ix is made (or on stop)
	ix    *searchIndex
}

// startSearchGather starts the indexer: it waits for the document of
// each of the site's pages (from put) and makes those of the index pages
// and cards itself.
func (r *renderer) startSearchGather() *searchGather {
	n := len(r.g.Site.Pages)
	sg := &searchGather{r: r, docs: make([]*searchDoc, n), ready: make(chan int, n), stop: make(chan struct{}), done: make(chan struct{})}
	go sg.index()
	return sg
}

// put hands the indexer the document of page i of r.g.Site.Pages; from a
// render job, once per page.
func (sg *searchGather) put(i int, d *searchDoc) {
	sg.docs[i] = d // the indexer reads it after receiving i
	sg.ready <- i
}

// close stops the indexer if it is still waiting for pages (a render
// stopped by an error) and waits for it, so that nothing of the render
// runs after Site returns.
func (sg *searchGather) close() {
	close(sg.stop)
	<-sg.done
}

func (sg *searchGather) index() {
	defer close(sg.done)
	r := sg.r
	ix := newSearchIndexCut(nil, slicing)
	arrived := make([]bool, len(sg.docs))
	for next := 0; next < len(sg.docs); {
		select {
		case i := <-sg.ready:
			arrived[i] = true
		case <-sg.stop:
			return
		}
		for next < len(sg.docs) && arrived[next] {
			ix.add(sg.docs[next])
			sg.docs[next] = nil
			next++
		}
	}
	s := r.g.Site
	for _, p := range []*site.Page{s.TeamsIndex, s.RolesIndex, s.PeopleIndex} {
		if p != nil {
			ix.add(r.pageSearchDoc(p))
		}
	}
	for _, t := range s.Teams {
		ix.add(r.teamSearchDoc(t))
	}
	for _, ro := range s.Roles {
		ix.add(r.roleSearchDoc(ro))
	}
	for _, p := range s.People {
		ix.add(r.personSearchDoc(p))
	}
	ix.finish()
	if r.cache != nil {
		r.search = ix // a live session updates it (Rerender)
	}
	sg.ix = ix
}

// pageJob is r.pageJob for page i of the site's pages, handing the page's
// search document to the indexer first.
func (sg *searchGather) pageJob(i int, p *site.Page) func() (string, []byte, error) {
	job := sg.r.pageJob(p)
	return func() (string, []byte, error) {
		sg.put(i, sg.r.pageSearchDoc(p))
		return job()
	}
}

// job is the render job of the search index's files: it waits for the
// indexer and hands the files to emit itself, search/index.json last (not
// through run, which would pool the bytes a live session's index keeps).
func (sg *searchGather) job(emit Emit) func() (string, []byte, error) {
	return func() (string, []byte, error) {
		<-sg.done
		if sg.ix == nil {
			return "", nil, nil // stopped
		}
		files := sg.ix.files()
		names := make([]string, 0, len(files))
		for n := range files {
			if n != searchIndexFile {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		names = append(names, searchIndexFile)
		for _, n := range names {
			if err := emit(n, files[n]); err != nil {
				return "", nil, err
			}
		}
		return "", nil, nil
	}
}
