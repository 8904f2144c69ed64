#!/usr/bin/env node
// bench/search_measure.js — the browser half of bench/search.sh: bantin's search beside Pagefind's
// on one built site, in headless Chromium driven over WebDriver (chromedriver), both sites served
// by the small static server below, which counts every byte it sends (requests made by Pagefind's
// web worker included, which the page's own performance entries would miss).
//
//   node bench/search_measure.js measure --site OUT --label L --json RESULT.json
//        [--limit N] [--relevance tests/search/relevance.json] [--tools bantin]
//   node bench/search_measure.js table RESULTS_DIR      the Markdown table from RESULTS_DIR/*.json
//
// OUT is a `bantin build` output in which bench/search.sh has run Pagefind (OUT/pagefind/).
// No npm packages: node's fetch talks to chromedriver, node's http serves the files.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const net = require('net');
const os = require('os');
const zlib = require('zlib');
const { spawn, execFileSync } = require('child_process');

const REPO = path.join(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';

// Queries typed without marks, over words the generated corpora use, beside the relevance set's.
const EXTRA = ['giai phong mat bang', 'dong bao dan toc thieu so', 'mat tran to quoc', 'bao cao so ket 6 thang', 'nang cao nhan thuc trach nhiem'];

// ---------------------------------------------------------------- the static server
// Serves ROOT with `Cache-Control: no-store` (every new page starts cold), and logs each
// response: [path, bytes on disk, bytes gzip -6 would send].
function serve(root) {
  const log = [];
  const gz = new Map();
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css',
    '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(req.url.split('?')[0]);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try { if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html'); } catch (e) { /* 404 below */ }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); return res.end(); }
      if (!gz.has(file)) gz.set(file, Math.min(body.length, zlib.gzipSync(body, { level: 6 }).length));
      log.push([rel, body.length, gz.get(file)]);
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, log, port: server.address().port })));
}

