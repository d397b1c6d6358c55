/**
 * Hostile files in a workspace the user opened (or a pull request CI lints): config files and
 * manifests that are devices, FIFOs or huge sparse files are refused after a stat of the open
 * file, never read. Bounds are the test timeouts (before: /dev/zero as the config cost ~3 s
 * and 660 MB per load, a FIFO blocked forever).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../server/src/cli/config-file';
import { collectInputs } from '../../server/src/cli/inputs';
import { loadRootConfig } from '../../server/src/lsp/settings';
import { scanYamlFiles } from '../../server/src/lsp/scanner';
import { readRegularText } from '../../server/src/fs/read-regular';
import { RULE_IDS, defaultConfig } from '../../server/src/core';
import { destinationRuleDoc, peerAuthenticationDoc, tlsPolicyDoc } from '../../server/src/core/mtls/docs-manifests';
import { fileUri, startServer } from '../lsp/helpers';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'istio-tips-hostile-'));
  dirs.push(d);
  return d;
};
const fifo = (path: string) => {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, 'mkfifo');
};
const known = new Set(RULE_IDS);

describe('hostile config files', { skip: process.platform === 'win32' }, () => {
  for (const [name, make] of [
    ['a symlink to /dev/zero', (p: string) => symlinkSync('/dev/zero', p)],
    ['a FIFO', fifo],
    ['a 2 GB sparse file', (p: string) => (writeFileSync(p, ''), truncateSync(p, 2 ** 31))],
  ] as const) {
    it(`CLI: .istio-tips.yaml as ${name} is refused, not read`, { timeout: 10_000 }, () => {
      const dir = temp();
      make(join(dir, '.istio-tips.yaml'));
      // Named with --config: an error (exit 2). Found by the upward search: only regular files count.
      assert.throws(() => loadConfig(dir, '.istio-tips.yaml'), (e: unknown) => e instanceof ConfigError && /not a regular file|over the limit/.test(e.message));
      if (!name.includes('sparse')) assert.deepEqual(loadConfig(dir).config.exclude, defaultConfig().exclude);
    });

    it(`language server: .istio-tips.yaml as ${name} leaves the defaults`, { timeout: 10_000 }, async () => {
      const dir = temp();
      make(join(dir, '.istio-tips.yaml'));
      const { config } = await loadRootConfig(dir, {}, known);
      assert.deepEqual(config.exclude, defaultConfig().exclude);
    });
  }
});

describe('hostile manifests', { skip: process.platform === 'win32' }, () => {
  it('a 2 GB sparse .yaml is skipped by the CLI and the scan, and a FIFO never read', { timeout: 10_000 }, async () => {
    const dir = temp();
    writeFileSync(join(dir, 'big.yaml'), '');
    truncateSync(join(dir, 'big.yaml'), 2 ** 31);
    fifo(join(dir, 'pipe.yaml'));
    writeFileSync(join(dir, 'ok.yaml'), 'a: 1\n');
    const inputs = await collectInputs([dir, join(dir, 'pipe.yaml')], { cwd: dir, config: defaultConfig(), root: dir, readStdin: async () => Buffer.alloc(0) });
    assert.deepEqual(inputs.files.map((f) => f.uri), ['ok.yaml']);
    assert.match(inputs.problems.map((p) => `${p.file}: ${p.message}`).join('\n'), /big\.yaml: 2048\.0 MB is over maxFileSize/);
    const scanned = [];
    for await (const f of scanYamlFiles(dir, { exclude: [], maxFileSize: defaultConfig().maxFileSize })) scanned.push(f.rel);
    assert.deepEqual(scanned, ['ok.yaml']);
    // What a watched-file event reads.
    assert.equal(await readRegularText(join(dir, 'pipe.yaml'), 1 << 20), undefined);
    assert.equal(await readRegularText(join(dir, 'big.yaml'), 1 << 20), undefined);
    assert.equal(await readRegularText('/dev/zero', 1 << 20), undefined);
    assert.equal(existsSync(join(dir, 'ok.yaml')), true);
  });
});

describe('hostile watched files (language server)', { skip: process.platform === 'win32' }, () => {
  // Before: a watched-file event was read with readFile and no stat: a FIFO blocked the file-event
  // queue for good (this batch's policy never counted, nor any later event), and a sparse file
  // under Node's 2 GB read limit was read whole before its size was checked.
  it('a FIFO and a 1 GB sparse .yaml in a batch of watched-file events are not read; the batch goes on', { timeout: 40_000 }, async () => {
    const dir = temp();
    const server = await startServer({ settings: { debounce: 0 } });
    try {
      await server.initialize({ rootPath: dir });
      const dr = fileUri(join(dir, 'dr.yaml'));
      server.open(dr, destinationRuleDoc({ name: 'ledger', namespace: 'billing', host: 'ledger.billing.svc.cluster.local', policy: tlsPolicyDoc('DISABLE') }));
      await server.diagnostics(dr, 1);
      await server.idle();
      fifo(join(dir, 'pipe.yaml'));
      writeFileSync(join(dir, 'big.yaml'), '');
      truncateSync(join(dir, 'big.yaml'), 2 ** 30);
      writeFileSync(join(dir, 'policy.yaml'), peerAuthenticationDoc({ namespace: 'billing', mode: 'STRICT' }));
      const flagged = server.nextDiagnostics(dr, (p) => p.diagnostics.some((d) => d.code === 'mtls-plaintext-to-strict'), 30_000);
      server.notify('workspace/didChangeWatchedFiles', { changes: ['pipe.yaml', 'big.yaml', 'policy.yaml'].map((f) => ({ uri: fileUri(join(dir, f)), type: 1 })) });
      await flagged;
    } finally {
      await server.shutdown();
    }
  });
});
