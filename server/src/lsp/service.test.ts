/**
 * The service with fake rules (a cross-file rule the registry may not have yet) and a fake
 * host: republishing on fact changes, closed files as fact sources, watched files, settings.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { LintService, type ServiceHost } from './service';
import type { Indexer, WorkspaceRule } from '../core/rule';
import { rule as yamlSyntax } from '../core/rules/yaml-syntax';
import { strIn } from '../core/yaml/nodes';

const meta = (id: string) => ({
  id,
  family: 'core' as const,
  severity: 'warning' as const,
  kinds: [],
  messages: { hit: 'plaintext to {name}, which a STRICT policy protects' },
  docs: { summary: id, why: '', bad: '', good: '', link: '' },
  fix: 'none' as const,
});

const strictPolicies: Indexer<string> = {
  key: 'fake-strict',
  kinds: ['PeerAuthentication'],
  extract: (doc) => (strIn(doc.root, ['spec', 'mtls', 'mode'], doc.yaml) === 'STRICT' ? [doc.namespace ?? 'default'] : []),
};
const disabledRules: Indexer<{ ns: string; start: number; end: number }> = {
  key: 'fake-disable',
  kinds: ['DestinationRule'],
  extract: (doc) => {
    const at = doc.text.indexOf('DISABLE');
    return at === -1 ? [] : [{ ns: doc.namespace ?? 'default', start: at, end: at + 7 }];
  },
};
/** Flags a DestinationRule with DISABLE when any file has a STRICT policy in its namespace. */
const crossRule: WorkspaceRule = {
  scope: 'workspace',
  meta: meta('fake-cross'),
  uses: [strictPolicies, disabledRules],
  check(ws, ctx) {
    const strict = new Set(ws.facts(strictPolicies).map((f) => f.value));
    for (const f of ws.facts(disabledRules)) {
      if (strict.has(f.value.ns)) ctx.report(f.doc, { start: f.value.start, end: f.value.end, messageId: 'hit', data: { name: f.doc.name ?? '?' } });
    }
  },
};

const pa = (mode: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: ${mode}\n`;
const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  bad: [\n';
const dr = `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  host: cart\n  trafficPolicy:\n    tls:\n      mode: DISABLE\n`;

interface Published {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

class FakeHost implements ServiceHost {
  published: Published[] = [];
  logs: string[] = [];
  settingsValue: unknown = { debounce: 0 };
  private waiters: { match: (p: Published) => boolean; resolve: (p: Published) => void }[] = [];
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]) {
    const p = { uri, version, diagnostics };
    this.published.push(p);
    this.waiters = this.waiters.filter((w) => (w.match(p) ? (w.resolve(p), false) : true));
  }
  status() {}
  log(_level: string, message: string) {
    this.logs.push(message);
  }
  async settings() {
    return this.settingsValue;
  }
  /** The next publish for `uri` (after this call) matching `match`. */
  next(uri: string, match: (p: Published) => boolean = () => true): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no publish for ${uri}`)), 5000);
      this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }
  codes(uri: string): string[] {
    const last = this.published.filter((p) => p.uri === uri).at(-1);
    return last ? last.diagnostics.map((d) => String(d.code)) : [];
  }
}

class Docs {
  docs = new Map<string, { uri: string; version: number; languageId: string; text: string; getText(): string }>();
  set(uri: string, text: string, version: number) {
    this.docs.set(uri, { uri, version, languageId: 'yaml', text, getText() { return this.text; } });
  }
  get(uri: string) {
    return this.docs.get(uri);
  }
}

