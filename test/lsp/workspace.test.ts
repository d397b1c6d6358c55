import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, startServer, type TestServer } from './helpers';
import { lowercaseStrict, service, validStrict } from './fixtures';

const T = { timeout: 20_000 };

describe('lsp: settings, config file, workspace scan', () => {
  let dir: string;
  let outside: string;
  let s: TestServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'istio-tips-lsp-'));
    outside = mkdtempSync(join(tmpdir(), 'istio-tips-lsp-outside-'));
    writeFileSync(join(outside, 'x.yaml'), service('outside'));
    writeFileSync(join(dir, '.istio-tips.yaml'), 'maxFileSize: 4000\nexclude: ["generated/**"]\nrules:\n  mtls-invalid-mode: warning\n');
    mkdirSync(join(dir, 'mesh'));
    writeFileSync(join(dir, 'mesh', 'pa.yaml'), validStrict('mesh'));
    writeFileSync(join(dir, 'mesh', 'svc.yml'), service('svc'));
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', 'out.yaml'), lowercaseStrict('generated'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'dep.yaml'), lowercaseStrict('dep'));
    writeFileSync(join(dir, 'huge.yaml'), `${service('big')}${'# padding\n'.repeat(500)}`);
    // Symlinks (fs/walk.ts, shared with the CLI): followed inside the folder, skipped with a note otherwise.
    writeFileSync(join(dir, 'mesh', 'extra.txt'), service('extra'));
    symlinkSync('mesh/extra.txt', join(dir, 'extra.yaml')); // inside: scanned under the link's name
    symlinkSync('mesh', join(dir, 'alias')); // inside, already walked: not scanned twice
    symlinkSync(outside, join(dir, 'out')); // leaves the folder
    symlinkSync(join(outside, 'x.yaml'), join(dir, 'out.yaml'));
    symlinkSync(dir, join(dir, 'mesh', 'loop'));
    s = await startServer({ settings: {} });
    await s.initialize({ rootPath: dir });
  });
  after(async () => {
    await s.shutdown();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('registers file watchers for YAML files and the config file', T, async () => {
    const reg = await waitFor(() => s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const globs = (reg.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs, ['**/*.{yaml,yml}', '**/.istio-tips.yaml']);
  });

  it('scans the folder in the background, skipping node_modules, excludes, big files, links out and loops', T, async () => {
    const scanned = await s.logs.wait((l) => /^scanned \d+ YAML files? in /.test(l.message), 'scan log');
    assert.match(scanned.message, /^scanned 3 YAML files in /, 'mesh/pa.yaml, mesh/svc.yml and the link extra.yaml');
    const logged = (re: RegExp) => assert.ok(s.logs.all.some((l) => re.test(l.message)), `a log matching ${re}`);
    logged(/huge\.yaml: \d+ bytes is over maxFileSize \(4000\)/);
    logged(/^out: symbolic link to .*, outside the folder walked: skipped$/);
    logged(/^out\.yaml: symbolic link to .*x\.yaml, outside the folder walked: skipped$/);
    logged(/^mesh\/loop: symbolic link loop \(to .*\): skipped$/);
  });

  it('applies .istio-tips.yaml, then settings on change, and logs config problems', T, async () => {
    const uri = fileUri(join(dir, 'open.yaml'));
    s.open(uri, lowercaseStrict('ws-22'));
    assert.deepEqual((await s.diagnostics(uri, 1)).diagnostics.map((d) => [d.code, d.severity]), [['mtls-invalid-mode', 2]]);

    const off = s.nextDiagnostics(uri);
    s.setSettings({ rules: { 'mtls-invalid-mode': 'off' } });
    assert.deepEqual((await off).diagnostics, []);

    const back = s.nextDiagnostics(uri);
    const problem = s.logs.wait((l) => l.message.includes('unknown rule "not-a-rule"'), 'config problem log');
    s.setSettings({ rules: { 'not-a-rule': 'off' } });
    assert.deepEqual((await back).diagnostics.map((d) => d.severity), [2]);
    await problem;

    const fromFile = s.nextDiagnostics(uri);
    writeFileSync(join(dir, '.istio-tips.yaml'), 'rules:\n  mtls-invalid-mode: hint\n');
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, '.istio-tips.yaml')), type: 2 }] });
    assert.deepEqual((await fromFile).diagnostics.map((d) => d.severity), [4]);
  });

  it('honours excludes for open documents, and istioTips.enable', T, async () => {
    const excluded = fileUri(join(dir, 'generated', 'open.yaml'));
    s.setSettings({});
    // Wait for the reload to reach the document left open by the previous test (back to the default severity).
    const reloaded = s.nextDiagnostics(fileUri(join(dir, 'open.yaml')), (p) => p.diagnostics[0]?.severity === 1);
    writeFileSync(join(dir, '.istio-tips.yaml'), 'exclude: ["generated/**"]\n');
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, '.istio-tips.yaml')), type: 2 }] });
    await reloaded;
    s.open(excluded, lowercaseStrict('ws-23'));
    assert.deepEqual((await s.diagnostics(excluded, 1)).diagnostics, []);
    const status = await s.statuses.wait((x) => x.uri === excluded, 'status');
    assert.match(status.skipped ?? '', /excluded/);

    const uri = fileUri(join(dir, 'enable.yaml'));
    s.open(uri, lowercaseStrict('ws-23'));
    assert.equal((await s.diagnostics(uri, 1)).diagnostics.length, 1);
    const cleared = s.nextDiagnostics(uri);
    s.setSettings({ enable: false });
    assert.deepEqual((await cleared).diagnostics, []);
    const again = s.nextDiagnostics(uri);
    s.setSettings({});
    assert.equal((await again).diagnostics.length, 1);
  });

  it('with run: onSave, analyses on save only', T, async () => {
    const uri = fileUri(join(dir, 'on-save.yaml'));
    // The reload re-publishes the documents already open: then the new settings are in force.
    const applied = s.nextDiagnostics(fileUri(join(dir, 'enable.yaml')));
    s.setSettings({ run: 'onSave', debounce: 0 });
    await applied;
    s.open(uri, validStrict('ws-24'));
    assert.deepEqual((await s.diagnostics(uri, 1)).diagnostics, []);
    s.change(uri, 2, lowercaseStrict('ws-24'));
    s.change(uri, 3, `${lowercaseStrict('ws-24')}# saved\n`);
    s.save(uri);
    assert.equal((await s.diagnostics(uri, 3)).diagnostics.length, 1);
    assert.ok(!s.published.all.some((p) => p.uri === uri && p.version === 2));
    s.setSettings({});
  });
});

async function waitFor<T>(get: () => T | undefined, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
