package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeTellsTheWriterAboutEachRebuild runs `handbook serve` as a real
// process on a free port, edits a page and a card, and reads what the
// writer sees: one line per rebuild naming the file, the pages rendered
// again and the time, and the new text served over HTTP. SIGTERM ends it
// cleanly. Issue #3.
func TestServeTellsTheWriterAboutEachRebuild(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, `
-- content/index.md --
---
owner: amara
---
# Home
See [[events/booth]] and [[role:ae]].
-- content/events/booth.md --
---
owner: amara
---
# Booth
Bring a banner.
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
people: [amara]
owner: amara
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
lead: amara
-- content/people/amara.yaml --
name: Amara Kay
roles: [ae]
`)
	cmd := handbookCommand(t, dir, "serve", "--addr", "127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		for range lines {
		}
	})
	next := func(re string) []string {
		t.Helper()
		rx := regexp.MustCompile(re)
		deadline := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("serve exited while waiting for %q", re)
				}
				if m := rx.FindStringSubmatch(l); m != nil {
					return m
				}
				t.Logf("serve: %s", l)
			case <-deadline:
				t.Fatalf("no line matching %q", re)
			}
		}
	}
	addr := next(`^serving on (http://127\.0\.0\.1:\d+/) `)[1]
	next(`^built in [\d.]+ ms: `)
	get := func(p string) string {
		t.Helper()
		resp, err := http.Get(addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}

	os.WriteFile(filepath.Join(dir, "content/events/booth.md"), []byte("---\nowner: amara\n---\n# Booth\nBring two banners.\n"), 0o644)
	m := next(`^rebuilt \((\S+)\) in [\d.]+ ms: .*, (\d+) re-rendered, (\d+) files changed$`)
	if m[1] != "content/events/booth.md" {
		t.Errorf("rebuild names %s, want content/events/booth.md", m[1])
	}
	if m[2] == "0" || m[3] == "0" {
		t.Errorf("rebuild line says %s re-rendered, %s changed", m[2], m[3])
	}
	if !strings.Contains(get("events/booth/"), "Bring two banners.") {
		t.Error("the edited page is not served")
	}

	os.WriteFile(filepath.Join(dir, "content/roles/ae.yaml"), []byte("title: Account Executive\nteam: sales\nsummary: Owns every deal.\npeople: [amara]\nowner: amara\n"), 0o644)
	next(`^rebuilt \(content/roles/ae\.yaml\) in [\d.]+ ms: `)
	if !strings.Contains(get("roles/ae/"), "Owns every deal.") || !strings.Contains(get("directory/"), "Owns every deal.") {
		t.Error("the role's new summary is not on its page and in the directory")
	}

	cmd.Process.Signal(syscall.SIGTERM)
	for range lines {
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v, want a clean exit", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not exit after SIGTERM")
	}
}
