package load

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"
)

// imageSize returns the pixel size of the image at p, read from the start
// of the file, so that pages can give <img> a width and height and not
// jump while it loads. It knows PNG, JPEG (turned by its EXIF
// orientation, as browsers show it), GIF, WebP and SVG (width and height
// in px, or the viewBox). It returns 0, 0 for anything else or a file it
// cannot make sense of: a missing size is never an error.
func imageSize(fsys fs.FS, p string) (w, h int) {
	var size func(*bufio.Reader) (int, int)
	switch strings.ToLower(path.Ext(p)) {
	case ".png":
		size = pngSize
	case ".jpg", ".jpeg":
		size = jpegSize
	case ".gif":
		size = gifSize
	case ".webp":
		size = webpSize
	case ".svg":
		size = svgSize
	default:
		return 0, 0
	}
	f, err := fsys.Open(p)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	w, h = size(bufio.NewReaderSize(f, 4096))
	if w <= 0 || h <= 0 || w > 1<<20 || h > 1<<20 {
		return 0, 0
	}
	return w, h
}

func pngSize(r *bufio.Reader) (int, int) {
	b, err := r.Peek(24)
	if err != nil || string(b[:8]) != "\x89PNG\r\n\x1a\n" || string(b[12:16]) != "IHDR" {
		return 0, 0
	}
	return int(binary.BigEndian.Uint32(b[16:])), int(binary.BigEndian.Uint32(b[20:]))
}

func gifSize(r *bufio.Reader) (int, int) {
	b, err := r.Peek(10)
	if err != nil || (string(b[:6]) != "GIF87a" && string(b[:6]) != "GIF89a") {
		return 0, 0
	}
	return int(binary.LittleEndian.Uint16(b[6:])), int(binary.LittleEndian.Uint16(b[8:]))
}

// jpegSize walks the markers up to the first start-of-frame, noting the
// EXIF orientation on the way: orientations 5 to 8 turn the picture a
// quarter, so the displayed width is the stored height.
func jpegSize(r *bufio.Reader) (int, int) {
	if b, err := r.Peek(2); err != nil || b[0] != 0xFF || b[1] != 0xD8 {
		return 0, 0
	}
	r.Discard(2)
	turned := false
	for {
		c, err := r.ReadByte()
		if err != nil {
			return 0, 0
		}
		if c != 0xFF {
			return 0, 0
		}
		m, err := r.ReadByte()
		for err == nil && m == 0xFF { // fill bytes
			m, err = r.ReadByte()
		}
		if err != nil {
			return 0, 0
		}
		if m == 0x01 || (m >= 0xD0 && m <= 0xD7) { // no length
			continue
		}
		if m == 0xD9 || m == 0xDA { // end of image, start of scan: no frame header seen
			return 0, 0
		}
		var lb [2]byte
		if _, err := io.ReadFull(r, lb[:]); err != nil {
			return 0, 0
		}
		n := int(binary.BigEndian.Uint16(lb[:])) - 2
		if n < 0 {
			return 0, 0
		}
		switch {
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			b, err := r.Peek(5)
			if err != nil || n < 5 {
				return 0, 0
			}
			h, w := int(binary.BigEndian.Uint16(b[1:])), int(binary.BigEndian.Uint16(b[3:]))
			if turned {
				w, h = h, w
			}
			return w, h
		case m == 0xE1 && n >= 14:
			seg := make([]byte, n)
			if _, err := io.ReadFull(r, seg); err != nil {
				return 0, 0
			}
			if o := exifOrientation(seg); o >= 5 && o <= 8 {
				turned = true
			}
			continue
		}
		if _, err := r.Discard(n); err != nil {
			return 0, 0
		}
	}
}

// exifOrientation reads tag 0x0112 of IFD0 from an APP1 segment, or 0.
func exifOrientation(seg []byte) int {
	if !bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
		return 0
	}
	t := seg[6:]
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for i := 0; i < count; i++ {
		e := off + 2 + 12*i
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

func webpSize(r *bufio.Reader) (int, int) {
	b, _ := r.Peek(30)
	if len(b) < 30 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0
	}
	c := b[12:]
	switch string(c[:4]) {
	case "VP8 ": // lossy: frame tag, start code, then 14-bit sizes
		f := c[8:]
		if f[3] != 0x9D || f[4] != 0x01 || f[5] != 0x2A {
			return 0, 0
		}
		return int(binary.LittleEndian.Uint16(f[6:]) & 0x3FFF), int(binary.LittleEndian.Uint16(f[8:]) & 0x3FFF)
	case "VP8L": // lossless: signature, then 14-bit sizes minus one
		f := c[8:]
		if f[0] != 0x2F {
			return 0, 0
		}
		v := binary.LittleEndian.Uint32(f[1:])
		return int(v&0x3FFF) + 1, int((v>>14)&0x3FFF) + 1
	case "VP8X": // extended: 24-bit canvas sizes minus one
		f := c[8:]
		w := int(f[4]) | int(f[5])<<8 | int(f[6])<<16
		h := int(f[7]) | int(f[8])<<8 | int(f[9])<<16
		return w + 1, h + 1
	}
	return 0, 0
}

// svgSize reads the attributes of the root <svg> element: width and
// height when both are plain numbers or px, else the viewBox (scaled to
// the one length that is given, if any).
func svgSize(r *bufio.Reader) (int, int) {
	d := xml.NewDecoder(io.LimitReader(r, 256<<10))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0
		}
		var w, h, vw, vh float64
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				w = svgLength(a.Value)
			case "height":
				h = svgLength(a.Value)
			case "viewBox":
				f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
				if len(f) == 4 {
					vw, _ = strconv.ParseFloat(f[2], 64)
					vh, _ = strconv.ParseFloat(f[3], 64)
				}
			}
		}
		switch {
		case w > 0 && h > 0:
		case vw > 0 && vh > 0 && w > 0:
			h = w * vh / vw
		case vw > 0 && vh > 0 && h > 0:
			w = h * vw / vh
		case vw > 0 && vh > 0:
			w, h = vw, vh
		default:
			return 0, 0
		}
		return int(math.Max(1, math.Round(w))), int(math.Max(1, math.Round(h)))
	}
}

// svgLength is a width or height in px, or 0 for relative units (%, em)
// that have no size of their own.
func svgLength(s string) float64 {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0
	}
	return v
}
