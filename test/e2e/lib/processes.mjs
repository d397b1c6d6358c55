// Child processes of the e2e run and their cleanup. The VS Code server keeps extension hosts
// (and our language server under them) alive for hours when left alone, so every process
// group started here is killed on exit, on error and on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const cleanups = [];

/** Registers `fn` to run once at the end, last registered first. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let cleaning;
export function cleanupAll() {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${e?.message ?? e}`);
      }
    }
  })();
  return cleaning;
}

export function installSignalHandlers() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the editors`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  // Last resort when the event loop is gone: synchronous group kills only.
  process.once('exit', () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  });
}

const groups = new Set();

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

/** Kills a whole process group: TERM, then KILL if it is still there after a grace period. */
export async function stopGroup(pgid, graceMs = 3000) {
  if (!groups.has(pgid)) return;
  groups.delete(pgid);
  if (!killGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  killGroup(pgid, 'SIGKILL');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/**
 * Starts code-server's VS Code server in its own process group and resolves once it
 * announces that it listens. Its output goes to `logFile`'s stream and, on failure, to stderr.
 */
export async function startVsCodeServer({ serverMain, dir, log, timeoutMs = 60_000 }) {
  const port = await freePort();
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  // A first start would otherwise open the "Get Started" walkthrough over the editor.
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid);
  onCleanup(() => stopGroup(child.pid));
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log?.(text);
      if (/listening on|Web UI available/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited with ${code} before listening:\n${output}`));
    });
  });
  await ready;
  return { port, pid: child.pid, url: `http://127.0.0.1:${port}`, authority: `127.0.0.1:${port}`, output: () => output };
}

/** Runs a command to completion with a timeout (its own process group, killed on timeout). */
export function runCommand(cmd, args, { cwd, env, timeoutMs = 60_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    groups.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void stopGroup(child.pid, 500);
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // The command may have left children (a language server) behind in its group.
      void stopGroup(child.pid, 500);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}
