package publish

import (
	"fmt"
	"testing"
)

// BenchmarkPublishKeep is a quick rebuild of watch on a site of 12,000
// files: four files written, every other one kept from the manifest.
func BenchmarkPublishKeep(b *testing.B) {
	dir := b.TempDir()
	names := make([]string, 12000)
	p, err := Open(dir, Guard{})
	if err != nil {
		b.Fatal(err)
	}
	for i := range names {
		names[i] = fmt.Sprintf("s%02d/p%05d/index.html", i%40, i)
		if err := p.Write(names[i], []byte(names[i])); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := p.Commit(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		p, err := Open(dir, Guard{})
		if err != nil {
			b.Fatal(err)
		}
		for i, name := range names {
			if i%3000 == 0 {
				err = p.Write(name, []byte(fmt.Sprintf("%s %d", name, n)))
			} else {
				err = p.Keep(name)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if _, err := p.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
