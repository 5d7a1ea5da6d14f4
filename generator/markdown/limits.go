package markdown

import (
	"bytes"
	"fmt"
	"sync/atomic"
	"time"
)

// Limits on one markdown text. goldmark's work grows faster than the size
// of some inputs: a paragraph of many links or brackets (each "](" may scan
// to the paragraph's end), block quotes and lists nested hundreds deep on a
// line, a table whose every row is padded to thousands of columns. A cheap
// scan of the source refuses those before goldmark sees them, so that no
// text within the file size limit can make a build or a live rebuild hang
// or fill the memory; real pages are far below every limit.
const (
	// MaxNesting is how many block quote and list markers one line may
	// open, counting two columns of indentation before a marker as one.
	MaxNesting = 100
	// MaxTableColumns is the most columns of a table.
	MaxTableColumns = 100
	// MaxTableCells is the most cells of a table, header included.
	MaxTableCells = 200_000
	// MaxParagraphBrackets is the most '[' in one paragraph (a link has
	// one, a [[reference]] two).
	MaxParagraphBrackets = 2000
	// MaxBrackets is the most '[' in one text.
	MaxBrackets = 20_000
	// MaxParagraphEmphasis is the most emphasis marks ('*', '_', '~') in
	// one paragraph.
	MaxParagraphEmphasis = 10_000
	// MaxEmphasis is the most emphasis marks in one text.
	MaxEmphasis = 100_000
	// MaxHeadings is the most headings of one text.
	MaxHeadings = 10_000
)

// convertBudget is how long converting one text may take. The scan above
// refuses the inputs we know to be slow; the budget catches the rest, so a
// writer is told which file to fix. It is far above what any real page
// takes (a 4 MiB page converts in about a second).
var convertBudget atomic.Int64

func init() { convertBudget.Store(int64(10 * time.Second)) }

// ConvertBudget is how long converting one text may take before it is
// reported as an error.
func ConvertBudget() time.Duration { return time.Duration(convertBudget.Load()) }

func overBudget(d time.Duration) *Problem {
	if d <= ConvertBudget() {
		return nil
	}
	return &Problem{Line: 1, Col: 1,
		Message: fmt.Sprintf("converting this text took longer than %v (the limit)", ConvertBudget()),
		Fix:     "split it into smaller pages, or simplify what is unusual in it (very many links, deep nesting, huge tables)"}
}