// ---------------------------------------------------------------- WebDriver
function freePort() {
  return new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => ok(p)); }); });
}
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function startBrowser() {
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bantin-sbench-'));
  const driver = spawn(CHROMEDRIVER, ['--port=' + port], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  async function wd(method, url, body) {
    const r = await fetch(base + url, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(`${method} ${url}: ${JSON.stringify(j.value).slice(0, 500)}`);
    return j.value;
  }
  for (let i = 0; ; i++) {
    try { if ((await wd('GET', '/status')).ready) break; } catch (e) { /* not yet */ }
    if (i > 200) throw new Error('chromedriver not ready');
    await sleep(100);
  }
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-data-dir=' + profile];
  const s = await wd('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'chrome',
    'goog:chromeOptions': { binary: CHROMIUM, args } } } });
  const sid = s.sessionId;
  await wd('POST', `/session/${sid}/timeouts`, { script: 600000, pageLoad: 600000 });
  return {
    version: s.capabilities.browserVersion,
    goto: (url) => wd('POST', `/session/${sid}/url`, { url }),
    // script: a function body with `done` and `args` in scope.
    run: (script, args) => wd('POST', `/session/${sid}/execute/async`,
      { script: `const done = arguments[arguments.length - 1], args = Array.from(arguments).slice(0, -1);\n${script}`, args: args || [] }),
    async close() {
      try { await wd('DELETE', `/session/${sid}`); } catch (e) { /* gone */ }
      driver.kill();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- in-page scripts
// bantin: the real search page loads static/search.js, which loads search/meta.js.
const BANTIN_READY = `(function w() {
  if (window.bantinSearch && window.bantinSearch.meta) window.bantinSearch.meta(m => done(m ? m.n : -1));
  else setTimeout(w, 5);
})();`;
// A query and the display data of its first `args[1]` results, timed (the page's own rendering
// aside, as for Pagefind below).
const BANTIN_QUERY = `const S = window.bantinSearch, t0 = performance.now();
S.query(args[0], {}, r => S.docs(r.ids.slice(0, args[1]), docs => done({ ms: performance.now() - t0, total: r.ids.length,
  urls: docs.map(d => d.url) })));`;
// Pagefind: its JavaScript API, as its own UI uses it (web worker and all, its defaults). The first
// load is the script, its worker, and what the worker needs before any query (filters() awaits it).
const PF_PAGE = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Pagefind bench</title></head><body>
<script type="module">
window.pfReady = import('./pagefind/pagefind.js').then(async pf => {
  await pf.init();
  await pf.filters(); // waits for the worker's own start: pagefind-entry.json, the WASM, the language's pf_meta
  window.pf = pf;
  return pf;
});
</script></body></html>
`;
const PF_READY = `(function w() {
  if (window.pfReady) window.pfReady.then(() => done(1), e => done('error: ' + e));
  else setTimeout(w, 5);
})();`;
const PF_QUERY = `const t0 = performance.now();
window.pf.search(args[0]).then(s => Promise.all(s.results.slice(0, args[1]).map(r => r.data())).then(d => done({
  ms: performance.now() - t0, total: s.results.length, urls: d.map(x => x.url) }))).catch(e => done({ error: String(e) }));`;

// ---------------------------------------------------------------- measuring
const median = (a) => { if (!a.length) return null; const s = a.slice().sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const sum = (l, i) => l.reduce((a, e) => a + e[i], 0);

function queries(relevance, limit) {
  const qs = [];
  for (const c of JSON.parse(fs.readFileSync(relevance, 'utf8'))) if (c.q && !c.filters && !qs.includes(c.q)) qs.push(c.q);
  qs.push(...EXTRA);
  if (!limit || limit >= qs.length) return qs;
  const step = qs.length / limit; // spread over the set: numbers, phrases, prefixes, marks
  return Array.from({ length: limit }, (_, i) => qs[Math.floor(i * step)]);
}

// One tool on one site: first load, then per query a new page (cold), the query timed and its
// bytes counted, then the same query twice more in that page (warm).
async function measureTool(b, srv, base, tool, qs) {
  const page = tool === 'bantin' ? 'tim-kiem/index.html' : 'pf-bench.html';
  const ready = tool === 'bantin' ? BANTIN_READY : PF_READY;
  const query = tool === 'bantin' ? BANTIN_QUERY : PF_QUERY;
  const out = { first: null, queries: [] };
  for (const q of qs) {
    srv.log.length = 0;
    await b.goto(base + page);
    const r0 = await b.run(ready);
    if (typeof r0 === 'string') throw new Error(`${tool}: ${r0}`);
    const first = srv.log.filter((e) => !/\.(html|css)$/.test(e[0]));
    if (!out.first) out.first = { files: first.map((e) => e[0]), bytes: sum(first, 1), gz: sum(first, 2) };
    srv.log.length = 0;
    const cold = await b.run(query, [q, 10]);
    if (cold.error) throw new Error(`${tool} ${q}: ${cold.error}`);
    const loaded = srv.log.slice();
    const warm = [];
    for (let i = 0; i < 3; i++) warm.push((await b.run(query, [q, 10])).ms);
    out.queries.push({ q, cold: cold.ms, warm: median(warm), total: cold.total, files: loaded.length,
      bytes: sum(loaded, 1), gz: sum(loaded, 2), top: cold.urls.slice(0, 3) });
  }
  return out;
}

// The relevance set: recall@3 and MRR exactly as tests/search/relevance.rs counts them.
const norm = (u) => u.replace(/^\.\//, '').replace(/^\/+/, '').replace(/index\.html$/, '').replace(/\/+$/, '');
function score(cases, answers) {
  let recall = 0, rn = 0, rr = 0, rrn = 0;
  cases.forEach((c, i) => {
    const urls = answers[i].map(norm), exp = c.top3.map(norm);
    const need = Math.min(c.need == null ? exp.length : c.need, exp.length);
    const found = exp.filter((u) => urls.slice(0, 3).includes(u)).length;
    if (need > 0) { recall += Math.min(found, need) / need; rn++; }
    if (exp.length) { const p = urls.findIndex((u) => exp.includes(u)); rr += p < 0 ? 0 : 1 / (p + 1); rrn++; }
  });
  return { cases: cases.length, recall3: rn ? recall / rn : 0, mrr: rrn ? rr / rrn : 0 };
}
async function relevance(b, base, file, site) {
  const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
  const plain = cases.filter((c) => !c.filters);
  // bantin: the real search.js in node (tests/search/run_queries.js), as the test suite runs it.
  const res = JSON.parse(execFileSync('node', [path.join(REPO, 'tests/search/run_queries.js'), site, file], { maxBuffer: 1 << 28 }));
  const bantinAll = score(cases, res.map((r) => r.urls));
  const bantinPlain = score(plain, res.filter((r, i) => !cases[i].filters).map((r) => r.urls));
  // Pagefind: the same queries in one page, the first 50 results' URLs.
  await b.goto(base + 'pf-bench.html');
  await b.run(PF_READY);
  const pfAnswers = [];
  for (const c of plain) pfAnswers.push((await b.run(PF_QUERY, [c.q, 50])).urls);
  const misses = [];
  plain.forEach((c, i) => {
    const exp = c.top3.map(norm), top = pfAnswers[i].slice(0, 3).map(norm);
    const need = Math.min(c.need == null ? exp.length : c.need, exp.length);
    if (exp.filter((u) => top.includes(u)).length < need) misses.push(c.q);
  });
  return { bantin: bantinPlain, bantinAll, pagefind: score(plain, pfAnswers), pagefindMisses: misses };
}

// bantin from file:// (no server); Pagefind from file:// (expected to fail: fetch and WASM need HTTP).
async function fileUrl(b, site) {
  const url = 'file://' + path.resolve(site) + '/';
  const out = {};
  await b.goto(url + 'tim-kiem/index.html');
  const n = await b.run(BANTIN_READY);
  out.bantin = n > 0 ? (await b.run(BANTIN_QUERY, ['dan van kheo', 10])).total + ' results' : 'no index';
  await b.goto(url + 'pf-bench.html');
  const r = await b.run(`setTimeout(() => done('timeout'), 15000);\n${PF_READY}`);
  if (r === 1) {
    const q = await b.run(`setTimeout(() => done({ error: 'timeout' }), 15000);\n${PF_QUERY}`, ['dan van kheo', 10]);
    out.pagefind = q.error ? q.error : q.total + ' results';
  } else out.pagefind = String(r);
  return out;
}

async function measure(opts) {
  const site = path.resolve(opts.site);
  fs.writeFileSync(path.join(site, 'pf-bench.html'), PF_PAGE);
  const srv = await serve(site);
  const base = `http://127.0.0.1:${srv.port}/`;
  const b = await startBrowser();
  const qs = queries(opts.relevance || path.join(REPO, 'tests/search/relevance.json'), +opts.limit || 0);
  const result = { label: opts.label, browser: b.version, queries: qs.length };
  try {
    // Alternate the tools by halves, so a drift of the machine's speed hits both.
    const half = Math.ceil(qs.length / 2), both = opts.tools !== 'bantin';
    const a1 = await measureTool(b, srv, base, 'bantin', qs.slice(0, half));
    const p1 = both && await measureTool(b, srv, base, 'pagefind', qs.slice(0, half));
    const p2 = both && await measureTool(b, srv, base, 'pagefind', qs.slice(half));
    const a2 = await measureTool(b, srv, base, 'bantin', qs.slice(half));
    result.bantin = { first: a1.first, queries: a1.queries.concat(a2.queries) };
    if (both) result.pagefind = { first: p1.first, queries: p1.queries.concat(p2.queries) };
    // The harness's own count for bantin (node, cold, reading files): a cross-check.
    const qfile = path.join(os.tmpdir(), `sbench-q-${process.pid}.json`);
    fs.writeFileSync(qfile, JSON.stringify(qs.map((q) => ({ q }))));
    const nb = JSON.parse(execFileSync('node', [path.join(REPO, 'tests/search/run_queries.js'), '--bytes', site, qfile], { maxBuffer: 1 << 28 }));
    fs.rmSync(qfile);
    result.bantin.harnessBytes = median(nb.map((r) => r.bytes + r.docs));
    if (opts.relevance && both) {
      result.relevance = await relevance(b, base, opts.relevance, site);
      result.fileUrl = await fileUrl(b, site);
    }
  } finally {
    await b.close();
    srv.server.close();
  }
  fs.writeFileSync(opts.json, JSON.stringify(result, null, 1) + '\n');
}

// ---------------------------------------------------------------- the table
function table(dir) {
  const mb = (x) => (x / 1e6).toFixed(x < 1e7 ? 2 : 1);
  const kb = (x) => x == null ? '–' : x < 1e6 ? (x / 1e3).toFixed(1) + ' kB' : (x / 1e6).toFixed(2) + ' MB';
  const ms = (x) => x == null ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0);
  const rows = [];
  const labels = fs.readdirSync(dir).filter((f) => /^measure-.*\.json$/.test(f)).map((f) => f.slice(8, -5));
  const order = (l) => (l === 'relevance' ? -1 : +l);
  labels.sort((x, y) => order(x) - order(y));
  rows.push('| documents | tool | index on disk | first load (gzip) | per query, median cold (gzip) | query ms, median cold / warm | build time (peak RSS) | relevance: recall@3 / MRR |');
  rows.push('|---|---|---|---|---|---|---|---|');
  const notes = [];
  for (const l of labels) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, `measure-${l}.json`), 'utf8'));
    const bd = JSON.parse(fs.readFileSync(path.join(dir, `build-${l}.json`), 'utf8'));
    const docs = l === 'relevance' ? `${bd.docs} (relevance site)` : `${Number(l).toLocaleString('en')} (${bd.docs.toLocaleString('en')} built)`;
    for (const tool of ['bantin', 'pagefind']) {
      const name = tool === 'bantin' ? 'bantin' : 'Pagefind ' + bd.pagefind.version;
      if (!m[tool]) {
        rows.push(`| ${docs} | ${name} | did not finish indexing: ${bd.pagefind.failed || 'not run'} | – | – | – | – | – |`);
        continue;
      }
      const t = m[tool], qs = t.queries, idx = bd[tool];
      const rel = m.relevance ? (() => { const r = m.relevance[tool]; return `${r.recall3.toFixed(3)} / ${r.mrr.toFixed(3)} (${r.cases} queries)`; })() : '–';
      const build = tool === 'bantin'
        ? `${bd.bantin.seconds.toFixed(2)} s whole site (${bd.bantin.rss_mb} MB)`
        : `${bd.pagefind.seconds.toFixed(2)} s index only (${bd.pagefind.rss_mb} MB)`;
      rows.push(`| ${docs} | ${name} | ${mb(idx.index_bytes)} MB, ${idx.index_files.toLocaleString('en')} files | ` +
        `${kb(t.first.bytes)} (${kb(t.first.gz)}) | ${kb(median(qs.map((q) => q.bytes)))} (${kb(median(qs.map((q) => q.gz)))}), ${median(qs.map((q) => q.files))} files | ` +
        `${ms(median(qs.map((q) => q.cold)))} / ${ms(median(qs.map((q) => q.warm)))} (${qs.length} q) | ${build} | ${rel} |`);
    }
    notes.push(`- ${docs}: bantin's first load ${m.bantin.first.files.join(' + ')}` +
      (m.pagefind ? `; Pagefind's ${m.pagefind.first.files.join(' + ')}` : '') +
      `. bantin per query by run_queries.js --bytes (node, query files + display blocks of the top 10): median ${kb(m.bantin.harnessBytes)}. ` +
      `bantin ${bd.bantin.note}. Pagefind: ${bd.pagefind.note || bd.pagefind.failed}.` +
      (m.relevance ? ` bantin on all ${m.relevance.bantinAll.cases} cases (with the 2 filtered ones): recall@3 ${m.relevance.bantinAll.recall3.toFixed(3)}, MRR ${m.relevance.bantinAll.mrr.toFixed(3)}. ` +
        `Pagefind misses (expected documents not in its top 3): ${m.relevance.pagefindMisses.map((q) => JSON.stringify(q)).join(', ') || 'none'}. ` +
        `From file://: bantin ${m.fileUrl.bantin}; Pagefind ${m.fileUrl.pagefind}.` : ''));
  }
  process.stdout.write(rows.join('\n') + '\n\n' + notes.join('\n') + '\n');
}

// ---------------------------------------------------------------- main
const [cmd, ...rest] = process.argv.slice(2);
const opts = {};
for (let i = 0; i < rest.length; i++) if (rest[i].startsWith('--')) opts[rest[i].slice(2)] = rest[++i];
if (cmd === 'measure') measure(opts).catch((e) => { console.error(e); process.exit(1); });
else if (cmd === 'table') table(rest[0]);
else { console.error('usage: search_measure.js measure --site OUT --label L --json FILE [--limit N] [--relevance FILE] | table DIR'); process.exit(2); }
