/**
 * A long editing session against the real server over stdio: thousands of random edits
 * across 50 files, documents opened and closed, settings changed mid-way. Afterwards the
 * diagnostics of every open document must equal a fresh analysis of the final texts (what
 * the CLI computes), the server must still be alive with no unhandled rejection logged, and
 * its memory must not grow once warmed up.
 *
 * How memory is measured, so that warm-up and noise cannot pass for a leak (heap snapshots of
 * this session showed what grows after the first third: V8's compiled-code metadata as more
 * functions get hot, lazy tables built by the first pattern that needs them, bounded caches
 * filling, and the parsed-pattern memo, which was bounded at 20,000 entries, over 50 MB, and
 * is now an LRU of 2,000):
 * - warm-up: a document that exercises every regex engine path (case folding, Unicode classes,
 *   program size, Go's named groups, automata for never-matches and shadowed routes) is in the
 *   workspace from the start, the settings used later are applied once during the first third,
 *   and small cache bounds make the bounded caches fill during it;
 * - each sample is taken with the server idle, after two full garbage collections;
 * - growth is steady-state: the median of the last three of nine samples against the median of
 *   the first three (the session's second half), so one sample caught mid-way (a cache
 *   replacing its oldest entries, a batch of functions just optimised) cannot decide it.
 * A real leak still fails it: a module-level array in the server keeping the text of every
 * document version (pushed in LintService.didChange) measured 23.5% (614 bytes per edit)
 * against the 10% limit, where the server without it measured 4.2-5.8% (eleven runs; checked locally).
 * LONG_SESSION_EDITS sets the number of edits (default 10,000).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, fileUri, type TestServer } from '../lsp/helpers';
import { lintFiles, defaultConfig, documentedRules, LineIndex, type Config } from '../../server/src/core';
import { createEngines } from '../../server/src/engines';
import { seedCorpus } from './seeds';
import { seededRandom } from '../../server/src/test-support/seeded-random';

const EDITS = Number(process.env.LONG_SESSION_EDITS ?? 10_000);
const FILES = 50;

/**
 * In the workspace from the start and opened during warm-up: patterns that make each engine
 * path build its lazy tables (re2js's and the automata's case folding, Unicode classes and
 * Go's class names, RE2's program-size module, the automata of regex-never-matches and
 * regex-route-shadowed) before the memory baseline.
 */
const WARM_UP = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: warm-up
  namespace: warm-up
spec:
  hosts:
  - warm-up.warm-up.svc.cluster.local
  http:
  - name: google
    match:
    - headers:
        user-agent:
          regex: '(?i).*Google.*'
    route:
    - destination:
        host: warm-up
  - name: googlebot
    match:
    - headers:
        user-agent:
          regex: 'Googlebot.*'
    route:
    - destination:
        host: warm-up
  - match:
    - uri:
        regex: '/\\pL{1,8}/\\p{Greek}+/[[:alpha:]]\\x{3bb}\\PL\\d\\w\\s\\b(?s:.)*'
      method:
        regex: 'get|post'
    - uri:
        regex: '[A-Z]'
    - uri:
        regex: '/search\\?q=.*'
    - uri:
        regex: '/\\pL{28}'
    - uri:
        regex: '/(?P<x>a)|(?P<x>b)'
    - headers:
        user-agent:
          regex: '^(?!.*Chrome).*Safari.*'
    - headers:
        user-agent:
          regex: "^.*\\bMobile\\b.*$"
    route:
    - destination:
        host: warm-up
