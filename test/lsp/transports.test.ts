import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { SERVER_PATH } from './helpers';

const T = { timeout: 20_000 };
const ROOT = join(__dirname, '..', '..');
const SHIM = join(ROOT, 'bin', 'istio-tips-language-server.js');
const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  bad: [\n';

/** initialize → open a broken Service → first diagnostics; then shutdown/exit. */
async function roundTrip(connection: MessageConnection): Promise<string[]> {
  connection.listen();
  const published = new Promise<{ diagnostics: { code: string }[] }>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (p) => resolve(p)),
  );
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///t/a.yaml', languageId: 'yaml', version: 1, text: BROKEN } });
  const p = await published;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  return p.diagnostics.map((d) => d.code);
}

const exited = (child: { once(e: 'exit', f: (code: number | null) => void): unknown }) => new Promise<number | null>((r) => child.once('exit', r));

describe('lsp: transports and entry points', () => {
  const children: ChildProcess[] = [];
  const track = <C extends ChildProcess>(c: C): C => (children.push(c), c);
  // A failed test must not leave a server behind.
  after(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

  it('speaks node IPC, as vscode-languageclient starts it', T, async () => {
    // execArgv: [] so the child does not inherit the test runner's TypeScript loader.
    const child = track(fork(SERVER_PATH, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] }));
    const done = exited(child);
    const codes = await roundTrip(createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)));
    assert.deepEqual(codes, ['yaml-syntax']);
    assert.equal(await done, 0);
  });

  it('the bin shim speaks stdio with --stdio', T, async () => {
    const child = track(spawn(process.execPath, [SHIM, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] }));
    const done = exited(child);
    const codes = await roundTrip(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
    assert.deepEqual(codes, ['yaml-syntax']);
    assert.equal(await done, 0);
  });

  it('defaults to stdio without a transport flag', T, async () => {
    const child = track(spawn(process.execPath, [SERVER_PATH], { stdio: ['pipe', 'pipe', 'ignore'] }));
    const done = exited(child);
    const codes = await roundTrip(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
    assert.deepEqual(codes, ['yaml-syntax']);
    assert.equal(await done, 0);
  });

  it('runs from the files .vscodeignore ships (real RE2 included), without node_modules', T, async () => {
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => /^!(dist\/[^*]+)$/.exec(l.trim())?.[1])
      .filter((f): f is string => !!f);
    assert.ok(shipped.includes('dist/server.js'), shipped.join());
    const dir = mkdtempSync(join(tmpdir(), 'istio-tips-vsix-'));
    try {
      mkdirSync(join(dir, 'dist'));
      for (const f of shipped) copyFileSync(join(ROOT, f), join(dir, f));
      const child = track(spawn(process.execPath, [join(dir, 'dist', 'server.js'), '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'ignore'] }));
      const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      connection.listen();
      const published = new Promise<{ diagnostics: { code: string; message: string }[] }>((resolve) =>
        connection.onNotification('textDocument/publishDiagnostics', (p) => resolve(p)),
      );
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      const vs = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\nspec:\n  hosts: [r]\n  http:\n  - match:\n    - uri:\n        regex: "/a(b"\n    route:\n    - destination:\n        host: r\n';
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///t/vs.yaml', languageId: 'yaml', version: 1, text: vs } });
      const [d] = (await published).diagnostics;
      assert.equal(d.code, 'regex-syntax-error');
      assert.match(d.message, /RE2/);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited(child), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version prints the package version', T, () => {
    const r = spawnSync(process.execPath, [SHIM, '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
