// Extension activation cost, measured in a fresh process:
//   node bench/activation-child.cjs dist/extension.js
// `vscode` is replaced by a stub that answers every property and call. Two moments count:
//   - activation as VS Code counts it: require(main) plus activate() until its promise settles;
//   - the language server being launched (fork/spawn), which may come after activate() returns.
// The measurement ends once both happened; a server launched before activate() settles ends it
// at once (that activation waits for the server, so the launch is a lower bound of it).
// Prints one JSON line: requireMs, activateMs, totalMs (= activation), serverLaunchMs, the CPU
// time to both (cpuMs, serverLaunchCpuMs) and endedBy.
'use strict';
const Module = require('node:module');
const childProcess = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { EventEmitter } = require('node:events');
const path = require('node:path');

const [extensionPath] = process.argv.slice(2);
const root = path.resolve(path.dirname(extensionPath), '..');

/** A value that is every API at once: callable, constructible, any property, never thenable. */
function stub(name) {
  const cache = new Map();
  const target = function () {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'toString' || key === 'valueOf') return () => name;
      if (typeof key === 'symbol') return undefined;
      if (!cache.has(key)) cache.set(key, stub(`${name}.${key}`));
      return cache.get(key);
    },
    set(_t, key, value) {
      cache.set(key, value);
      return true;
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

let ended = false;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const cpuMs = () => {
  const c = process.cpuUsage(cpu0);
  return (c.user + c.system) / 1000;
};
let tRequired = t0;
let tActivated;
let tLaunched;
let cpuActivated;
let cpuLaunched;
function finish(endedBy) {
  if (ended) return;
  ended = true;
  const activatedAt = tActivated ?? tLaunched ?? performance.now();
  const result = {
    requireMs: tRequired - t0,
    activateMs: activatedAt - tRequired,
    totalMs: activatedAt - t0,
    serverLaunchMs: tLaunched === undefined ? null : tLaunched - t0,
    // CPU time of this process to the same two moments: steadier than wall time on a busy machine.
    cpuMs: cpuActivated ?? cpuLaunched ?? cpuMs(),
    serverLaunchCpuMs: cpuLaunched ?? null,
    endedBy,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// Hand back a child that never talks: the extension's own work until the launch is what counts.
for (const fn of ['fork', 'spawn', 'exec', 'execFile']) {
  childProcess[fn] = () => {
    if (tLaunched === undefined) {
      tLaunched = performance.now();
      cpuLaunched = cpuMs();
    }
    const fake = new EventEmitter();
    Object.assign(fake, { pid: 0, stdin: new EventEmitter(), stdout: new EventEmitter(), stderr: new EventEmitter(), send: () => true, kill: () => true });
    setImmediate(() => finish(tActivated === undefined ? `server launch (${fn}) before activate() settled` : `server launch (${fn})`));
    return fake;
  };
}

const vscode = stub('vscode');
// vscode-languageclient checks the host version before starting; the server path is built from URIs.
vscode.version = '1.95.0';
const uri = (fsPath) => ({ fsPath, path: fsPath, scheme: 'file', toString: () => `file://${fsPath}` });
vscode.Uri = { file: uri, joinPath: (base, ...parts) => uri(path.join(base.fsPath, ...parts)), parse: (s) => uri(s.replace(/^file:\/\//, '')) };
const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const context = stub('context');
Object.assign(context, {
  subscriptions: [],
  extensionPath: root,
  extensionUri: uri(root),
  extensionMode: 1,
  asAbsolutePath: (p) => path.join(root, p),
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
});

const ext = require(path.resolve(extensionPath));
tRequired = performance.now();
Promise.resolve(ext.activate(context)).then(
  () => {
    tActivated = performance.now();
    cpuActivated = cpuMs();
    if (tLaunched !== undefined) finish('activate() resolved after the server launch');
  },
  (e) => {
    tActivated = performance.now();
    cpuActivated = cpuMs();
    process.stderr.write(`activate() failed: ${e && e.message}\n`);
    finish('activate() rejected');
  },
);
// A client that never launches its server (or waits for it forever) ends here.
setTimeout(() => finish(tActivated === undefined ? 'timeout (10 s), activate() pending' : 'timeout (10 s), no server launch'), 10_000);
