// Search for a handbook site, all in the browser: no server.
//
// The index is made at build time (generator/render/search.go): the list
// of pages and cards in search/index.json, fetched the first time the
// search box gets focus, and the term dictionary in slices (search/*.bin),
// each fetched the first time a query needs it. Once the list is in, no
// keystroke waits for the network: while a slice a query needs is on its
// way, results from the titles, descriptions and card fields show at once,
// and the full results replace them when it arrives. Results show with
// their descriptions; then the top ones are read from their own pages for
// a snippet with the words found, and the link goes to the heading the
// words are under.
//
// Keyboard: "/" focuses the box, arrows move through the results, Enter
// opens one, Escape closes the list. Without JavaScript the box is a
// plain form that opens the search page, which says where else to look.
//
// Text from the index and the pages is only ever put in the page with
// textContent and createElement, never as HTML.
(function () {
  'use strict';

  var rootMeta = document.querySelector('meta[name="handbook-root"]');
  var root = new URL(rootMeta ? rootMeta.getAttribute('content') : './', window.location.href);

  // ---- Terms: the twin of generator/render/searchterms.go -------------

  var CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc\uff70]/u;
  var WORD = /[\p{L}\p{Nd}\p{M}]/u;
  var MAX_TERM = 40;
  var foldMap = new Map();

  function setFold(pair) {
    foldMap = new Map();
    var from = Array.from(pair[0]), to = Array.from(pair[1]);
    for (var i = 0; i < from.length; i++) foldMap.set(from[i], to[i]);
  }

  // normChar lower-cases and folds one character (a code point).
  function normChar(ch) {
    var l = ch.toLowerCase();
    if (l !== ch) l = String.fromCodePoint(l.codePointAt(0)); // İ → i, as Go does
    return foldMap.get(l) || l;
  }

  // cut splits text into word runs and CJK runs of normalized characters.
  function cut(s, onWord, onCJK) {
    var word = [], cjk = [];
    function flushWord() {
      if (word.length) onWord(word.join(''), word.length);
      word = [];
    }
    function flushCJK() {
      if (cjk.length) onCJK(cjk);
      cjk = [];
    }
    for (var ch of s) {
      ch = normChar(ch);
      if (CJK.test(ch)) {
        flushWord();
        cjk.push(ch);
      } else if (WORD.test(ch)) {
        flushCJK();
        word.push(ch);
      } else {
        flushWord();
        flushCJK();
      }
    }
    flushWord();
    flushCJK();
  }

  // indexTerms gives the terms the index has for s (the Go rules exactly).
  function indexTerms(s) {
    var out = [];
    cut(s, function (w, n) {
      if (n <= MAX_TERM) out.push(w);
    }, function (c) {
      for (var i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
      out.push(c[c.length - 1]);
    });
    return out;
  }

  // queryTokens gives what a query must match: every word (as a prefix),
  // and for Chinese or Japanese every pair of characters, or one
  // character alone as a prefix. hl are the strings to highlight.
  function queryTokens(q) {
    var toks = [], hl = [];
    cut(q, function (w, n) {
      if (n > MAX_TERM) return;
      toks.push({ t: w, prefix: true });
      hl.push({ s: w, word: true });
    }, function (c) {
      if (c.length === 1) {
        toks.push({ t: c[0], prefix: true });
      } else {
        for (var i = 0; i + 1 < c.length; i++) toks.push({ t: c[i] + c[i + 1], prefix: false });
      }
      hl.push({ s: c.join(''), word: false });
      if (c.length > 2) {
        for (var j = 0; j + 1 < c.length; j++) hl.push({ s: c[j] + c[j + 1], word: false });
      }
    });
    var seen = new Set();
    toks = toks.filter(function (t) {
      var k = t.t + (t.prefix ? '*' : '');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { toks: toks, hl: hl };
  }

  // ---- The index ------------------------------------------------------

  var indexPromise = null;
  var utf8 = new TextEncoder();

  // get fetches a file of the index: JSON, or else an ArrayBuffer.
  function get(name, json, opts) {
    return fetch(new URL('search/' + name, root), opts).then(function (r) {
      if (!r.ok) throw new Error('search index: HTTP ' + r.status + ' for ' + name);
      return json ? r.json() : r.arrayBuffer();
    });
  }

  // load fetches the list of documents and the table of dictionary
  // slices, together: the first when the box first gets focus. As soon as
  // the table is in, and while the list still comes, it fetches ahead the
  // slice where each letter's words begin: what a first key needs.
  function load() {
    if (!indexPromise) {
      var table = get('slices.json', true, { cache: 'no-cache' }).then(function (tab) {
        if (tab.version !== 3) throw new Error('search index: unknown version ' + tab.version);
        tab.shards.forEach(function (s) {
          s.promise = null;
          s.fromBytes = utf8.encode(s.from);
        });
        prefetch(tab, nextSlices(tab, ''), LETTERS.length);
        return tab;
      });
      indexPromise = Promise.all([get('index.json', true, { cache: 'no-cache' }), table])
        .then(function (both) {
          var ix = both[0], tab = both[1];
          if (ix.version !== 3) throw new Error('search index: unknown version ' + ix.version);
          setFold(ix.fold);
          ix.shards = tab.shards;
          ix.folded = new Array(ix.docs.length); // folded titles, as queries need them
          // For early results, made now rather than by the first key that
          // needs them: at 10k pages, 30 ms to 50 ms with the download.
          for (var k = 0; k < TEXT_FIELDS.length; k++) textField(ix, k);
          // And one word ranked from them now, so that the first key runs
          // compiled code: it was the slowest key (at 10k pages 35–90 ms,
          // 15–45 of them ranking, where later keys rank in 2–8).
          var warm = queryTokens('e');
          warm.toks.forEach(function (tok) { tok.shards = []; });
          warm.textOnly = true;
          score(ix, warm, 'e');
          return ix;
        });
      indexPromise.catch(function () { indexPromise = null; }); // try again next time
    }
    return indexPromise;
  }

  // cmpBytes orders UTF-8 strings as Go sorts the dictionary: by bytes,
  // which is by code point.
  function cmpBytes(a, aFrom, aTo, b) {
    var n = Math.min(aTo - aFrom, b.length);
    for (var i = 0; i < n; i++) {
      var x = a[aFrom + i], y = b[i];
      if (x !== y) return x - y;
    }
    return (aTo - aFrom) - b.length;
  }

  // decodeShard reads a slice's table of terms as offsets into its bytes,
  // without making a string of any term: a query compares its own UTF-8
  // bytes with them, and reads only the postings of the terms it uses.
  function decodeShard(buf) {
    var b = new Uint8Array(buf), pos = 4;
    if (String.fromCharCode(b[0], b[1], b[2], b[3]) !== 'hbs1') throw new Error('search index: bad slice');
    function uvarint() {
      var v = 0, mul = 1, c;
      do {
        c = b[pos++];
        v += (c & 0x7f) * mul;
        mul *= 128;
      } while (c & 0x80);
      return v;
    }
    var n = uvarint();
    var at = new Uint32Array(n), ends = new Uint32Array(n), df = new Uint32Array(n), off = new Uint32Array(n + 1);
    for (var i = 0; i < n; i++) {
      var len = uvarint();
      at[i] = pos;
      pos += len;
      ends[i] = pos;
      df[i] = uvarint();
      off[i + 1] = off[i] + uvarint();
    }
    var base = pos, cache = new Map();
    return {
      n: n,
      df: df,
      // lowerBound gives the first term not before t (UTF-8 bytes).
      lowerBound: function (t) {
        var lo = 0, hi = n;
        while (lo < hi) {
          var mid = (lo + hi) >> 1;
          if (cmpBytes(b, at[mid], ends[mid], t) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
      },
      is: function (k, t) { return k < n && cmpBytes(b, at[k], ends[k], t) === 0; },
      startsWith: function (k, t) {
        return k < n && ends[k] - at[k] >= t.length && cmpBytes(b, at[k], at[k] + t.length, t) === 0;
      },
      // length gives term k's length in UTF-16 units, as a JavaScript
      // string would have it.
      length: function (k) {
        var m = 0;
        for (var x = at[k]; x < ends[k]; x++) {
          var c = b[x];
          if ((c & 0xc0) !== 0x80) m += c >= 0xf0 ? 2 : 1;
        }
        return m;
      },
      // postings(k): the documents of term k and their scores.
      postings: function (k) {
        var p = cache.get(k);
        if (p) return p;
        var m = df[k], docs = new Int32Array(m), scores = new Uint8Array(m);
        var q = base + off[k], d = -1;
        for (var j = 0; j < m; j++) {
          var c = b[q++], v = c & 0x7f;
          for (var mul = 128; c & 0x80; mul *= 128) {
            c = b[q++];
            v += (c & 0x7f) * mul;
          }
          d += v + 1;
          docs[j] = d;
          scores[j] = b[q++];
        }
        p = { docs: docs, scores: scores };
        cache.set(k, p);
        return p;
      }
    };
  }

  function shard(ix, i, priority) {
    var s = ix.shards[i];
    if (!s.promise) {
      s.promise = get(s.file, false, { priority: priority || 'high' }).then(function (buf) {
        var t0 = performance.now(), d = decodeShard(buf);
        d.decodeMs = performance.now() - t0;
        s.ready = true;
        s.data = d;
        return d;
      });
      s.promise.catch(function () { s.promise = null; });
    }
    return s.promise;
  }

  // ---- Fetching ahead ----------------------------------------------------
  //
  // A keystroke whose slices are not in shows early results (see
  // textMatches), and its full results once they arrive (at 10k pages,
  // some 25 to 60 ms later; reading a slice takes under 1 ms, ranking 3).
  // So that it happens seldom, the slices the next key will likely need
  // are fetched ahead, a few at a time, so that a slice a query waits for
  // is not queued behind them:
  //
  //   - as soon as slices.json is in, while index.json still comes, the
  //     slice where each letter's words begin, which is what a first key
  //     needs (on a big site, 25 slices, 140 KB compressed, next to the
  //     285 KB of index.json);
  //   - after each query, when the browser is idle, what its last word
  //     may need once one more letter is typed (see nextSlices), or for
  //     Chinese and Japanese the pairs that begin with its last
  //     character; at most PREFETCH_MAX slices.
  //
  // Each query replaces what the one before still had to fetch. Nothing
  // is fetched ahead when the reader asked to save data, or on 2G.

  var PREFETCH_MAX = 12, AHEAD_AT_ONCE = 3;
  var LETTERS = 'eaoirulhntscpmdgbfywvkxjqz'; // by how often they follow a letter in English
  var ahead = [], aheadBusy = 0;

  function idle(f) {
    if (window.requestIdleCallback) requestIdleCallback(f, { timeout: 30 });
    else setTimeout(f, 20);
  }

  // sliceOf gives the slice a term (UTF-8 bytes) would be in.
  function sliceOf(ix, t) {
    var lo = 0, hi = ix.shards.length - 1;
    while (lo < hi) { // the last slice whose first term is <= t
      var mid = (lo + hi + 1) >> 1;
      if (cmpBytes(ix.shards[mid].fromBytes, 0, ix.shards[mid].fromBytes.length, t) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function prefetch(ix, want, most) {
    var c = navigator.connection;
    if (c && (c.saveData || /2g/.test(c.effectiveType || ''))) return;
    ahead = want.filter(function (i, j) { return want.indexOf(i) === j && !ix.shards[i].promise; }).slice(0, most);
    pump(ix);
  }

  function pump(ix) {
    while (aheadBusy < AHEAD_AT_ONCE && ahead.length) {
      var i = ahead.shift();
      if (ix.shards[i].promise) continue;
      aheadBusy++;
      shard(ix, i, 'low').catch(function () { /* fetched again when needed */ }).then(function () {
        aheadBusy--;
        pump(ix);
      });
    }
  }

  // nextSlices gives the slices the word w may need once one more letter
  // is typed: after one letter, where each two-letter beginning is (see
  // shardRange); after more, every slice of the words that begin with w.
  function nextSlices(ix, w) {
    var want = [];
    if (w.length < 2) {
      for (var i = 0; i < LETTERS.length; i++) want.push(sliceOf(ix, utf8.encode(w + LETTERS[i])));
    } else {
      want = wordSlices(ix, w, utf8.encode(w));
    }
    return want;
  }

  // wordSlices gives every slice of the words that begin with w (UTF-8: b).
  function wordSlices(ix, w, b) {
    var out = [sliceOf(ix, b)];
    for (var j = out[0] + 1; j < ix.shards.length && ix.shards[j].from.startsWith(w); j++) out.push(j);
    return out;
  }

  // shardRange gives the slices a token's terms can be in.
  function shardRange(ix, tok) {
    // One or two letters stand for too many words to fetch them all (on
    // a big site, the words that begin with "pa" fill eight slices): the
    // terms of the first slice will do until the next key.
    if (tok.prefix && (tok.t.length > 2 || CJK.test(tok.t))) return wordSlices(ix, tok.t, tok.b);
    return [sliceOf(ix, tok.b)];
  }

  var MAX_EXPANSIONS = 8; // per character of the token: "b" stands for 8 terms, "booth" for 40
  var MAX_SHOWN = 50; // results of a group that a page can show
  var TITLE_BONUS = 1.6;
  var KIND_ORDER = [3, 2, 1, 0]; // people, roles, teams, pages
  var KIND_LABEL = { 0: 'Pages', 1: 'Teams', 2: 'Roles', 3: 'People' };

  // run searches the index; it resolves to null for an empty query, else
  // to {query, total, partial, groups: [{kind, label, items: [doc]}]}.
  //
  // A keystroke does not wait for the network once the index is in: when
  // a slice the query needs is not in yet, early is called at once with
  // results from what is (see score), and run resolves with the full
  // results when the slices arrive, unless wanted (if given) then says
  // they are no longer wanted (another key came): then it resolves to
  // null without ranking.
  function run(q, early, wanted) {
    if (!q.trim()) return Promise.resolve(null);
    return load().then(function (ix) {
      var parsed = queryTokens(q); // after load: the fold table comes with the index
      if (!parsed.toks.length) return null;
      var need = new Set();
      parsed.toks.forEach(function (tok) {
        tok.b = utf8.encode(tok.t);
        tok.shards = shardRange(ix, tok);
        tok.shards.forEach(function (i) { need.add(i); });
      });
      var missing = Array.from(need).filter(function (i) { return !ix.shards[i].ready; });
      var t0 = performance.now();
      if (missing.length && early) {
        var res0 = score(ix, parsed, q);
        res0.early = true;
        res0.fetched = missing.length;
        res0.phases = { wait: 0, decode: 0, score: performance.now() - t0 };
        early(res0);
        t0 = performance.now();
      }
      var decodeMs = 0;
      return Promise.all(Array.from(need).map(function (i) {
        var fresh = missing.indexOf(i) >= 0; // not fetched, or on its way
        return shard(ix, i).then(function (s) {
          if (fresh) decodeMs += s.decodeMs;
        });
      })).then(function () {
        if (wanted && !wanted()) return null;
        var t1 = performance.now();
        var res = score(ix, parsed, q);
        res.fetched = missing.length;
        res.phases = { wait: t1 - t0 - decodeMs, decode: decodeMs, score: performance.now() - t1 };
        var last = parsed.toks[parsed.toks.length - 1];
        if (CJK.test(last.t)) {
          // The next character makes a pair with this one.
          var ch = Array.from(last.t).pop();
          idle(function () { prefetch(ix, wordSlices(ix, ch, utf8.encode(ch)), PREFETCH_MAX); });
        } else if (last.prefix) {
          idle(function () { prefetch(ix, nextSlices(ix, last.t), PREFETCH_MAX); });
        }
        return res;
      });
    });
  }

  // ---- Results from what is loaded ---------------------------------------
  //
  // While a slice is on its way, a word is looked for in the titles,
  // descriptions and cards' expertise and ask_me_for that index.json has:
  // results show at once, ranked as a match in those fields would be, and
  // the full results replace them when the slice is in. For that each
  // field of every document is folded once, all joined in one string,
  // searched with indexOf (which on a big site takes a few milliseconds a
  // word).

  // index.json's title, description and a card's expertise and
  // ask_me_for, with their weights (render/search.go's fieldWeight).
  var TEXT_FIELDS = [[2, 10], [3, 3], [4, 10]];
  var SCORE_UNIT = 7; // render/search.go's scoreUnit: a weight of 1 is a score of 7

  // textField gives field k of TEXT_FIELDS of every document, folded and
  // joined, and where each document's begins. It is made once, as the
  // index loads (at 10k pages, some 10 ms for the titles, 20 for the
  // descriptions, 2 for the cards' fields).
  function textField(ix, k) {
    ix.text = ix.text || [];
    if (ix.text[k]) return ix.text[k];
    var parts = new Array(ix.docs.length), col = TEXT_FIELDS[k][0];
    var starts = new Int32Array(parts.length + 1);
    for (var d = 0; d < parts.length; d++) {
      parts[d] = ix.docs[d][col] || '';
      starts[d + 1] = starts[d] + parts[d].length + 1;
    }
    return (ix.text[k] = { folded: foldText(parts.join('\n')), starts: starts, weight: TEXT_FIELDS[k][1] * SCORE_UNIT });
  }

  // foldedTitle gives document d's title, folded.
  function foldedTitle(ix, d) {
    var t = ix.text && ix.text[0];
    return t ? t.folded.slice(t.starts[d], t.starts[d + 1] - 1) : foldText(ix.docs[d][2]);
  }

  // isWordAt says whether f[i] is part of a word: an ASCII letter or
  // digit (folded text has no capitals), or else a letter, digit or mark
  // that is not Chinese or Japanese.
  function isWordAt(f, i) {
    var c = f.charCodeAt(i);
    if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    return WORD.test(f[i]) && !CJK.test(f[i]);
  }

  // textMatches scores the documents that have tok in one of the
  // TEXT_FIELDS: a word that begins with it (or is it, if it is not a
  // prefix), or for Chinese and Japanese the characters anywhere. It calls
  // add(doc, score) with the score of each document, weighted by rarity as
  // postings are. One or two letters are not looked for in descriptions:
  // they begin words in most of them (at 10k pages, that doubles the time
  // to 10–30 ms).
  function textMatches(ix, tok, add) {
    var n = ix.docs.length, t = tok.t, cjk = CJK.test(t);
    var got = new Float64Array(n), docs = [];
    for (var k = 0; k < TEXT_FIELDS.length; k++) {
      if (k === 1 && !cjk && t.length <= 2) continue;
      var field = textField(ix, k), f = field.folded, starts = field.starts, d = 0, dw = 0;
      for (var i = f.indexOf(t); ; i = f.indexOf(t, i + 1)) {
        if (i < 0 || i >= starts[d + 1]) { // matches come in order: this document is done
          if (dw > 0) {
            if (got[d] === 0) docs.push(d);
            got[d] += dw * field.weight;
            dw = 0;
          }
          if (i < 0) break;
          while (i >= starts[d + 1]) d++;
        }
        var w = 1;
        if (!cjk) {
          if (i > 0 && isWordAt(f, i - 1)) continue;
          var end = i + t.length;
          while (end < f.length && isWordAt(f, end)) end++;
          if (end > i + t.length) {
            if (!tok.prefix) continue;
            w = 0.4 + 0.6 * t.length / (end - i);
          }
        }
        if (w > dw) dw = w;
        if (w === 1) i = starts[d + 1] - 2; // nothing better in this document: on to the next
      }
    }
    var idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
    docs.forEach(function (d) { add(d, got[d] * idf); });
  }

  // best returns the k first of ids in the given order, in that order,
  // without sorting them all: a big site has thousands of results for a
  // common word, and only a few are shown.
  function best(ids, k, order) {
    if (ids.length <= k) return ids.slice().sort(order);
    var kept = ids.slice(0, k).sort(order);
    for (var i = k; i < ids.length; i++) {
      var d = ids[i];
      if (order(d, kept[k - 1]) >= 0) continue;
      var lo = 0, hi = k - 1;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (order(kept[mid], d) < 0) lo = mid + 1; else hi = mid;
      }
      kept.splice(lo, 0, d);
      kept.length = k;
    }
    return kept;
  }

  // score ranks the documents for a query with the slices that are in.
  // A word whose slices are not all in is also looked for in the titles,
  // descriptions and card fields (textMatches): the results are then
  // early ones. With parsed.textOnly, every word is.
  function score(ix, parsed, q) {
    var n = ix.docs.length, toks = parsed.toks;
    var total = new Float64Array(n), hits = new Uint8Array(n), union = [];
    toks.forEach(function (tok) {
      var exps = [], whole = !parsed.textOnly;
      tok.shards.forEach(function (i) {
        var s = ix.shards[i].data;
        if (!s) {
          whole = false;
          return;
        }
        var k = s.lowerBound(tok.b);
        if (!tok.prefix) {
          if (s.is(k, tok.b)) exps.push({ s: s, k: k, w: 1 });
          return;
        }
        for (; s.startsWith(k, tok.b); k++) {
          var len = s.length(k);
          var w = len === tok.t.length ? 1 : 0.4 + 0.6 * tok.t.length / len;
          exps.push({ s: s, k: k, w: w });
        }
      });
      var most = MAX_EXPANSIONS * tok.t.length;
      if (exps.length > most) { // the closest terms, the commonest first
        exps.sort(function (a, b) { return b.w - a.w || b.s.df[b.k] - a.s.df[a.k]; });
        exps.length = most;
      }
      var best = new Float64Array(n), touched = [];
      exps.forEach(function (e) {
        var df = e.s.df[e.k];
        var w = e.w * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        var p = e.s.postings(e.k);
        for (var j = 0; j < p.docs.length; j++) {
          var d = p.docs[j], v = w * p.scores[j];
          if (v > best[d]) {
            if (best[d] === 0) touched.push(d);
            best[d] = v;
          }
        }
      });
      if (!whole) {
        textMatches(ix, tok, function (d, v) {
          if (v > best[d]) {
            if (best[d] === 0) touched.push(d);
            best[d] = v;
          }
        });
      }
      touched.forEach(function (d) {
        if (hits[d] === 0) union.push(d);
        total[d] += best[d];
        hits[d]++;
      });
    });
    var all = union.filter(function (d) { return hits[d] === toks.length; });
    var partial = false;
    if (!all.length && toks.length > 1) { // no document has every word: the ones with most
      partial = true;
      all = union;
      all.forEach(function (d) { total[d] *= hits[d] / toks.length; });
    }
    var byKind = new Map();
    all.forEach(function (d) {
      var k = ix.docs[d][0];
      if (!byKind.has(k)) byKind.set(k, []);
      byKind.get(k).push(d);
    });
    var fq = foldText(q.trim()), groups = [];
    function order(a, b) { return total[b] - total[a] || a - b; }
    KIND_ORDER.forEach(function (k) {
      var ids = byKind.get(k);
      if (!ids) return;
      // A title that is the query, or starts with it, ranks higher. Only
      // the documents that can reach the top have their titles compared:
      // on a big site, folding every title at each key would cost more
      // than the rest of the query.
      var top = best(ids, MAX_SHOWN, order);
      var reach = ids.length > MAX_SHOWN ? total[top[top.length - 1]] / TITLE_BONUS : 0;
      var near = ids.length > MAX_SHOWN ? ids.filter(function (d) { return total[d] >= reach; }) : ids;
      near.forEach(function (d) {
        var ft = ix.folded[d] || (ix.folded[d] = foldedTitle(ix, d));
        if (ft === fq) total[d] *= TITLE_BONUS;
        else if (ft.startsWith(fq)) total[d] *= 1.25;
      });
      groups.push({
        kind: k, label: KIND_LABEL[k], count: ids.length,
        items: best(near, MAX_SHOWN, order).map(function (d) {
          var doc = ix.docs[d];
          return { kind: k, url: doc[1], title: doc[2], desc: doc[3], score: total[d] };
        })
      });
    });
    return { query: q, total: all.length, partial: partial, groups: groups, hl: parsed.hl };
  }

  // ---- Matching and snippets ------------------------------------------

  // foldText lower-cases and folds text keeping its length in UTF-16
  // units, so that a match in the folded text is at the same place in the
  // original.
  var NON_ASCII = /[^\x00-\x7f]/g;
  function foldText(s) {
    var l = s.toLowerCase();
    if (l.length !== s.length) { // a letter whose lower case is longer (İ): one by one
      l = '';
      for (var i = 0; i < s.length; i++) {
        var lc = s[i].toLowerCase();
        l += lc[0]; // İ → i (and a dot above, dropped)
      }
    }
    return l.replace(NON_ASCII, function (c) { return foldMap.get(c) || c; });
  }

  // matches returns the sorted, merged [start, end) ranges of text that
  // the query's highlight strings match: words at the start of a word
  // (to the end of it), Chinese and Japanese anywhere.
  function matches(text, hl, folded) {
    var f = folded || foldText(text), ranges = [];
    hl.forEach(function (h) {
      if (!h.s) return;
      for (var i = f.indexOf(h.s); i >= 0; i = f.indexOf(h.s, i + 1)) {
        if (h.word && i > 0 && WORD.test(f[i - 1])) continue;
        var end = i + h.s.length;
        if (h.word) while (end < f.length && WORD.test(f[end])) end++;
        ranges.push([i, end]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    ranges.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else out.push(r.slice());
    });
    return out;
  }

  // countMatched is how many of the highlight strings folded text has.
  function countMatched(f, hl) {
    var n = 0;
    hl.forEach(function (h) {
      if (!h.s) return;
      for (var i = f.indexOf(h.s); i >= 0; i = f.indexOf(h.s, i + 1)) {
        if (!h.word || i === 0 || !WORD.test(f[i - 1])) { n++; return; }
      }
    });
    return n;
  }

  // marked returns a fragment of text[start:end] with the ranges in <mark>.
  function marked(text, ranges, start, end) {
    var frag = document.createDocumentFragment(), at = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a >= b || a < at) return;
      if (a > at) frag.appendChild(document.createTextNode(text.slice(at, a)));
      var m = document.createElement('mark');
      m.textContent = text.slice(a, b);
      frag.appendChild(m);
      at = b;
    });
    if (at < end) frag.appendChild(document.createTextNode(text.slice(at, end)));
    return frag;
  }

  var SNIPPET = 170;

  // excerpt is a window of about SNIPPET characters around the first match.
  function excerpt(text, ranges) {
    if (!ranges.length) return null;
    var start = Math.max(0, ranges[0][0] - 50);
    if (start > 0) {
      var sp = text.indexOf(' ', start);
      if (sp >= 0 && sp < ranges[0][0]) start = sp + 1;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var back = text.lastIndexOf(' ', end);
      if (back > ranges[0][1]) end = back;
    }
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode('…'));
    frag.appendChild(marked(text, ranges, start, end));
    if (end < text.length) frag.appendChild(document.createTextNode('…'));
    return frag;
  }

  // What of a page is not its text: navigation, the table of contents,
  // permalink signs, the page's furniture.
  var SKIP = 'nav, script, style, template, noscript, form, button, svg, [hidden], [aria-hidden="true"], ' +
    '.anchor, .toc, .breadcrumbs, .pager, .edit, .mentioned-in, .page-meta, .card-kind';
  var INLINE = /^(a|abbr|b|bdi|bdo|cite|code|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var|time)$/;

  // sections reads a page as its headed sections: [{id, heading, text}],
  // the first being the text before any heading with an id.
  function sections(doc) {
    var main = doc.querySelector('main') || doc.body;
    var out = [], cur = { id: '', heading: '', parts: [] };
    out.push(cur);
    function walk(node) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) {
          cur.parts.push(c.data);
          continue;
        }
        if (c.nodeType !== 1 || c.matches(SKIP)) continue;
        var tag = c.localName;
        if (/^h[1-6]$/.test(tag)) {
          if (tag === 'h1') continue;
          if (c.id) {
            var h = c.cloneNode(true);
            h.querySelectorAll('.anchor').forEach(function (a) { a.remove(); });
            cur = { id: c.id, heading: h.textContent.replace(/\s+/g, ' ').trim(), parts: [] };
            out.push(cur);
            continue;
          }
        }
        var block = !INLINE.test(tag);
        if (block) cur.parts.push(' ');
        walk(c);
        if (block) cur.parts.push(' ');
      }
    }
    walk(main);
    return out.map(function (s) {
      var text = s.parts.join('').replace(/\s+/g, ' ').trim();
      return { id: s.id, heading: s.heading, text: text, ftext: foldText(text), fheading: foldText(s.heading) };
    });
  }

  var pages = new Map(); // URL → promise of sections

  function pageSections(url) {
    var p = pages.get(url);
    if (!p) {
      p = fetch(url)
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.text();
        })
        .then(function (html) {
          // Reading a page takes a few milliseconds: not while a key waits.
          return new Promise(function (resolve) {
            if (window.requestIdleCallback) requestIdleCallback(resolve, { timeout: 1000 });
            else setTimeout(resolve, 0);
          }).then(function () {
            return sections(new DOMParser().parseFromString(html, 'text/html'));
          });
        });
      p.catch(function () { pages.delete(url); });
      pages.set(url, p);
    }
    return p;
  }

  // bestSection picks the section with most of the query's words, a match
  // in the heading counting extra, the earlier winning a tie.
  function bestSection(secs, hl) {
    var best = null, bestScore = 0;
    secs.forEach(function (s) {
      var n = countMatched(s.ftext, hl) * 2 + countMatched(s.fheading, hl) * 3;
      if (n > bestScore) { best = s; bestScore = n; }
    });
    return best;
  }

  // enrich fills in the snippet of a rendered result from its page, and
  // points its link at the section the words are in.
  // It marks the result data-snippet="page" or "description": where its
  // snippet came from in the end.
  function enrich(el, item, hl) {
    var url = new URL(item.url, root);
    return pageSections(url.href).then(function (secs) {
      var s = bestSection(secs, hl);
      if (!el.isConnected) return;
      el.dataset.snippet = 'description';
      if (!s) return;
      if (s.id) {
        url.hash = s.id;
        var link = el.localName === 'a' ? el : el.querySelector('a');
        if (link) link.href = url.href;
        var where = el.querySelector('.search-result-section');
        if (where) where.textContent = s.heading;
      }
      var snip = el.querySelector('.search-result-snippet');
      var frag = s.text ? excerpt(s.text, matches(s.text, hl, s.ftext)) : excerpt(s.heading, matches(s.heading, hl, s.fheading));
      if (snip && frag) {
        snip.textContent = '';
        snip.appendChild(frag);
      }
      el.dataset.snippet = 'page';
    }).catch(function () {
      el.dataset.snippet = 'description';
    });
  }

  // ---- Rendering ------------------------------------------------------

  function resultContent(item, hl) {
    var frag = document.createDocumentFragment();
    var title = document.createElement('span');
    title.className = 'search-result-title';
    title.appendChild(marked(item.title, matches(item.title, hl), 0, item.title.length));
    frag.appendChild(title);
    var where = document.createElement('span');
    where.className = 'search-result-section';
    frag.appendChild(where);
    var snip = document.createElement('span');
    snip.className = 'search-result-snippet';
    if (item.desc) snip.appendChild(marked(item.desc, matches(item.desc, hl), 0, item.desc.length));
    frag.appendChild(snip);
    return frag;
  }

  // searched tells whoever listens (tests, measurements) that results for
  // a query are in the page, and how long the query took.
  //
  // A query shows early results when a slice it needs is not in yet
  // (detail.early), then its full results (detail.refined); seq tells
  // which query each is of, and shown lists the URLs of the results in
  // the list.
  function searched(res, started, seq, refined, shown) {
    document.dispatchEvent(new CustomEvent('handbook:search', {
      detail: {
        query: res.query, results: res.total, fetched: res.fetched, phases: res.phases, ms: performance.now() - started,
        early: !!res.early, refined: !!refined, seq: seq, shown: shown || []
      }
    }));
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function searchPageURL(q) {
    var u = new URL('search/', root);
    u.searchParams.set('q', q);
    return u.href;
  }

  // ---- The box in the header -----------------------------------------

  function Box(form) {
    var input = form.querySelector('input[type="search"]');
    var panel = form.querySelector('.site-search-panel');
    if (!input || !panel) return;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    form.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', panel.id);
    panel.setAttribute('role', 'listbox');
    panel.setAttribute('aria-label', 'Search results');

    var options = [], active = -1, seq = 0, lastQuery = null, timer = 0;

    function open() {
      if (!panel.firstChild) return;
      panel.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function close() {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }
    function setActive(i) {
      if (active >= 0 && options[active]) options[active].removeAttribute('aria-selected');
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', options[i].id);
        options[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function message(text) {
      delete panel.dataset.query;
      delete panel.dataset.state;
      panel.textContent = '';
      options = [];
      active = -1;
      var p = document.createElement('p');
      p.className = 'search-message';
      p.textContent = text;
      panel.appendChild(p);
      open();
    }

    // show puts results in the list: early ones (res.early) while a slice
    // is on its way, then the full ones (refined), which keep the chosen
    // result chosen if it is still there.
    function show(res, started, refined) {
      var chosen = refined && active >= 0 && options[active] ? options[active].href : null;
      panel.textContent = '';
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      panel.dataset.state = res.early ? 'early' : 'final';
      if (!res.total) {
        // Early, no title, description or card field has the words:
        // the full results will say.
        message(res.early ? 'Searching…' : 'No results for “' + res.query.trim() + '”');
        panel.dataset.query = res.query;
        panel.dataset.state = res.early ? 'early' : 'final';
        status.textContent = res.early ? '' : 'No results';
        searched(res, started, seq, refined);
        return;
      }
      panel.dataset.query = res.query; // what the list shows results of
      var limits = { 3: 4, 2: 4, 1: 3, 0: 6 }, toEnrich = [];
      if (res.partial) {
        var note = document.createElement('p');
        note.className = 'search-message';
        note.textContent = 'No page has all of these words; these have some.';
        panel.appendChild(note);
      }
      res.groups.forEach(function (g) {
        var group = document.createElement('div');
        group.className = 'search-group';
        group.setAttribute('role', 'group');
        var label = document.createElement('div');
        label.className = 'search-group-title';
        label.id = 'site-search-group-' + g.kind;
        label.textContent = g.label;
        group.setAttribute('aria-labelledby', label.id);
        group.appendChild(label);
        g.items.slice(0, limits[g.kind]).forEach(function (item) {
          var a = document.createElement('a');
          a.className = 'search-result';
          a.setAttribute('role', 'option');
          a.id = 'site-search-option-' + options.length;
          a.href = new URL(item.url, root).href;
          a.tabIndex = -1;
          a.appendChild(resultContent(item, res.hl));
          group.appendChild(a);
          options.push(a);
          toEnrich.push([a, item]);
        });
        panel.appendChild(group);
      });
      var all = document.createElement('a');
      all.className = 'search-all';
      all.setAttribute('role', 'option');
      all.id = 'site-search-option-' + options.length;
      all.href = searchPageURL(res.query.trim());
      all.tabIndex = -1;
      all.textContent = 'All ' + plural(res.total, 'result', 'results') + ' for “' + res.query.trim() + '”';
      panel.appendChild(all);
      options.push(all);
      open();
      if (chosen) {
        for (var i = 0; i < options.length; i++) {
          if (options[i].href === chosen) setActive(i);
        }
      }
      // A screen reader hears the count of the full results only.
      status.textContent = res.early ? '' : plural(res.total, 'result', 'results');
      searched(res, started, seq, refined, toEnrich.map(function (e) { return e[1].url; }));
      // Snippets once typing pauses (and the results are the full ones):
      // each needs its page.
      clearTimeout(timer);
      if (res.early) return;
      var mine = seq;
      timer = setTimeout(function () {
        if (mine !== seq) return;
        toEnrich.slice(0, 8).forEach(function (e) { enrich(e[0], e[1], res.hl); });
      }, 120);
    }

    function update() {
      var q = input.value;
      if (q === lastQuery) {
        open();
        return;
      }
      lastQuery = q;
      var mine = ++seq, started = performance.now();
      if (!q.trim()) {
        panel.textContent = '';
        options = [];
        close();
        status.textContent = '';
        return;
      }
      var slow = setTimeout(function () { if (mine === seq) message('Loading the search index…'); }, 150);
      var early = false;
      run(q, function (res) {
        clearTimeout(slow);
        if (mine !== seq) return;
        early = true;
        show(res, started);
      }, function () { return mine === seq; }).then(function (res) {
        clearTimeout(slow);
        if (mine !== seq) return;
        if (res) show(res, started, early);
        else message('No results for “' + q.trim() + '”');
      }, function (err) {
        clearTimeout(slow);
        if (mine !== seq) return;
        lastQuery = null;
        message(window.location.protocol === 'file:' ?
          'Search needs the site to be served over http: it cannot read its index from a file.' :
          'Search is not available: its index could not be loaded (' + err.message + ').');
      });
    }

    input.addEventListener('focus', function () {
      load().catch(function () { /* reported when a query needs it */ });
      if (input.value.trim()) update();
    });
    input.addEventListener('input', function (e) {
      if (!e.isComposing) update();
    });
    input.addEventListener('compositionend', update);
    input.addEventListener('keydown', function (e) {
      if (e.isComposing) return;
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          if (panel.hidden) { update(); open(); }
          if (options.length) setActive((active + 1) % options.length);
          break;
        case 'ArrowUp':
          e.preventDefault();
          if (options.length) setActive(active <= 0 ? options.length - 1 : active - 1);
          break;
        case 'Enter':
          if (active >= 0 && options[active] && !panel.hidden) {
            e.preventDefault();
            window.location.href = options[active].href;
          }
          break;
        case 'Escape':
          if (!panel.hidden) {
            e.preventDefault();
            close();
          } else if (input.value) {
            e.preventDefault();
            input.value = '';
            update();
          } else {
            input.blur();
          }
          break;
      }
    });
    var px = -1, py = -1;
    panel.addEventListener('pointermove', function (e) {
      // Browsers also send a move when the list changes under a resting
      // pointer: only a real move chooses a result.
      if (e.clientX === px && e.clientY === py) return;
      px = e.clientX;
      py = e.clientY;
      var a = e.target.closest && e.target.closest('[role="option"]');
      var i = options.indexOf(a);
      if (i >= 0 && i !== active) setActive(i);
    });
    // Keep focus in the box while a result is clicked.
    panel.addEventListener('mousedown', function (e) { e.preventDefault(); });
    // Enter on a chosen result has opened it; the form must not also go
    // to the search page (some keyboards send a keypress after the keydown).
    form.addEventListener('submit', function (e) {
      if (active >= 0 && !panel.hidden) e.preventDefault();
    });
    form.addEventListener('focusout', function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
    });
    document.addEventListener('pointerdown', function (e) {
      if (!form.contains(e.target)) close();
    });
    return input;
  }

  // ---- The search page -----------------------------------------------

  function Page(form, list, statusEl) {
    var input = form.querySelector('input[type="search"]');
    var seq = 0, timer = 0;

    function show(res, started, refined) {
      list.textContent = '';
      if (!res) {
        statusEl.textContent = '';
        return;
      }
      list.dataset.state = res.early ? 'early' : 'final';
      if (!res.total) {
        statusEl.textContent = res.early ? 'Searching…' : 'No results for “' + res.query.trim() + '”.';
        searched(res, started, seq, refined);
        return;
      }
      statusEl.textContent = plural(res.total, 'result', 'results') + ' for “' + res.query.trim() + '”' +
        (res.partial ? ': no page has all of these words; these have some.' : '.');
      var toEnrich = [];
      res.groups.forEach(function (g) {
        var sec = document.createElement('section');
        sec.className = 'search-group';
        var h = document.createElement('h2');
        h.textContent = g.label + ' ';
        var count = document.createElement('span');
        count.className = 'count';
        count.textContent = '(' + g.count + ')';
        h.appendChild(count);
        sec.appendChild(h);
        var ul = document.createElement('ul');
        g.items.slice(0, 50).forEach(function (item) {
          var li = document.createElement('li');
          li.className = 'search-result';
          var a = document.createElement('a');
          a.href = new URL(item.url, root).href;
          var content = resultContent(item, res.hl);
          a.appendChild(content.firstChild); // the title
          li.appendChild(a);
          li.appendChild(content); // section and snippet
          ul.appendChild(li);
          toEnrich.push([li, item]);
        });
        sec.appendChild(ul);
        list.appendChild(sec);
      });
      searched(res, started, seq, refined, toEnrich.map(function (e) { return e[1].url; }));
      if (!res.early) toEnrich.slice(0, 20).forEach(function (e) { enrich(e[0], e[1], res.hl); });
    }

    function update(push) {
      var q = input.value, mine = ++seq, started = performance.now();
      var u = new URL(window.location.href);
      if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
      if (push !== false) history.replaceState(null, '', u);
      if (!q.trim()) {
        show(null);
        return;
      }
      statusEl.textContent = 'Searching…';
      var early = false;
      run(q, function (res) {
        if (mine !== seq) return;
        early = true;
        show(res, started);
      }, function () { return mine === seq; }).then(function (res) {
        if (mine === seq) show(res, started, early);
      }, function (err) {
        if (mine !== seq) return;
        statusEl.textContent = window.location.protocol === 'file:' ?
          'Search needs the site to be served over http: it cannot read its index from a file.' :
          'Search is not available: its index could not be loaded (' + err.message + ').';
      });
    }

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      update();
    });
    input.addEventListener('input', function (e) {
      if (e.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(update, 80);
    });
    input.addEventListener('compositionend', function () { update(); });
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) {
      input.value = q;
      update(false);
    }
    return input;
  }

  // ---- Start -----------------------------------------------------------

  var boxForm = document.querySelector('form.site-search');
  var boxInput = boxForm ? Box(boxForm) : null;
  var pageForm = document.querySelector('form.search-page-form');
  var pageInput = null;
  if (pageForm) {
    pageInput = Page(pageForm, document.getElementById('search-page-results'), document.getElementById('search-page-status'));
  }
  document.documentElement.classList.add('has-search');

  // The sidebar is shut in the HTML so that phones show the page first;
  // wide screens show it open through CSS (::details-content). Where the
  // browser cannot, open it here.
  var sidebar = document.querySelector('.sidebar-toggle');
  if (sidebar && !(window.CSS && CSS.supports && CSS.supports('selector(::details-content)')) &&
      window.matchMedia('(min-width: 48.01rem)').matches) {
    sidebar.open = true;
  }

  document.addEventListener('keydown', function (e) {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    var target = pageInput || boxInput;
    if (!target) return;
    e.preventDefault();
    target.focus();
    target.select();
  });

  // For tests and tools: the term rules and the query function.
  window.handbookSearch = { indexTerms: indexTerms, run: run, load: load };
})();