// checkLimits scans src for what would make goldmark slow, and returns
// the first limit it goes over, or nil.
func checkLimits(src []byte) *Problem {
	var (
		total        int // '[' in the text
		para         int // '[' in the current paragraph
		totalEm      int // emphasis marks in the text
		paraEm       int // emphasis marks in the current paragraph
		headings     int
		paraLine     int  // where the current paragraph starts
		fence        byte // '`' or '~' inside a fenced code block
		fenceLen     int
		table        int // columns of the table being read, 0 outside one
		tableCells   int
		tableLine    int
		prevNonBlank bool
	)
	flush := func() *Problem {
		if para > MaxParagraphBrackets {
			return &Problem{Line: paraLine, Col: 1,
				Message: fmt.Sprintf("paragraph has %d links or '[' (the limit is %d)", para, MaxParagraphBrackets),
				Fix:     "split it into smaller paragraphs or a list"}
		}
		if paraEm > MaxParagraphEmphasis {
			return &Problem{Line: paraLine, Col: 1,
				Message: fmt.Sprintf("paragraph has %d emphasis marks (*, _ or ~; the limit is %d)", paraEm, MaxParagraphEmphasis),
				Fix:     "split it into smaller paragraphs, or put code in a code block"}
		}
		para, paraEm = 0, 0
		return nil
	}
	line := 0
	for off := 0; off < len(src); {
		line++
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		ln := src[off : off+end]
		off += end + 1

		body, depth, item := containers(ln)
		blank := len(bytes.TrimSpace(body)) == 0
		if fence != 0 {
			// Code lines open no containers, whatever they look like.
			if c, n := fenceOf(body); c == fence && n >= fenceLen && len(bytes.TrimSpace(body[n:])) == 0 {
				fence = 0
			}
			continue
		}
		if depth > MaxNesting {
			return &Problem{Line: line, Col: 1,
				Message: fmt.Sprintf("block quotes and lists nest %d deep on this line (the limit is %d)", depth, MaxNesting),
				Fix:     "flatten the structure"}
		}
		if c, n := fenceOf(body); c != 0 {
			fence, fenceLen = c, n
			if p := flush(); p != nil {
				return p
			}
			table = 0
			prevNonBlank = false
			continue
		}

		// Tables: a delimiter row fixes the columns; every following
		// line up to a blank one is a row padded to that many cells.
		if table > 0 {
			if blank {
				table = 0
			} else {
				tableCells += table
				if tableCells > MaxTableCells {
					return &Problem{Line: tableLine, Col: 1,
						Message: fmt.Sprintf("table has more than %d cells (the limit)", MaxTableCells),
						Fix:     "split it into smaller tables"}
				}
			}
		} else if n := delimiterRow(body); n > 0 && prevNonBlank {
			if n > MaxTableColumns {
				return &Problem{Line: line, Col: 1,
					Message: fmt.Sprintf("table has %d columns (the limit is %d)", n, MaxTableColumns),
					Fix:     "split it into narrower tables, or use a list"}
			}
			table, tableCells, tableLine = n, 2*n, line-1
		}

		// Paragraphs, roughly: a blank line or a new list item ends one
		// (a '>' does not: a quoted paragraph goes on over many lines).
		if blank || item || table > 0 || isHeading(body) {
			if p := flush(); p != nil {
				return p
			}
		}
		if para == 0 {
			paraLine = line
		}
		n := bytes.Count(ln, []byte("["))
		para += n
		total += n
		if total > MaxBrackets {
			return &Problem{Line: line, Col: 1,
				Message: fmt.Sprintf("text has more than %d links or '[' (the limit)", MaxBrackets),
				Fix:     "split it into smaller pages"}
		}
		em := bytes.Count(ln, []byte("*")) + bytes.Count(ln, []byte("_")) + bytes.Count(ln, []byte("~"))
		paraEm += em
		totalEm += em
		if totalEm > MaxEmphasis {
			return &Problem{Line: line, Col: 1,
				Message: fmt.Sprintf("text has more than %d emphasis marks (*, _ or ~; the limit)", MaxEmphasis),
				Fix:     "split it into smaller pages"}
		}
		if isHeading(body) || (prevNonBlank && len(bytes.Trim(body, "= \t")) == 0 && bytes.IndexByte(body, '=') >= 0) {
			headings++
			if headings > MaxHeadings {
				return &Problem{Line: line, Col: 1,
					Message: fmt.Sprintf("text has more than %d headings (the limit)", MaxHeadings),
					Fix:     "split it into smaller pages"}
			}
		}
		prevNonBlank = !blank
	}
	return flush()
}

// containers returns what follows the block quote and list markers at the
// start of ln, how deeply they nest (one level per marker, and one per two
// columns of indentation before a marker: how nested lists are written),
// and whether a list item starts.
func containers(ln []byte) (body []byte, depth int, item bool) {
	indent := 0
	i := 0
	for i < len(ln) {
		switch c := ln[i]; {
		case c == ' ':
			indent++
			i++
		case c == '\t':
			indent += 4
			i++
		case c == '>':
			depth += 1 + indent/2
			indent = 0
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(ln) && (ln[i+1] == ' ' || ln[i+1] == '\t'):
			depth += 1 + indent/2
			indent = 0
			item = true
			i += 2
		case '0' <= c && c <= '9':
			j := i
			for j < len(ln) && j-i < 9 && '0' <= ln[j] && ln[j] <= '9' {
				j++
			}
			if j+1 < len(ln) && (ln[j] == '.' || ln[j] == ')') && (ln[j+1] == ' ' || ln[j+1] == '\t') {
				depth += 1 + indent/2
				indent = 0
				item = true
				i = j + 2
				continue
			}
			return ln[i:], depth, item
		default:
			return ln[i:], depth, item
		}
	}
	return ln[i:], depth, item
}

// fenceOf returns the fence character and length when line opens or
// closes a fenced code block.
func fenceOf(line []byte) (byte, int) {
	line = bytes.TrimLeft(line, " \t")
	if len(line) < 3 || (line[0] != '`' && line[0] != '~') {
		return 0, 0
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if n < 3 {
		return 0, 0
	}
	return line[0], n
}

// delimiterRow returns the number of cells when line is a table delimiter
// row ("| --- | :-: |"), else 0.
func delimiterRow(line []byte) int {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || bytes.IndexByte(t, '-') < 0 || bytes.IndexByte(t, '|') < 0 {
		return 0
	}
	for _, c := range t {
		if c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t' {
			return 0
		}
	}
	t = bytes.TrimPrefix(t, []byte("|"))
	t = bytes.TrimSuffix(t, []byte("|"))
	return bytes.Count(t, []byte("|")) + 1
}

// isHeading reports whether line is an ATX heading ("## Title").
func isHeading(line []byte) bool {
	line = bytes.TrimLeft(line, " ")
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t')
}
