// Extension activation cost, measured in a fresh process:
//   node bench/activation-child.cjs dist/extension.js
// `vscode` is replaced by a stub that answers every property and call, and spawning a
// process (the language server) ends the measurement: activation is everything the
// extension does before it launches its server. Prints one JSON line.
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
let tRequired = t0;
function finish(endedBy) {
  if (ended) return;
  ended = true;
  const t = performance.now();
  process.stdout.write(`${JSON.stringify({ requireMs: tRequired - t0, activateMs: t - tRequired, totalMs: t - t0, endedBy })}\n`);
  process.exit(0);
}

// Launching the server ends activation; hand back a child that never talks.
for (const fn of ['fork', 'spawn', 'exec', 'execFile']) {
  childProcess[fn] = () => {
    const fake = new EventEmitter();
    Object.assign(fake, { pid: 0, stdin: new EventEmitter(), stdout: new EventEmitter(), stderr: new EventEmitter(), send: () => true, kill: () => true });
    setImmediate(() => finish(`server launch (${fn})`));
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
  () => setImmediate(() => finish('activate() resolved')),
  (e) => {
    process.stderr.write(`activate() failed: ${e && e.message}\n`);
    finish('activate() rejected');
  },
);
// A client that waits for the server forever still counts only what happened before it.
setTimeout(() => finish('timeout (10 s)'), 10_000);
