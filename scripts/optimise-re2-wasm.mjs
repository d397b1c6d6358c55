// The optimised copy of re2-wasm's WebAssembly that dist/ ships.
//
// Why: re2-wasm's module was built without optimisation, and every regex the linter judges
// runs RE2's parser and compiler in it. Binaryen's wasm-opt makes it about half the size and
// nearly twice as fast, but takes ~65 s on a loaded 2-core machine and binaryen weighs
// ~100 MB. So the optimised module is committed (wasm/re2.wasm) with a record of what it was
// made from (wasm/re2.wasm.json: the input's SHA-256, re2-wasm's and binaryen's versions,
// the flags, the output's SHA-256). The build copies it when the installed re2-wasm module
// is that input, and otherwise copies the plain module and says how to refresh it:
//   npm run optimise-wasm    (installs binaryen into .tools/ once, rewrites wasm/re2.wasm*)
// test/engines/optimised-wasm.test.ts checks the record against the installed module and
// that both modules judge every pattern alike.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { toolPath, ensureTools } from './tools.mjs';
import { dirname, join } from 'node:path';


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
    const pkg = toolPath('binaryen', 'package.json');
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
  if (!tool) return plain('binaryen is not installed; npm run optimise-wasm installs it and refreshes wasm/re2.wasm');
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

const root = new URL('..', import.meta.url).pathname;
export const COMMITTED = join(root, 'wasm/re2.wasm');
export const RECORD = join(root, 'wasm/re2.wasm.json');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const re2WasmVersion = (input) => JSON.parse(readFileSync(join(dirname(input), '../../package.json'), 'utf8')).version;

/** Whether the committed module was made from `input` (and is the one recorded). */
export function committedMatches(input) {
  if (!existsSync(RECORD) || !existsSync(COMMITTED)) return { ok: false, why: 'wasm/re2.wasm or its record is missing' };
  const record = JSON.parse(readFileSync(RECORD, 'utf8'));
  if (record.inputSha256 !== sha256(readFileSync(input))) return { ok: false, why: `it was made from another re2.wasm (re2-wasm ${record.re2Wasm})`, record };
  if (record.outputSha256 !== sha256(readFileSync(COMMITTED))) return { ok: false, why: 'wasm/re2.wasm differs from its record', record };
  return { ok: true, record };
}

/** What the build does: the committed optimised module when it matches `input`, else the plain one. */
export function shipRe2Wasm(input, output) {
  const m = committedMatches(input);
  if (m.ok) {
    writeAtomic(output, readFileSync(COMMITTED));
    return `re2.wasm: committed wasm-opt ${m.record.flags.join(' ')} output of re2-wasm ${m.record.re2Wasm} (binaryen ${m.record.binaryen})`;
  }
  copyFileSync(input, output);
  return `plain re2.wasm copied (${m.why}; npm run optimise-wasm refreshes it): RE2 checks run about half as fast`;
}

// npm run optimise-wasm: make wasm/re2.wasm and its record from the installed re2-wasm.
if (import.meta.url === `file://${process.argv[1]}`) {
  const input = join(dirname(createRequireResolve('re2-wasm/package.json')), 'build/wasm/re2.wasm');
  ensureTools(['binaryen']);
  const tool = wasmOptPath();
  const cache = join(root, '.tools/cache');
  console.log(`optimising ${input} with wasm-opt ${WASM_OPT_FLAGS.join(' ')} (about a minute)…`);
  mkdirSync(dirname(COMMITTED), { recursive: true });
  const tmp = join(cache, 'out.wasm');
  mkdirSync(cache, { recursive: true });
  const note = optimiseRe2Wasm(input, tmp, cache);
  if (note.startsWith('plain')) throw new Error(note);
  const bytes = readFileSync(tmp);
  writeAtomic(COMMITTED, bytes);
  const record = { inputSha256: sha256(readFileSync(input)), re2Wasm: re2WasmVersion(input), binaryen: tool.version, flags: WASM_OPT_FLAGS, outputSha256: sha256(bytes) };
  writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`${note}\nwrote wasm/re2.wasm and wasm/re2.wasm.json`);
}

function createRequireResolve(spec) {
  return createRequire(import.meta.url).resolve(spec);
}