`;

const TOKENS = ['STRICT', 'DISABLE', 'x', ' ', '\n', ': ', '- ', '"', '.*', '(?=a)', 'Google', '\\d', '  ', '#', 'mode: ', 'regex: '];


describe('long editing session against the language server', () => {
  let dir: string;
  let server: TestServer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-session-'));
  });
  after(async () => {
    await server?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${EDITS} random edits across ${FILES} files`, { timeout: 300_000 }, async () => {
    const seeds = seedCorpus(documentedRules());
    const uris: string[] = [];
    const disk = new Map<string, string>();
    for (let i = 0; i < FILES; i++) {
      const path = join(dir, `f${i}.yaml`);
      const text = seeds[i % seeds.length];
      writeFileSync(path, text);
      uris.push(fileUri(path));
      disk.set(fileUri(path), text);
    }
    const warmUpUri = fileUri(join(dir, 'warm-up.yaml'));
    writeFileSync(join(dir, 'warm-up.yaml'), WARM_UP);
    disk.set(warmUpUri, WARM_UP);
    // --expose-gc: the memory request collects garbage first, so heap figures compare live data.
    // Small regex verdict caches fill during warm-up, so their bounded growth (tested in
    // test/engines, pattern-memo and automata tests) does not blur a leak here.
    server = await startServer({ settings: { debounce: 20 }, nodeArgs: ['--expose-gc'], env: { ISTIO_TIPS_REGEX_CACHE_SIZE: '200' } });
    // Live data only: the code spaces grow as the JIT compiles more of the server's hot paths,
    // which is warm-up, not a leak. Asked twice: each request collects garbage first, and the
    // second collection also frees what the first only unlinked (weak maps, finalised objects).
    const heapKb = async () => {
      let kb = 0;
      for (let i = 0; i < 2; i++) {
        const usage = (await server.request('istioTips/memoryUsage', null)) as { heapSpaces: { space_name: string; space_used_size: number }[] };
        kb = usage.heapSpaces.filter((s) => !s.space_name.includes('code')).reduce((sum, s) => sum + s.space_used_size, 0) / 1024;
      }
      return kb;
    };
    await server.initialize({ rootPath: dir, timeout: 60_000 });
    const rand = seededRandom(Number(process.env.LONG_SESSION_SEED ?? 42));
    const open = new Map<string, TextDocument>();
    // Nine samples, one per twelfth of the session from the end of warm-up (the first third).
    const sampleEvery = Math.floor(EDITS / 12);
    const samplesKb: number[] = [];

    // A reopened document continues its version numbers (LSP allows any increasing numbering),
    // so a (uri, version) pair names one text for the whole session. Publishes are recorded only
    // when this loop yields, so `since` marks cannot separate them.
    const versions = new Map<string, number>();
    const latest = (uri: string, version: number, since: number) =>
      server.published.wait((p) => p.uri === uri && p.version === version, `${uri} v${version}`, 60_000, since);
    // A publish that never comes is most often an analysis that threw: say what the server logged.
    const quiesce = async (since: number) => {
      try {
        await Promise.all([...open.values()].map((d) => latest(d.uri, d.version, since)));
      } catch (e) {
        const errors = server.logs.all.filter((l) => l.type === 1).map((l) => l.message);
        // Tells a slow server (not idle yet) from a dropped publish (idle, yet an older version last).
        const missing = [...open.values()].filter((d) => server.lastDiagnostics(d.uri, since)?.version !== d.version);
        const last = missing.map((d) => `${d.uri.replace(/.*\//, '')} v${d.version}: last published v${server.lastDiagnostics(d.uri, since)?.version ?? 'none'}`);
        const idle = await server.idle(10_000).then(() => 'idle', () => 'not idle after 10 s more');
        throw new Error(`${(e as Error).message}; server errors: ${errors.length ? errors.join('\n') : 'none'}; server ${idle}; ${last.join(', ')}`);
      }
    };
    let mark = 0;
    const warmUp = TextDocument.create(warmUpUri, 'yaml', 1, WARM_UP);
    open.set(warmUpUri, warmUp);
    server.open(warmUpUri, WARM_UP, 1);

    for (let n = 0; n < EDITS; n++) {
      // Warm-up: the settings used later, once, so their code paths run before the samples.
      if (n === Math.floor(EDITS / 6)) {
        server.setSettings({ debounce: 20, rules: { 'yaml-syntax': 'warning' }, rootNamespace: 'mesh-root' });
      } else if (n === Math.floor(EDITS / 4)) {
        server.setSettings({ debounce: 20, rules: { 'yaml-syntax': 'off' } });
      } else if (n === Math.floor(EDITS / 3)) {
        server.setSettings({ debounce: 20, rules: { 'yaml-syntax': 'warning' }, rootNamespace: 'mesh-root' });
      } else if (n === Math.floor((2 * EDITS) / 3)) {
        server.setSettings({ debounce: 20, rules: { 'yaml-syntax': 'off' } });
      }
      const uri = uris[Math.floor(rand() * FILES)];
      let doc = open.get(uri);
      if (!doc) {
        const version = (versions.get(uri) ?? 0) + 1;
        doc = TextDocument.create(uri, 'yaml', version, disk.get(uri)!);
        open.set(uri, doc);
        server.open(uri, doc.getText(), version);
        continue;
      }
      const r = rand();
      if (r < 0.01) {
        open.delete(uri);
        versions.set(uri, doc.version);
        server.close(uri);
        continue;
      }
      const text = doc.getText();
      const at = Math.floor(rand() * (text.length + 1));
      const len = r < 0.4 ? Math.floor(rand() * 6) : 0;
      const insert = r < 0.8 ? TOKENS[Math.floor(rand() * TOKENS.length)] : '';
      const range = { start: doc.positionAt(at), end: doc.positionAt(Math.min(text.length, at + len)) };
      TextDocument.update(doc, [{ range, text: insert }], doc.version + 1);
      server.change(uri, doc.version, [{ range, text: insert }]);
      // Warm-up: the first third of the session fills the bounded caches (regex verdicts,
      // per-document results); growth after that would be a leak.
      if ((n + 1) % sampleEvery === 0 && (n + 1) / sampleEvery >= 4 && (n + 1) / sampleEvery < 12) {
        await quiesce(mark);
        await server.idle(60_000);
        samplesKb.push(await heapKb());
      }
    }
    mark = server.published.all.length;
    // One last empty edit per open document: its publish is certainly computed after the
    // last settings change, so it is the one to compare.
    for (const d of open.values()) {
      const range = { start: d.positionAt(0), end: d.positionAt(0) };
      TextDocument.update(d, [{ range, text: '' }], d.version + 1);
      server.change(d.uri, d.version, [{ range, text: '' }]);
    }
    // Each document's final version is published once its debounce fires; a document analysed
    // later may change cross-file facts and republish the others (same version). Idle means
    // every such republish has been received, so the last publish is the settled one.
    await quiesce(mark);
    await server.idle(60_000);
    samplesKb.push(await heapKb());

    // Fresh analysis of the final state: open documents' texts, closed files as on disk.
    const files = new Map<string, string>(disk);
    for (const [uri, d] of open) files.set(uri, d.getText());
    const config: Config = { ...defaultConfig(), rules: { 'yaml-syntax': 'off' } };
    const expected = lintFiles(files, config, createEngines());
    const staleFirst: string[] = [];
    for (const [uri, d] of open) {
      const lines = new LineIndex(d.getText());
      const want = (expected.get(uri) ?? []).map((f) => {
        const s = lines.positionAt(f.start);
        const e = lines.positionAt(f.end);
        return `${f.rule} ${s.line}:${s.character}-${e.line}:${e.character}`;
      });
      const published = server.lastDiagnostics(uri, mark);
      assert.equal(published?.version, d.version, `last publish of ${uri} is of its final version`);
      const show = (p: typeof published) => p!.diagnostics.map((x) => `${x.code} ${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character}`);
      const got = show(published);
      // The first publish of the final version, which this test used to compare (and flaked on).
      const first = show(await latest(uri, d.version, mark));
      if (first.sort().join() !== [...want].sort().join()) staleFirst.push(uri.slice(uri.lastIndexOf('/') + 1));
      assert.deepEqual([...got].sort(), [...want].sort(), `diagnostics of ${uri} v${d.version}`);
    }
    // Not an assertion: how often the first publish of a final version was superseded.
    console.log(`long session: first publish of the final version differed from a fresh analysis for ${staleFirst.length} of ${open.size} open documents ${staleFirst.join(' ')}`);
    assert.ok(server.alive, 'the server is still running');
    const errors = server.logs.all.filter((l) => l.type === 1 || /unhandled/i.test(l.message));
    assert.deepEqual(errors.map((l) => l.message), []);
    const median3 = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    const startKb = median3(samplesKb.slice(0, 3));
    const endKb = median3(samplesKb.slice(-3));
    const growth = (endKb - startKb) / startKb;
    const mb = (kb: number) => (kb / 1024).toFixed(2);
    console.log(
      `long session: ${EDITS} edits, heap data (no code spaces) in MB: ${samplesKb.map(mb).join(' ')}; ` +
        `steady-state growth ${mb(startKb)} -> ${mb(endKb)} MB (${(growth * 100).toFixed(1)}%, ${Math.round(((endKb - startKb) * 1024) / (sampleEvery * 6))} bytes per edit)`,
    );
    assert.equal(samplesKb.length, 9);
    assert.ok(growth < 0.1, `memory grew ${(growth * 100).toFixed(1)}% over the second half of the session (after warm-up)`);
  });
});
