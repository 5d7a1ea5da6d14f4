package render

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// The search index made on its own, document after document: the
// reference the index that render gathers, and the one a live session
// updates, are compared with.

// buildSearchIndex indexes every page and card of the site, apart from
// render: what a full render gathers as it renders the pages
// (searchgather.go) must be this, byte for byte.
func (r *renderer) buildSearchIndex() *searchIndex {
	ix := newSearchIndexCut(nil, slicing)
	r.eachSearchDoc(ix.add)
	ix.finish()
	if r.cache != nil {
		r.search = ix // a live session updates it (Rerender)
	}
	return ix
}

// eachSearchDoc calls f with each document of the index, in its fixed
// order: pages by path, then teams, roles and people by id. The documents
// are made on every core, a batch at a time.
func (r *renderer) eachSearchDoc(f func(*searchDoc)) {
	s := r.g.Site
	var jobs []func() *searchDoc
	for _, p := range s.AllPages() {
		jobs = append(jobs, func() *searchDoc { return r.pageSearchDoc(p) })
	}
	for _, t := range s.Teams {
		jobs = append(jobs, func() *searchDoc { return r.teamSearchDoc(t) })
	}
	for _, ro := range s.Roles {
		jobs = append(jobs, func() *searchDoc { return r.roleSearchDoc(ro) })
	}
	for _, p := range s.People {
		jobs = append(jobs, func() *searchDoc { return r.personSearchDoc(p) })
	}
	const batch = 256
	docs := make([]*searchDoc, batch)
	for start := 0; start < len(jobs); start += batch {
		n := min(batch, len(jobs)-start)
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < min(runtime.GOMAXPROCS(0), n); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					docs[i] = jobs[start+i]()
				}
			}()
		}
		wg.Wait()
		for i, d := range docs[:n] {
			f(d)
			docs[i] = nil
		}
	}
}
