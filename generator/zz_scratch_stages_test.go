package generator_test

import (
	"os"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/publish"
	"github.com/devrel-handbook/handbook/generator/render"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/templates"
)

func TestScratchStages(t *testing.T) {
	dir := os.Getenv("SCRATCH_CONTENT")
	if dir == "" {
		t.Skip()
	}
	t0 := time.Now()
	root, _ := os.OpenRoot(dir)
	s, _ := load.Site(root.FS(), load.Options{Prefix: "content"})
	t1 := time.Now()
	g, _ := resolve.Site(s)
	t2 := time.Now()
	tm, _ := render.LoadTemplates(templates.FS, "")
	t3 := time.Now()
	p, err := publish.Open(t.TempDir()+"/out", publish.Guard{})
	if err != nil {
		t.Fatal(err)
	}
	render.Site(tm, g, p.Write, nil)
	t4 := time.Now()
	p.Commit()
	t5 := time.Now()
	t.Logf("load %v resolve %v templates %v render+write %v commit %v total %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4), t5.Sub(t0))
}
