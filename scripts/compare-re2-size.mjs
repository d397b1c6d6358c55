#!/usr/bin/env node
// Proves server/src/engines/re2-size.wasm answers exactly like a native RE2 built with g++
// from the same source (scripts/re2-size/build.sh native): for every generated pattern, the
// same RE2 error code and error argument, and the same ProgramSize(). Not part of `npm test`
// (it needs a compiler).
//
//   scripts/re2-size/build.sh native
//   node --import tsx scripts/compare-re2-size.mjs [count] [seed]
//   RE2_SIZE_DUMP=/tmp/patterns.hex node --import tsx scripts/compare-re2-size.mjs   (also keeps the input)
//
// Patterns mix Unicode classes and scripts, case folding, nested and bounded repetition,
// alternation and byte-level classes, sized so that many land near Envoy's 32,768 limit and
// some exhaust RE2's memory budget.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = process.env.RE2_SIZE_NATIVE ?? join(root, 'node_modules/.cache/re2-size/native/re2-size');
if (!existsSync(native)) {
  console.error(`no native build at ${native}: run scripts/re2-size/build.sh native first`);
  process.exit(2);
}
const { Re2SizeEngine, RE2_SIZE_RELEASE } = await import('../server/src/engines/re2-size.ts');

const count = Number(process.argv[2] ?? 12000);
let seed = Number(process.argv[3] ?? 20240702) >>> 0;
/** Deterministic generator (mulberry32), so a run can be repeated. */
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const LITERALS = ['a', 'b', 'k', 'x', '/', 'é', 'ß', 'Σ', '日', '\\.', '\\x{1F600}', '-', 'K', 's', 'api'];
const UNICODE = ['\\pL', '\\p{L}', '\\PL', '\\p{Lu}', '\\p{Ll}', '\\pN', '\\p{Nd}', '\\p{Greek}', '\\p{Han}', '\\p{Cyrillic}',
  '\\p{Latin}', '\\p{Arabic}', '\\p{Hiragana}', '\\pZ', '\\p{Sc}', '\\P{Greek}', '\\p{^Latin}', '[\\p{L}\\p{N}_-]', '[\\pL\\pN]',
  '[^\\p{Han}]', '\\p{Any}'];
const CLASSES = ['[a-z]', '[A-Za-z0-9_-]', '[^/]', '[^a]', '\\w', '\\d', '\\s', '\\W', '.', '[[:alpha:]]', '[[:^space:]]',
  '[\\x{100}-\\x{2000}]', '[\\x{80}-\\x{10FFFF}]', '[α-ω]', '[ÀàÉé]', '[0-9a-fA-F]'];
const BYTES = ['\\C', '[\\x00-\\xff]', '[\\x00-\\x{10FFFF}]', '\\x{10FFFF}', '[^\\x00-\\x7f]', '(?s:.)'];
const COUNTS = [0, 1, 2, 3, 5, 8, 10, 16, 27, 28, 32, 50, 64, 100, 200, 500, 1000, 1001];
const FLAGS = ['', '', '', '(?i)', '(?s)', '(?i)(?s)', '(?U)', '(?m)'];

function quantifier() {
  const r = rand();
  if (r < 0.3) return '';
  if (r < 0.4) return pick(['*', '+', '?', '*?', '+?']);
  const n = pick(COUNTS);
  const form = rand();
  if (form < 0.4) return `{${n}}`;
  if (form < 0.55) return `{${n},}`;
  const m = Math.max(n, pick(COUNTS));
  return `{${n},${m}}${rand() < 0.1 ? '?' : ''}`;
}

function atom(depth) {
  const r = rand();
  if (depth < 3 && r < 0.2) return group(depth + 1);
  if (r < 0.4) return pick(UNICODE);
  if (r < 0.6) return pick(CLASSES);
  if (r < 0.7) return pick(BYTES);
  return pick(LITERALS);
}

function sequence(depth) {
  const n = 1 + Math.floor(rand() * (depth ? 3 : 4));
  let s = '';
  for (let i = 0; i < n; i++) s += atom(depth) + quantifier();
  return s;
}

function group(depth) {
  const alts = 1 + Math.floor(rand() * 3);
  const body = Array.from({ length: alts }, () => sequence(depth)).join('|');
  return `${pick(['(', '(?:', '(?i:', '(?P<g>'])}${body})`;
}

function pattern() {
  const alts = rand() < 0.3 ? 2 + Math.floor(rand() * 2) : 1;
  return pick(FLAGS) + Array.from({ length: alts }, () => sequence(0)).join('|');
}

// Hand-picked cases first: the issue's and RE2's own, then the generated ones.
const fixed = ['\\pL{27}', '\\pL{28}', '[\\p{L}\\p{N}_-]{1,64}', '.{1000}'.repeat(5), '\\pL{500}', '(?i)\\pL{1000}',
  '[\\p{L}\\p{N}]{1000}', '(xx?){1000}'.repeat(1000).slice(0, 4000), 'x{9876543210}', '(?P<x>hi)|(?P<x>bye)', '\\p{Letter}', '[a-z]{1001}'];
const seen = new Set();
const patterns = [];
for (const p of fixed) if (!seen.has(p)) seen.add(p), patterns.push(p);
while (patterns.length < count) {
  const p = pattern();
  if (!seen.has(p)) seen.add(p), patterns.push(p);
}

const toHex = (s) => Buffer.from(s, 'utf8').toString('hex');
// RE2_SIZE_DUMP=file also writes the native input (one hex pattern a line), e.g. to run
// another RE2 release's native build on the same patterns and diff the two outputs.
if (process.env.RE2_SIZE_DUMP) writeFileSync(process.env.RE2_SIZE_DUMP, patterns.map(toHex).join('\n') + '\n');
const run = spawnSync(native, { input: patterns.map(toHex).join('\n') + '\n', maxBuffer: 1 << 28 });
if (run.status !== 0) throw new Error(`native build failed: ${run.stderr}`);
const nativeLines = run.stdout.toString().trimEnd().split('\n');
if (nativeLines.length !== patterns.length) throw new Error(`native answered ${nativeLines.length} of ${patterns.length}`);

const engine = new Re2SizeEngine();
const version = engine.version();
let diffs = 0;
const tally = { compiled: 0, overLimit: 0, memory: 0, otherErrors: 0 };
const started = process.hrtime.bigint();
patterns.forEach((p, i) => {
  const [code, size, argHex] = nativeLines[i].split('\t');
  const w = engine.measure(p);
  const wasm = w.ok ? ['0', String(w.size), ''] : [String(w.code), '-1', toHex(w.arg)];
  if (wasm[0] !== code || wasm[1] !== size || wasm[2] !== (argHex ?? '')) {
    diffs++;
    if (diffs <= 20) console.log(`DIFF ${JSON.stringify(p)}: native ${code}/${size}/${argHex}, wasm ${wasm.join('/')}`);
  }
  if (code === '0') {
    tally.compiled++;
    if (Number(size) > 32768) tally.overLimit++;
  } else if (code === '15') tally.memory++;
  else tally.otherErrors++;
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`RE2 ${version} (expected ${RE2_SIZE_RELEASE}): ${patterns.length} distinct patterns, ${diffs} differences in error code, error argument or program size`);
console.log(`  compiled ${tally.compiled} (over Envoy's 32768: ${tally.overLimit}), out of memory ${tally.memory}, other RE2 errors ${tally.otherErrors}; wasm ${ms.toFixed(0)} ms in all`);
process.exit(diffs === 0 && version === RE2_SIZE_RELEASE ? 0 : 1);
