#!/usr/bin/env node
// Runs queries against a built search index with the real themes/default/static/search.js, in a
// vm context with a minimal window and a synchronous loader (no browser, no npm packages).
//
//   node run_queries.js INDEX_DIR QUERIES.json   prints [{q, filters, urls (top 50), total, partial}]
//   node run_queries.js --fold PAIRS.json         checks bantinSearch.fold against [[input, fold], ...]
//   node run_queries.js --tokens CASES.json        checks bantinSearch.words against the Rust tokeniser's
//                                                 [[text, [[written, folded, linked], ...], [numbers]], ...]
//   node run_queries.js --dates CASES.json         checks the dates bantinSearch.tokens reads against the
//                                                 index's date keys: [[query, [keys], [other words]], ...]
//   node run_queries.js --bytes INDEX_DIR QUERIES.json   what each query loads, from a cold start:
//                                                 [{q, files, bytes (meta.js aside), meta, docs (first 10)}]
//
// INDEX_DIR is a built site (with search/meta.js) or its search/ folder. QUERIES.json is a list of
// {"q": "...", "filters": {"nam": "2023", "don-vi": "...", "chien-dich": "...", "loai": "plan"}}
// (other keys, such as the relevance set's "top3", are ignored here).
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SEARCH_JS = path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'search.js');

function searchIn(dir, loaded) {
  const ctx = { console };
  ctx.window = ctx;
  ctx.bantinSearch = {
    loader(name, done) {
      let failed = 0;
      try {
        const js = fs.readFileSync(path.join(dir, name + '.js'), 'utf8');
        if (loaded) loaded.push([name, Buffer.byteLength(js)]);
        vm.runInContext(js, ctx, { filename: name + '.js' });
      } catch (e) {
        failed = 1;
      }
      done(failed);
    },
  };
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(SEARCH_JS, 'utf8'), ctx, { filename: 'search.js' });
  return ctx.bantinSearch;
}

function main(args) {
  args = args.slice();
  if (args[0] === '--fold') {
    const S = searchIn(__dirname);
    const pairs = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const bad = pairs.filter(([input, folded]) => S.fold(input) !== folded).map(([input, folded]) => ({ input, rust: folded, js: S.fold(input) }));
    process.stdout.write(JSON.stringify({ checked: pairs.length, mismatches: bad }) + '\n');
    return bad.length ? 1 : 0;
  }
  if (args[0] === '--tokens') {
    const S = searchIn(__dirname);
    const cases = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const bad = [];
    for (const [text, tokens, numbers] of cases) {
      // A space at the end: the last word is complete, as in the index.
      const r = S.words(text + ' ');
      const js = [r.t.map((t) => [t.w, t.f, t.l]), r.n];
      if (JSON.stringify(js) !== JSON.stringify([tokens, numbers])) bad.push({ text, rust: [tokens, numbers], js });
    }
    process.stdout.write(JSON.stringify({ checked: cases.length, mismatches: bad }) + '\n');
    return bad.length ? 1 : 0;
  }
  if (args[0] === '--dates') {
    const S = searchIn(__dirname);
    const cases = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const bad = [];
    for (const [query, keys, words] of cases) {
      const r = S.tokens(query + ' ');
      const js = [r.d.map((d) => d.key), r.t.map((t) => t.f)];
      if (JSON.stringify(js) !== JSON.stringify([keys, words])) bad.push({ query, rust: [keys, words], js });
    }
    process.stdout.write(JSON.stringify({ checked: cases.length, mismatches: bad }) + '\n');
    return bad.length ? 1 : 0;
  }
  const bytes = args[0] === '--bytes';
  if (bytes) args = args.slice(1);
  let dir = args[0];
  if (fs.existsSync(path.join(dir, 'search', 'meta.js'))) dir = path.join(dir, 'search');
  const queries = JSON.parse(fs.readFileSync(args[1], 'utf8'));
  const out = [];
  let S = searchIn(dir);
  for (const item of queries) {
    const filters = item.filters || {};
    let result = null;
    if (bytes) {
      const loaded = [];
      S = searchIn(dir, loaded);
      S.query(item.q || '', filters, (r) => {
        const before = loaded.length;
        S.docs(r.ids.slice(0, 10), () => {
          const sum = (l) => l.reduce((a, f) => a + f[1], 0);
          const meta = loaded.filter((f) => f[0] === 'meta');
          const query = loaded.slice(0, before).filter((f) => f[0] !== 'meta');
          result = { q: item.q, total: r.ids.length, files: query.map((f) => f[0]), bytes: sum(query), meta: sum(meta), docs: sum(loaded.slice(before)) };
        });
      });
      out.push(result);
      continue;
    }
    S.query(item.q || '', filters, (r) => {
      S.docs(r.ids.slice(0, 50), (docs) => {
        result = { q: item.q, filters, urls: docs.map((d) => d.url), total: r.ids.length, partial: !!r.partial, error: !!r.error };
      });
    });
    if (!result) throw new Error('query did not finish synchronously: ' + item.q);
    out.push(result);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
