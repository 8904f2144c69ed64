/* bantin search: the index (src/search/mod.rs) is scripts calling bantinSearch.add: it loads from
   file:// and under any sub-path. Queries are folded (đ → d, no marks), ranked BM25-style. */
(w => {
'use strict';
var S = w.bantinSearch = w.bantinSearch || {}, d = w.document;
var store = {}, waiting = {}, M = null, VAL = [], PAGE = 10, i;
var DIG = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
for (i = 0; i < 64; i++) VAL[DIG.charCodeAt(i)] = i;
var own = (o, k) => !!o && {}.hasOwnProperty.call(o, k);

/* Base-64 self-delimiting numbers (src/search/codec.rs). */
function dec(s) {
  for (var out = [], v = 0, i = 0, x; i < s.length; i++) {
    x = VAL[s.charCodeAt(i)];
    v = v * 32 + (x & 31);
    if (x < 32) { out.push(v); v = 0; }
  }
  return out;
}

/* Loading: a file is a script; tests replace the loader. */
S.root = S.root || '';
S.add = (name, data) => { store[name] = data; };
S.loader = S.loader || ((name, done) => {
  var s = d.head.appendChild(d.createElement('script'));
  s.onload = () => done(0);
  s.onerror = () => done(1);
  s.src = S.root + 'search/' + name + '.js';
});
function load(names, cb) {
  var left = 1, err = 0;
  function fin(e) { err = err || e; if (!--left) cb(err); }
  names.forEach(n => {
    if (own(store, n)) return;
    left++;
    if (waiting[n]) return waiting[n].push(fin);
    waiting[n] = [fin];
    S.loader(n, e => {
      var l = waiting[n];
      delete waiting[n];
      l.forEach(f => f(e || !own(store, n)));
    });
  });
  fin(0);
}
S.meta = cb => {
  if (M) return cb(M);
  load(['meta'], e => {
    var m = store.meta;
    if (M || e || !m || m.v !== 1) return cb(M || null);
    ['units', 'camps', 'kinds'].forEach(t => {
      m[t] = m[t].map(u => typeof u === 'string' ? [slug(u), u] : u);
    });
    m.w = m.w ? m.w.split(' ') : [];
    cb(M = m);
  });
};
/* Facet columns (y: year, u: unit, k: kind, c: campaigns), loaded for filtering only. */
function facets(names, cb) {
  load(names.map(x => 'f-' + x), e => {
    var F = {};
    names.forEach(x => {
      var f = store['f-' + x] || { v: '' }, c, i = 0, k;
      if (x === 'c' && !f.d) for (c = dec(f.v), f.d = [], k = 0; k < M.n; k++) { f.d.push(c.slice(i + 1, i + 1 + c[i])); i += c[i] + 1; }
      F[x] = f.d = f.d || dec(f.v);
      F.y0 = F.y0 || f.y0;
    });
    cb(e ? null : F);
  });
}

/* Text: the same rules as vi::fold and src/search/token.rs. */
var fold = S.fold = s => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
function slug(s) { return fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''); }
var PARTS = /[\p{Alphabetic}\p{N}\p{M}]+|[^\p{Alphabetic}\p{N}\p{M}]+/gu, TOK = /^[\p{Alphabetic}\p{N}\p{M}]/u;
var HARD = /[.,;:!?…|\n\r]/, DIGITS = /^[0-9]+$/;
var zeros = p => DIGITS.test(p) ? p.replace(/^0+(?=.)/, '') : p;
/* Dates as readers type them, as the index's date keys (src/search/dates.rs: @2022, @2022-10,
   @2022-10-23): 23/8/2022, ngày 23 tháng 8 năm 2022, 10/2022, tháng 10 năm 2022, thang 10 2022,
   năm 2022, 2022. A number inside a document number (04/2015/NĐ-CP) is not a date. */
var ALNUM = '[\\p{L}\\p{N}]', BEFORE = '(?<!' + ALNUM + '|' + ALNUM + '[-/.])', AFTER = '(?!' + ALNUM + '|[-/.]' + ALNUM + ')';
/* Where the year, month and day are among a form's numbers. */
var DMY = [2, 1, 0], MY = [1, 0];
var DAY = '(?:ng[aà]y\\s*)?', MONTH = 'th[aá]ng\\s*', YEAR_WORD = 'n[aă]m\\s*';
var DATE_FORMS = [
  [DAY + '(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})', DMY],
  [DAY + '(\\d{1,2})\\s*' + MONTH + '(\\d{1,2})\\s*(?:' + YEAR_WORD + '|[-/.,]\\s*)?(\\d{4})', DMY],
  ['(?:' + MONTH + ')?(\\d{1,2})[-/.](\\d{4})', MY],
  [MONTH + '(\\d{1,2})\\s*(?:' + YEAR_WORD + '|,\\s*)?(\\d{4})', MY],
  ['(?:' + YEAR_WORD + ')?((?:19|20)\\d\\d)', [0]],
].map(f => [new RegExp(BEFORE + f[0] + AFTER, 'gu'), f[1]]);
var pad = n => (n < 10 ? '0' : '') + n;
/* Takes the dates out of a (lower-case NFC) query: {rest: the query with each date a phrase
   break, dates: [{key, year}]}; `year` is the year as a word, for a date that is a year alone. */
S.dates = query => {
  var dates = [];
  DATE_FORMS.forEach(([pattern, order]) => {
    query = query.replace(pattern, (match, ...numbers) => {
      var [year, month, day] = order.map(i => +numbers[i] || 0);
      if (year < 1900 || year > 2099 || month > 12 || day > 31 || (order.length > 1 && !month) || (order.length > 2 && !day)) return match;
      if (dates.length < 4) dates.push({ key: '@' + year + (month ? '-' + pad(month) + (day ? '-' + pad(day) : '') : ''), year: month ? '' : '' + year });
      return ' | ';
    });
  });
  return { rest: query, dates: dates };
};

/* A query's words and dates: S.words of what is left once S.dates took the dates out, with the
   dates as `d`. */
S.tokens = q => {
  var found = S.dates(normalized(q)), words = S.words(found.rest);
  words.d = found.dates;
  return words;
};
function normalized(q) {
  return q.normalize('NFC').toLowerCase().replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-').replace(/\s*([-/])\s*/g, '$1');
}
/* A text's tokens as src/search/token.rs reads them {w: as written, f: folded, l: linked to the
   previous one}, document numbers (n) with the tokens each spans (spans: [first, end]), and
   whether the last token is still being typed. */
S.words = q => {
  q = normalized(q);
  var t = [], nums = [], spans = [], prev = false, gap = '', open = false, num = '', parts = 0, from = 0, first, letter, broken;
  function flush() {
    if (parts > 1 && first && letter && !broken) { nums.push(fold(num)); spans.push([from, t.length]); }
    num = ''; parts = 0; first = letter = broken = false;
  }
  (q.match(PARTS) || []).forEach(p => {
    if (!(open = TOK.test(p))) return void (gap += p);
    if (prev && (gap === '-' || gap === '/')) { if (first) num += gap; } else flush();
    var linked = prev && !HARD.test(gap), digits = DIGITS.test(p);
    gap = '';
    if (Array.from(p).length > 32) return void (prev = false, broken = true);
    p = zeros(p);
    if (!parts++) { first = digits; from = t.length; }
    if (first) { letter = letter || !digits; num += p; }
    t.push({ w: p, f: fold(p), l: linked });
    prev = true;
  });
  flush();
  return { t: t.slice(0, 24), n: nums, spans: spans, open: open };
};

/* Shards: `bounds` has every shard's first key but the first's (written forms sort as fold\0written). */
function shard(bounds, k) {
  for (var lo = 0, hi = bounds.length, m; lo < hi;) { m = (lo + hi) >> 1; if (bounds[m] <= k) lo = m + 1; else hi = m; }
  return lo;
}
function ukey(k, wt, f) { f = fold(k); return ['u-' + shard(M.su, f === k ? f : f + '\0' + k), k, wt]; }
function bkey(k, wt) { return ['b-' + shard(M.sb, k), k, wt]; }
/* A posting list → Map(document → 2 × heading level + body level). */
function post(v, n) {
  var m = new Map();
  function add(doc, lv) { m.set(doc, (m.get(doc) || 0) + lv); }
  v.split('~').forEach((s, h) => {
    var t = s[0], a = t === '*' ? [VAL[s.charCodeAt(1)]] : dec(t === '!' ? s.slice(1) : s), doc = 0, i, skip, wt = h ? 2 : 1,
      lv = wt * (a[0] + 1);
    // more than half the documents: those without the key
    if (t === '!') {
      for (i = 1, skip = a.length > 1 ? a[1] - 1 : n; doc < n; doc++) {
        if (doc === skip) skip = ++i < a.length ? skip + a[i] : n; else add(doc, lv);
      }
    // a bitmap, 6 documents a digit
    } else if (t === '*') {
      for (i = 2; i < s.length; i++) for (doc = 0; doc < 6; doc++) if (VAL[s.charCodeAt(i)] >> doc & 1) add((i - 2) * 6 + doc, lv);
    } else {
      for (i = 0; i < a.length; i++) add((doc += Math.floor(a[i] / 8)) - 1, wt * (a[i] % 8 + 1));
    }
  });
  return m;
}
/* A filter from {nam, 'don-vi', 'chien-dich', loai}; cb(null) when none is set. */
function filter(f, cb) {
  if (!(f.nam || f['don-vi'] || f['chien-dich'] || f.loai)) return cb(null);
  // -1: any; -2: a key no document has
  function ix(list, key) {
    var i = list.map(r => r[0]).indexOf(key);
    return key ? (i < 0 ? -2 : i) : -1;
  }
  var u = ix(M.units, f['don-vi']), k = ix(M.kinds, f.loai), c = ix(M.camps, f['chien-dich']);
  facets(['y', 'u', 'k', 'c'].filter((x, j) => [f.nam, u + 1, k + 1, c + 1][j]), F => cb(i => !!F &&
    (!f.nam || F.y[i] === f.nam - F.y0) && (u === -1 || F.u[i] === u) && (k === -1 || F.k[i] === k) &&
    (c === -1 || F.c[i].indexOf(c) >= 0)));
}
function pop(x) { for (var c = 0; x; x &= x - 1) c++; return c; }

/* Runs a query: cb({ids: documents best first, partial: not every word found, notAsWritten: found
   only with other marks than typed, terms: what to highlight, error: a file failed}).
   f: {nam, 'don-vi', 'chien-dich', loai} as in the URL. Three steps, each handing on to the
   next (plan → complete → rank); all synchronous when the loader is (run_queries.js). */
S.query = (q, f, cb) => S.meta(m => m ? filter(f || {}, accepts => plan(q, accepts, cb)) : cb({ ids: [], error: 1 }));

/* What the query asks, as clauses {bit: the query word it stands for (-1: none), keys: [file,
   key, weight], and flags}; a document's score adds up each clause's best key times its idf. */
function plan(q, accepts, cb) {
  var query = S.tokens(q), words = query.t, clauses = [], last = query.open && words[words.length - 1];
  // to highlight: words typed with marks as written, the others folded; p: the word being typed
  var terms = { f: words.map(x => x.w === x.f ? x.f : x.w), p: last && last.f.length > 1 ? last.f : '' }, i, ids = [];
  if (!words.length && !query.d.length) {
    if (accepts) for (i = 0; i < M.n; i++) if (accepts(i)) ids.push(i);
    return cb({ ids, terms });
  }
  var p = { query, clauses, terms, last, accepts, files: [] };
  // The parts of a document number (kh, ubnd) say little of a document: the whole number decides.
  var inNumber = i => query.spans.some(span => span[0] <= i && i < span[1]);
  // with marks, the exact form counts most; the fold finds variants
  words.forEach((x, i) => {
    var weight = inNumber(i) ? 0.25 : 1;
    clauses.push(p.word = { bit: i, keys: [ukey(x.f, (x.w === x.f ? 1 : 0.5) * weight)] });
    if (x.w !== x.f) clauses.push({ bit: -1, asWritten: true, keys: [ukey(x.w, weight)] });
    if (x.l && i) clauses.push(p.pair = { bit: -1, pair: true, keys: [bkey(words[i - 1].f + ' ' + x.f, weight)] });
  });
  // A document number found whole stands for the words it is made of.
  query.n.forEach((k, j) => {
    for (var covers = 0, b = query.spans[j][0]; b < query.spans[j][1]; b++) covers |= 1 << b;
    clauses.push({ bit: -1, covers: covers, keys: [ukey(k, 3)] });
  });
  // A date: the document's date, period or deadlines; a year alone may also be a word.
  query.d.forEach((date, j) => {
    clauses.push({ bit: words.length + j, keys: [ukey(date.key, 1)].concat(date.year ? [ukey(date.year, 0.5)] : []) });
    if (date.year) terms.f.push(date.year);
  });
  // The word being typed: its completions (a w- shard, by its first two letters) and, linked
  // to the word before, the pairs starting with both (at most two b- shards).
  if (terms.p) p.files.push('w-' + (p.completions = shard(M.w, last.f.slice(0, 2))));
  if (last && last.l && words.length > 1) {
    p.typed = words[words.length - 2].f + ' ' + last.f;
    p.pair.bit = words.length - 1;
    p.pairFrom = shard(M.sb, p.typed);
    p.pairTo = Math.min(shard(M.sb, p.typed + '\uffff'), p.pairFrom + 1);
    for (i = p.pairFrom; i <= p.pairTo; i++) p.files.push('b-' + i);
  }
  load(p.files, () => complete(p, cb));
}

/* The word being typed also matches its most frequent completions, from at most 3 shards,
   and the pairs they make with the word before it; then the files of every key are loaded. */
function complete(p, cb) {
  var last = p.last, shards = {}, count = 1, left = 8, i, need = {};
  if (last) {
    shards[p.word.keys[0][0]] = 1;
    (p.completions >= 0 ? store['w-' + p.completions] || '' : '').split(' ').forEach(k => {
      if (!left || k === last.f || k.indexOf(last.f)) return;
      var key = ukey(k, 0.7);
      if (!shards[key[0]] && count >= 3) return;
      if (!shards[key[0]]) { shards[key[0]] = 1; count++; }
      p.word.keys.push(key); left--;
    });
    for (left = 12, i = p.pairFrom; i <= p.pairTo; i++) Object.keys(store['b-' + i] || {}).forEach(k => {
      if (left && k !== p.typed && !k.indexOf(p.typed)) { p.pair.keys.push(['b-' + i, k, 0.7]); left--; }
    });
  }
  p.clauses.forEach(c => c.keys.forEach(k => need[k[0]] = 1));
  load(Object.keys(need), err => cb(rank(p, err)));
}

/* Scores (each clause's best key per document, times the clause's idf) and orders the
   documents with every word, or when none has them all, those with most of them. */
function rank(p, err) {
  var n = M.n, all = [], some = [], i;
  var score = new Float64Array(n), found = new Int32Array(n), pairs = new Int32Array(n), written = new Int32Array(n);
  var every = (1 << (p.query.t.length + p.query.d.length)) - 1;
  p.clauses.forEach(c => {
    var best = new Map(), idf;
    c.keys.forEach(([file, key, weight]) => {
      if (own(store[file], key)) post(store[file][key], n).forEach((lv, doc) => {
        if (!(best.get(doc) >= lv * weight)) best.set(doc, lv * weight);
      });
    });
    idf = Math.log(1 + (n - best.size + 0.5) / (best.size + 0.5)) / 8;
    best.forEach((lv, doc) => {
      score[doc] += lv * idf;
      found[doc] |= (c.bit >= 0 ? 1 << c.bit : 0) | c.covers;
      if (c.pair) pairs[doc]++;
      if (c.asWritten) written[doc]++;
    });
  });
  for (i = 0; i < n; i++) if (found[i] && (!p.accepts || p.accepts(i))) (found[i] === every ? all : some).push(i);
  var partial = !all.length, ids = partial ? some : all, marked = p.clauses.filter(c => c.asWritten).length;
  var asWritten = doc => marked > 0 && written[doc] === marked;
  // Every word as typed, marks included, first; then documents with more of the query's
  // adjacent pairs (the phrase); then the score.
  ids.sort((a, b) => (partial && pop(found[b]) - pop(found[a])) || asWritten(b) - asWritten(a) ||
    pairs[b] - pairs[a] || score[b] - score[a] || a - b);
  return {
    ids, partial: partial && ids.length > 0, terms: p.terms, error: err,
    // The query has marks, and no document has every word as typed: only folded matches.
    notAsWritten: marked > 0 && ids.length > 0 && !asWritten(ids[0]),
  };
}

/* Documents for display: loads their blocks. */
S.docs = (ids, cb) => {
  S.meta(m => {
    if (!m) return cb([]);
    var block = i => 'd-' + Math.floor(i / m.bs);
    load(ids.map(block), () => {
      cb(ids.map(i => {
        var r = (store[block(i)] || [])[i % m.bs];
        return r && { title: r[0], number: r[1], url: r[2], date: r[3], text: r[4], unit: m.units[r[5]][1], kind: m.kinds[r[6]][1] };
      }).filter(Boolean));
    });
  });
};

/* Highlighting: query words (or words starting with the word being typed). */
function esc(s) { return s.replace(/[&<>"]/g, c => '&#' + c.charCodeAt(0) + ';'); }
function hit(p, terms) {
  var f = zeros(fold(p));
  return TOK.test(p) && (terms.f.indexOf(f) >= 0 || terms.f.indexOf(p.toLowerCase()) >= 0 || (!!terms.p && !f.indexOf(terms.p)));
}
var hl = S.highlight = (s, terms) =>
  (s.match(PARTS) || []).map(p => hit(p, terms) ? '<mark>' + esc(p) + '</mark>' : esc(p)).join('');
/* About `len` chars of s around its first hit, highlighted. */
S.snippet = (s, terms, len) => {
  len = len || 200;
  var pos = 0, at = 0, a = 0, b;
  (s.match(PARTS) || []).some(p => { if (hit(p, terms)) return (at = pos, true); pos += p.length; });
  if (at > len / 3) a = Math.max(0, s.lastIndexOf(' ', at - len / 3));
  b = a + len >= s.length ? s.length : s.lastIndexOf(' ', a + len);
  if (b <= at) b = Math.min(s.length, a + len);
  return (a ? '… ' : '') + hl(s.slice(a, b).trim(), terms) + (b < s.length && s[b - 1] !== '…' ? ' …' : '');
};

/* The search page: <div data-search-page data-root="../" data-t-…> (templates/search.html). */
function searchPage() {
  var page = d.querySelector('[data-search-page]');
  if (!page) return;
  S.root = page.getAttribute('data-root') || '';
  var find = selector => page.querySelector(selector);
  var text = (key, n) => (page.getAttribute('data-t-' + key) || '').replace('{n}', n);
  var form = find('form'), input = find('input[name=q]'), status = find('[data-search-status]');
  var list = find('[data-search-results]'), moreButton = find('[data-search-more]');
  var filterBox = find('[data-search-filters]'), noScriptNote = find('[data-search-nojs]');
  var lang = d.documentElement.lang || 'vi', address = new URLSearchParams(w.location.search);
  var selects = {}, typingTimer, statusTimer, latestSearch = 0, results = null, shown = 0;
  if (noScriptNote) noScriptNote.hidden = true;
  input.value = address.get('q') || '';
  S.meta(meta => {
    if (!meta) return void (status.textContent = text('error'));
    filterBox.append(filterFields(meta));
    filterBox.hidden = false;
    search(false);
  });
  input.addEventListener('input', () => { clearTimeout(typingTimer); typingTimer = setTimeout(search, 250); });
  form.addEventListener('submit', event => { event.preventDefault(); clearTimeout(typingTimer); search(true); });
  moreButton.addEventListener('click', () => showMore(true));

  function element(tag, attributes, content) {
    var e = d.createElement(tag);
    for (var name in attributes) e.setAttribute(name, attributes[name]);
    if (content != null) e.textContent = content;
    return e;
  }
  /* A select for each filter (year, unit, campaign, kind), set from the address. */
  function filterFields(meta) {
    var fields = element('fieldset', { 'class': 'search-filters' }), byName = (a, b) => a[1].localeCompare(b[1], lang);
    fields.append(element('legend', {}, text('filters')));
    [['nam', meta.years.map(y => [y, y])], ['don-vi', meta.units.slice().sort(byName)],
      ['chien-dich', meta.camps.slice().sort(byName)], ['loai', meta.kinds.slice().sort(byName)]].forEach(([name, options]) => {
      if (!options.length) return;
      var id = 'search-' + name, field = element('p', { 'class': 'search-filter' }), select = element('select', { id: id, name: name });
      select.append(element('option', { value: '' }, text('all-' + name)));
      options.forEach(([value, label]) => select.append(element('option', { value: value }, label)));
      select.value = address.get(name) || '';
      select.addEventListener('change', () => search(false));
      field.append(element('label', { 'for': id }, text(name)), select);
      fields.append(field);
      selects[name] = select;
    });
    return fields;
  }
  /* The status line is a live region: it changes once, when the results have settled, so a
     screen reader says it once, not at every keystroke. */
  function announce(message, wait) {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => { if (status.textContent !== message) status.textContent = message; }, wait);
  }
  function statusOf(result) {
    var count = result.ids.length;
    if (result.error && !count) return text('error');
    if (!count) return text('none');
    return [text('found', count.toLocaleString(lang)), result.partial && text('partial'),
      result.notAsWritten && text('not-as-written')].filter(Boolean).join(' ');
  }
  /* Runs the query in the box with the filters, and keeps both in the address. */
  function search(submitted) {
    var query = input.value, filters = {}, kept = new URLSearchParams(), mine = ++latestSearch;
    if (query.trim()) kept.set('q', query);
    Object.keys(selects).forEach(name => { if (selects[name].value) kept.set(name, filters[name] = selects[name].value); });
    // Some browsers refuse this on file://.
    try { w.history.replaceState(null, '', w.location.pathname + (kept.toString() ? '?' + kept : '')); } catch (e) { }
    if (!query.trim() && !Object.keys(filters).length) {
      list.textContent = '';
      moreButton.hidden = true;
      return announce(submitted ? text('empty') : '', 0);
    }
    list.setAttribute('aria-busy', 'true');
    S.query(query, filters, result => {
      if (mine !== latestSearch) return;
      results = result;
      shown = 0;
      list.textContent = '';
      list.removeAttribute('aria-busy');
      announce(statusOf(result), submitted ? 0 : 600);
      showMore(false);
    });
  }
  /* The next results, highlighted; `focus`: move to the first of them (the "more" button). */
  function showMore(focus) {
    var ids = results.ids.slice(shown, shown + PAGE), mine = latestSearch;
    shown += ids.length;
    S.docs(ids, docs => {
      if (mine !== latestSearch) return;
      docs.forEach((doc, i) => {
        var item = element('li', { 'class': 'search-result' });
        item.innerHTML = '<h2 class="search-result-title"><a href="' + esc(S.root + doc.url) + '">' + hl(doc.title, results.terms) +
          '</a></h2><p class="search-meta">' + esc([doc.kind + (doc.number ? ' ' + doc.number : ''), doc.unit, doc.date].join(' · ')) +
          '</p><p class="search-snippet">' + S.snippet(doc.text, results.terms) + '</p>';
        list.append(item);
        if (focus && !i) item.querySelector('a').focus();
      });
      moreButton.hidden = shown >= results.ids.length;
    });
  }
}
if (d && d.querySelector) {
  d.readyState === 'loading' ? d.addEventListener('DOMContentLoaded', searchPage) : searchPage();
}
})(typeof window !== 'undefined' ? window : this);
