/**
 * RE2 program size against Envoy's limit: which construct of a pattern costs most, and a
 * rewrite of it that fits. The sizes are measured by the injected ProgramSizeService (RE2
 * as Envoy ships it); this file only chooses what to measure. Suggestions change what the
 * pattern matches (that is the point), so they are never offered as safe fixes.
 */
import type { ProgramSizeService } from '../services';
import { parseRegex, walk, type RegexNode } from './syntax-tree';

/**
 * Istio's bootstrap sets Envoy's runtime key `re2.max_program_size.error_level` to 32768
 * (istio/istio pkg/bootstrap/config.go); Envoy rejects a regex whose RE2 ProgramSize() is
 * above it (envoyproxy/envoy source/common/common/regex.cc, CompiledGoogleReMatcher).
 */
export const ENVOY_MAX_PROGRAM_SIZE = 32768;

export interface Construct {
  start: number;
  end: number;
  text: string;
  /** Its own program size (with the pattern's leading flags). */
  size: number;
  node: RegexNode;
}

/** Leading flag groups such as `(?i)`: they change what a construct compiles to. */
function leadingFlags(pattern: string): string {
  return /^(?:\(\?[imsU-]+\))*/.exec(pattern)?.[0] ?? '';
}

/** The repetition or class whose own program is largest; undefined when the pattern cannot be read. */
export function costliestConstruct(pattern: string, service: ProgramSizeService): Construct | undefined {
  const tree = parseRegex(pattern);
  const flags = leadingFlags(pattern);
  let best: Construct | undefined;
  walk(tree.alts, (node) => {
    if (node.t !== 'repeat' && node.t !== 'class' && node.t !== 'any') return;
    const text = pattern.slice(node.start, node.end);
    const r = service.measure(flags + text);
    // A construct that alone exhausts RE2's memory is the costliest there is.
    const size = r.ok ? r.size : r.code === 15 ? Infinity : -1;
    if (!best || size > best.size) best = { start: node.start, end: node.end, text, size, node };
  });
  return best && best.size > 1 ? best : undefined;
}

/** ASCII stand-ins for the Unicode classes people use for "a letter" or "a digit". */
const ASCII: Array<[RegExp, string]> = [
  [/\\p\{(?:Lu|Uppercase_Letter)\}/g, 'A-Z'],
  [/\\p\{(?:Ll|Lowercase_Letter)\}/g, 'a-z'],
  [/\\p\{(?:L|Letter)\}|\\pL/g, 'A-Za-z'],
  [/\\p\{(?:N|Nd|Number)\}|\\pN/g, '0-9'],
];

/** `atom` with its Unicode letter/digit classes made ASCII; undefined when it has none. */
function asciiAtom(atom: string): string | undefined {
  let out = atom;
  const inBracket = atom.startsWith('[');
  for (const [re, by] of ASCII) out = out.replace(re, inBracket ? by : `[${by}]`);
  return out === atom ? undefined : out;
}

/** Rewrites of the construct, cheapest change of meaning first. */
function candidates(c: Construct, pattern: string): string[] {
  const node = c.node;
  const atomNode = node.t === 'repeat' ? node.node : node;
  const atom = pattern.slice(atomNode.start, atomNode.end);
  const op = node.t === 'repeat' ? pattern.slice(node.opStart, node.end) : '';
  const out: string[] = [];
  const ascii = asciiAtom(atom);
  if (ascii) out.push(ascii + op);
  if (atomNode.t === 'class' || atomNode.t === 'any') out.push(`[^/]${op}`);
  if (node.t === 'repeat' && node.op.startsWith('{')) {
    const unbounded = node.min === 0 ? '*' : '+';
    if (ascii) out.push(ascii + unbounded);
    out.push(atom + unbounded);
  }
  return out;
}

/**
 * The first rewrite of `c` that brings the whole pattern within Envoy's limit (measured),
 * or undefined when none does.
 */
export function measureFits(pattern: string, c: Construct, service: ProgramSizeService): string | undefined {
  for (const rewrite of candidates(c, pattern)) {
    const r = service.measure(pattern.slice(0, c.start) + rewrite + pattern.slice(c.end));
    if (r.ok && r.size <= ENVOY_MAX_PROGRAM_SIZE) return rewrite;
  }
  return undefined;
}

/** A hover line on the program size once it is above half of Envoy's limit, else undefined. */
export function programSizeNote(pattern: string, service: ProgramSizeService | undefined): string | undefined {
  const r = service?.measure(pattern);
  if (!r || (r.ok && r.size <= ENVOY_MAX_PROGRAM_SIZE / 2)) return undefined;
  const limit = ENVOY_MAX_PROGRAM_SIZE.toLocaleString('en-US');
  if (!r.ok) return r.code === 15 ? `**RE2 program size**: beyond RE2's memory budget; Envoy's limit is ${limit}.` : undefined;
  const verdict = r.size > ENVOY_MAX_PROGRAM_SIZE ? 'Envoy rejects it' : 'within the limit';
  return `**RE2 program size**: ${r.size.toLocaleString('en-US')} instructions of Envoy's ${limit} (${verdict}).`;
}