describe('lsp service', () => {
  let dir: string;
  let host: FakeHost;
  let docs: Docs;
  let service: LintService;
  const uriOf = (rel: string) => pathToFileURL(join(dir, rel)).href;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-svc-'));
    host = new FakeHost();
    docs = new Docs();
    service = new LintService(host, docs, { rules: [yamlSyntax, crossRule] }, new Set(['yaml-syntax', 'fake-cross']));
  });
  afterEach(() => {
    service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (rel: string, text: string, version = 1) => {
    docs.set(uriOf(rel), text, version);
    service.didOpen(uriOf(rel));
  };
  const change = (rel: string, text: string, version: number) => {
    docs.set(uriOf(rel), text, version);
    service.didChange(uriOf(rel));
  };

  it('re-publishes another open document when a policy changes, and only when its findings change', { timeout: 10_000 }, async () => {
    await service.start([pathToFileURL(dir).href]);
    open('dr.yaml', dr);
    open('pa.yaml', pa('PERMISSIVE'));
    assert.deepEqual(host.codes(uriOf('dr.yaml')), []);
    const drUpdate = host.next(uriOf('dr.yaml'));
    change('pa.yaml', pa('STRICT'), 2);
    assert.deepEqual((await drUpdate).diagnostics.map((d) => d.code), ['fake-cross']);
    // An edit that changes no facts re-publishes the edited file only.
    const before = host.published.length;
    const paUpdate = host.next(uriOf('pa.yaml'));
    change('pa.yaml', `# comment\n${pa('STRICT')}`, 3);
    await paUpdate;
    assert.deepEqual(host.published.slice(before).map((p) => p.uri), [uriOf('pa.yaml')]);
    const cleared = host.next(uriOf('dr.yaml'));
    change('pa.yaml', pa('PERMISSIVE'), 4);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('takes facts from closed files found by the scan, and follows them on disk', { timeout: 10_000 }, async () => {
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'pa.yaml'), pa('STRICT'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'pa.yaml'), pa('STRICT').replace('shop', 'other'));
    open('dr.yaml', dr);
    const flagged = host.next(uriOf('dr.yaml'), (p) => p.diagnostics.length === 1);
    await service.start([pathToFileURL(dir).href]);
    await flagged;
    assert.ok(host.logs.some((l) => /scanned 1 YAML file /.test(l)), host.logs.join('\n'));
    // The closed policy is edited on disk: the watcher event re-reads it.
    const cleared = host.next(uriOf('dr.yaml'), (p) => p.diagnostics.length === 0);
    writeFileSync(join(dir, 'policies', 'pa.yaml'), pa('PERMISSIVE'));
    service.filesChanged([{ uri: uriOf('policies/pa.yaml'), deleted: false }]);
    await cleared;
    // Deleted policy: nothing to flag; recreated STRICT: flagged again.
    const again = host.next(uriOf('dr.yaml'), (p) => p.diagnostics.length === 1);
    writeFileSync(join(dir, 'policies', 'pa.yaml'), pa('STRICT'));
    service.filesChanged([{ uri: uriOf('policies/pa.yaml'), deleted: false }]);
    await again;
  });

  it('an open document wins over its file on disk, and closing it goes back to the disk text', { timeout: 10_000 }, async () => {
    writeFileSync(join(dir, 'pa.yaml'), pa('STRICT'));
    await service.start([pathToFileURL(dir).href]);
    open('dr.yaml', dr);
    await host.next(uriOf('dr.yaml'), (p) => p.diagnostics.length === 1);
    assert.deepEqual(host.codes(uriOf('dr.yaml')), ['fake-cross']);
    const cleared = host.next(uriOf('dr.yaml'));
    open('pa.yaml', pa('PERMISSIVE'));
    assert.deepEqual((await cleared).diagnostics, []);
    const back = host.next(uriOf('dr.yaml'));
    docs.docs.delete(uriOf('pa.yaml'));
    service.didClose(uriOf('pa.yaml'));
    assert.deepEqual((await back).diagnostics.map((d) => d.code), ['fake-cross']);
  });

  it('applies .istio-tips.yaml and settings, settings winning; reloads on change', { timeout: 10_000 }, async () => {
    writeFileSync(join(dir, '.istio-tips.yaml'), 'rules:\n  fake-cross: error\n');
    await service.start([pathToFileURL(dir).href]);
    open('pa.yaml', pa('STRICT'));
    open('dr.yaml', dr);
    const last = () => host.published.filter((p) => p.uri === uriOf('dr.yaml')).at(-1)!;
    assert.equal(last().diagnostics[0].severity, 1);
    host.settingsValue = { debounce: 0, rules: { 'fake-cross': 'off', 'no-such-rule': 'off' } };
    const off = host.next(uriOf('dr.yaml'));
    await service.configurationChanged();
    assert.deepEqual((await off).diagnostics, []);
    assert.ok(host.logs.some((l) => l.includes('unknown rule "no-such-rule"')), host.logs.join('\n'));
    host.settingsValue = { debounce: 0 };
    writeFileSync(join(dir, '.istio-tips.yaml'), 'rules:\n  fake-cross: hint\n');
    const hint = host.next(uriOf('dr.yaml'), (p) => p.diagnostics.length === 1);
    service.filesChanged([{ uri: uriOf('.istio-tips.yaml'), deleted: false }]);
    assert.equal((await hint).diagnostics[0].severity, 4);
    // The same settings again (clients push them on every change anywhere): nothing is analysed or published again.
    const before = host.published.length;
    await service.configurationChanged();
    assert.equal(host.published.length, before);
  });

  it('skips files over maxFileSize and excluded files, and everything when disabled', { timeout: 10_000 }, async () => {
    writeFileSync(join(dir, '.istio-tips.yaml'), 'maxFileSize: 300\nexclude: ["generated/**"]\n');
    await service.start([pathToFileURL(dir).href]);
    open('big.yaml', `${broken}${'# padding\n'.repeat(40)}`);
    assert.deepEqual(host.codes(uriOf('big.yaml')), []);
    assert.ok(host.logs.some((l) => /over maxFileSize \(300\)/.test(l)));
    open('generated/x.yaml', broken);
    assert.deepEqual(host.codes(uriOf('generated/x.yaml')), []);
    open('ok.yaml', broken);
    assert.deepEqual(host.codes(uriOf('ok.yaml')), ['yaml-syntax']);
    host.settingsValue = { enable: false };
    const off = host.next(uriOf('ok.yaml'));
    await service.configurationChanged();
    assert.deepEqual((await off).diagnostics, []);
  });

  it('follows workspace folders being added and removed', { timeout: 10_000 }, async () => {
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'pa.yaml'), pa('STRICT'));
    await service.start([pathToFileURL(join(dir, 'a')).href]);
    open('b/dr.yaml', dr);
    assert.deepEqual(host.codes(uriOf('b/dr.yaml')), []);
    // The folder holding the policy arrives: the open document moves into it and sees the scanned facts.
    const flagged = host.next(uriOf('b/dr.yaml'), (p) => p.diagnostics.length === 1);
    await service.foldersChanged([pathToFileURL(join(dir, 'b')).href], []);
    await flagged;
    const cleared = host.next(uriOf('b/dr.yaml'), (p) => p.diagnostics.length === 0);
    await service.foldersChanged([], [pathToFileURL(join(dir, 'b')).href]);
    await cleared;
  });

  it('fixAll iterates until no safe fix is left and leaves the project untouched', { timeout: 10_000 }, async () => {
    await service.start([]);
    open('x.yaml', broken);
    assert.equal(service.fixAll(uriOf('x.yaml'), broken), undefined);
    assert.deepEqual(host.codes(uriOf('x.yaml')), ['yaml-syntax']);
  });

  it('is quiet only once nothing is scheduled and no edit came for a while, and never again once disposed', { timeout: 10_000 }, async () => {
    host.settingsValue = { debounce: 50 };
    await service.start([pathToFileURL(dir).href]);
    open('pa.yaml', pa('PERMISSIVE'));
    let published = false;
    void host.next(uriOf('pa.yaml'), (p) => p.version === 2).then(() => (published = true));
    change('pa.yaml', pa('STRICT'), 2); // analysed after the debounce
    assert.equal(await service.quiet(10), true);
    assert.equal(published, true, 'quiet() resolved while an analysis was still scheduled');
    service.dispose();
    assert.equal(await service.quiet(10), false);
  });
});
