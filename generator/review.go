package generator

import (
	"time"

	"github.com/devrel-handbook/handbook/generator/resolve"
)

// Review checks the content like Check and also returns the findings of
// the health rules (resolve.Findings), measured against o.Today: what
// `handbook report stale` prints. The findings are nil when the content
// could not be resolved.
func Review(o Options) ([]resolve.Finding, *Result, error) {
	start := time.Now()
	r := &Result{}
	g, _, _, l, err := model(o, nil)
	if err != nil {
		return nil, nil, err
	}
	count(g, r)
	finish(r, o, l, start)
	if g == nil {
		return nil, r, nil
	}
	return resolve.Findings(g, g.Today), r, nil
}
