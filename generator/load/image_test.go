package load

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/fstest"
)

func encoded(t *testing.T, enc func(*bytes.Buffer, image.Image) error, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation puts an EXIF APP1 segment with the given orientation
// right after a JPEG's start-of-image marker.
func withOrientation(jpg []byte, o uint16, bo binary.ByteOrder) []byte {
	var tiff bytes.Buffer
	if bo == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	binary.Write(&tiff, bo, uint16(42))
	binary.Write(&tiff, bo, uint32(8))
	binary.Write(&tiff, bo, uint16(1))      // one entry
	binary.Write(&tiff, bo, uint16(0x0112)) // orientation
	binary.Write(&tiff, bo, uint16(3))      // SHORT
	binary.Write(&tiff, bo, uint32(1))
	binary.Write(&tiff, bo, o)
	binary.Write(&tiff, bo, uint16(0))
	binary.Write(&tiff, bo, uint32(0))
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func webp(chunk string, payload []byte) []byte {
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(payload)))
	b.WriteString("WEBP")
	b.WriteString(chunk)
	binary.Write(&b, binary.LittleEndian, uint32(len(payload)))
	b.Write(payload)
	for b.Len() < 40 {
		b.WriteByte(0)
	}
	return b.Bytes()
}

func TestImageSizeReadsEachFormatsHeader(t *testing.T) {
	jpg := encoded(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) }, 40, 30)
	pngb := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, 300, 200)
	gifb := encoded(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) }, 17, 9)

	vp8 := []byte{0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A}
	vp8 = binary.LittleEndian.AppendUint16(vp8, 640)
	vp8 = binary.LittleEndian.AppendUint16(vp8, 480)
	lossless := uint32(800-1) | uint32(600-1)<<14
	vp8l := append([]byte{0x2F}, binary.LittleEndian.AppendUint32(nil, lossless)...)
	vp8x := []byte{0, 0, 0, 0, 0xFF & (1919), 1919 >> 8, 0, 0xFF & 1079, 1079 >> 8, 0}

	cases := []struct {
		name string
		data []byte
		w, h int
	}{
		{"a.png", pngb, 300, 200},
		{"a.PNG", pngb, 300, 200},
		{"a.gif", gifb, 17, 9},
		{"a.jpg", jpg, 40, 30},
		{"turned.jpeg", withOrientation(jpg, 6, binary.BigEndian), 30, 40},
		{"turned-le.jpg", withOrientation(jpg, 8, binary.LittleEndian), 30, 40},
		{"upright.jpg", withOrientation(jpg, 1, binary.LittleEndian), 40, 30},
		{"lossy.webp", webp("VP8 ", vp8), 640, 480},
		{"lossless.webp", webp("VP8L", vp8l), 800, 600},
		{"extended.webp", webp("VP8X", vp8x), 1920, 1080},
		{"sized.svg", []byte(`<?xml version="1.0"?><!-- logo --><svg xmlns="http://www.w3.org/2000/svg" width="120" height="48px"></svg>`), 120, 48},
		{"viewbox.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24.4 12"><path d="M0 0"/></svg>`), 24, 12},
		{"one-length.svg", []byte(`<svg width="200" viewBox="0,0,100,50"></svg>`), 200, 100},
		{"percent.svg", []byte(`<svg width="100%" height="100%" viewBox="0 0 30 10"></svg>`), 30, 10},
		{"no-size.svg", []byte(`<svg width="100%"></svg>`), 0, 0},
		{"not-svg.svg", []byte(`<html><svg width="10" height="10"></svg></html>`), 0, 0},
		{"truncated.png", pngb[:20], 0, 0},
		{"lying.png", jpg, 0, 0},
		{"notes.txt", pngb, 0, 0},
	}
	fsys := fstest.MapFS{}
	for _, c := range cases {
		fsys[c.name] = &fstest.MapFile{Data: c.data}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, h := imageSize(fsys, c.name)
			if w != c.w || h != c.h {
				t.Errorf("imageSize = %d×%d, want %d×%d", w, h, c.w, c.h)
			}
		})
	}
}

func TestLoadRecordsImageSizeOnFiles(t *testing.T) {
	pngb := encoded(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }, 64, 32)
	fsys := fstest.MapFS{
		"index.md":           {Data: []byte("# Home\n\n![a chart](img/chart.png)\n")},
		"img/chart.png":      {Data: pngb},
		"files/handbook.pdf": {Data: []byte("%PDF-1.4")},
	}
	s, l := Site(fsys, Options{})
	if l.Errors() > 0 {
		t.Fatalf("diagnostics: %v", l)
	}
	got := map[string][2]int{}
	for _, f := range s.Files {
		got[f.Path] = [2]int{f.Width, f.Height}
	}
	if got["img/chart.png"] != [2]int{64, 32} {
		t.Errorf("chart.png size = %v, want [64 32]", got["img/chart.png"])
	}
	if got["files/handbook.pdf"] != [2]int{0, 0} {
		t.Errorf("a PDF has size %v, want none", got["files/handbook.pdf"])
	}
}
