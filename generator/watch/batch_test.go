package watch

import (
	"slices"
	"testing"
	"time"
)

func TestFlushMergesIntoWaitingBatch(t *testing.T) {
	t.Parallel()
	var pending, ready changes
	var next Batch
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	pending.add("/r/b.md")
	pending.add("/r/a.md")
	pending.add("/r/b.md")
	flush(&pending, &ready, &next, timer)
	if want := []string{"/r/a.md", "/r/b.md"}; !slices.Equal(next.Paths, want) || next.Overflow {
		t.Fatalf("first flush: %+v, want paths %v", next, want)
	}
	if !pending.empty() {
		t.Fatal("pending not emptied by flush")
	}

	// The consumer has not taken the batch; the next changes join it.
	pending.add("/r/c.md")
	pending.add("/r/a.md")
	pending.setOverflow()
	flush(&pending, &ready, &next, timer)
	if want := []string{"/r/a.md", "/r/b.md", "/r/c.md"}; !slices.Equal(next.Paths, want) || !next.Overflow {
		t.Fatalf("second flush: %+v, want paths %v and Overflow", next, want)
	}

	// Flushing nothing leaves the waiting batch alone.
	flush(&pending, &ready, &next, timer)
	if len(next.Paths) != 3 {
		t.Fatalf("empty flush changed the batch to %+v", next)
	}
}
