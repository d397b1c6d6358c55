// Writes an optimised copy of re2-wasm's WebAssembly for dist/.
//
// Why: re2-wasm's module was built without optimisation, and every regex the linter judges
// runs RE2's parser and compiler in it. Binaryen's wasm-opt (the `binaryen` devDependency,
// pure JavaScript/WebAssembly, nothing downloaded) makes it about half the size and nearly
// twice as fast. It takes ~15 s, so the result is cached under node_modules/.cache by the
// hash of the input and the options: later builds copy it. When binaryen is missing or fails,
// the plain module is copied and the build says so: the product behaves the same, slower.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Chosen by measurement (bench/misc.ts measureRegex and a per-compile timer, median of 5):
 * -O3 roughly doubles RE2's compile speed; -O4 and --converge took longer to build and were
 * no faster; -O2 and -Os were slower. Traps are kept (no --ignore-implicit-traps): an
 * out-of-memory abort must still surface as an exception the engine turns into a verdict.
 */
export const WASM_OPT_FLAGS = ['-O3'];

/** The imports and exports (wasm-opt may reorder them): the emscripten glue binds to them by name. */
function interfaceOf(bytes) {
  const m = new WebAssembly.Module(bytes);
  const names = (list) => list.map((e) => `${e.kind}:${'module' in e ? `${e.module}.` : ''}${e.name}`).sort().join(',');
  return `${names(WebAssembly.Module.imports(m))}|${names(WebAssembly.Module.exports(m))}`;
}

function wasmOptPath() {
  try {
    const pkg = require.resolve('binaryen/package.json');
    const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
    const bin = join(dirname(pkg), 'bin', 'wasm-opt');
    return existsSync(bin) ? { bin, version } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `to` atomically, so a concurrent build or test never reads half a file. */
function writeAtomic(to, bytes) {
  const tmp = `${to}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, to);
}

/**
 * Optimises the .wasm at `input` into `output`. Returns what was done, for the build's log.
 * `cacheDir` holds optimised modules by input hash (default node_modules/.cache/istio-tips).
 */
export function optimiseRe2Wasm(input, output, cacheDir) {
  const bytes = readFileSync(input);
  const plain = (why) => {
    copyFileSync(input, output);
    return `plain re2.wasm copied (${why}): RE2 checks run about half as fast`;
  };
  const tool = wasmOptPath();
  if (!tool) return plain('binaryen is not installed; run npm ci to get the devDependencies');
  const key = createHash('sha256').update(bytes).update(`\0binaryen ${tool.version}\0${WASM_OPT_FLAGS.join(' ')}`).digest('hex').slice(0, 32);
  const cached = join(cacheDir, `re2-${key}.wasm`);
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  if (existsSync(cached)) {
    writeAtomic(output, readFileSync(cached));
    return `optimised re2.wasm from cache (wasm-opt ${WASM_OPT_FLAGS.join(' ')})`;
  }
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [tool.bin, input, ...WASM_OPT_FLAGS, '-o', tmp], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(tmp)) {
    rmSync(tmp, { force: true });
    const detail = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-1)[0];
    return plain(`wasm-opt failed: ${detail || `exit ${r.status}`}`);
  }
  const optimised = readFileSync(tmp);
  let problem;
  try {
    if (interfaceOf(optimised) !== interfaceOf(bytes)) problem = 'wasm-opt changed the module interface';
  } catch (e) {
    problem = `wasm-opt output does not load: ${e.message}`;
  }
  if (problem) {
    rmSync(tmp, { force: true });
    return plain(problem);
  }
  renameSync(tmp, cached);
  writeAtomic(output, optimised);
  return `optimised re2.wasm ${kb(bytes.length)} → ${kb(optimised.length)} (wasm-opt ${WASM_OPT_FLAGS.join(' ')}, ${((Date.now() - t0) / 1000).toFixed(1)} s, cached)`;
}
