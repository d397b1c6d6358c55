/**
 * What the engine remembers between two analyses so that a keystroke costs little:
 * - per file, the documents of the last text (re-split and re-analyse only the edited
 *   region; see `replaceInDocuments`);
 * - per analyzer, what the workspace rules reported for the last set of facts. Workspace
 *   rules see nothing but facts, document identities and the config, so when an edit
 *   leaves all of those equal their reports are equal too and the rules need not run.
 */
import type { DocRef, ReportInput, RuleMeta } from './rule';
import type { DocMapping } from './document/split';
import type { Config } from './config';
import type { DocResult, FileAnalysis } from './analysis';

export interface FileMemo {
  /** The analysis these documents are of (its `text` is the file's text). */
  analysis: FileAnalysis;
  /** Where each document starts in the text. */
  starts: number[];
  /** The text of each document (slices of the text when it came whole; see `Analyzer.analyzeEdits`). */
  texts: readonly string[];
  /** Result of each document, by index. */
  results: DocResult[];
  /** Flag byte of each document (the engine's FACTS, FINDINGS… bits). */
  flags: Uint8Array;
}

/** One byte per document: what the per-keystroke loops need to know without touching its result. */
export const FACTS = 1;
export const FINDINGS = 2;
export const TEMPLATED = 4;
export const SUPPRESSIONS = 8;

export function flagsOf(d: DocResult): number {
  return (d.facts.size ? FACTS : 0) | (d.findings.length ? FINDINGS : 0) | (d.templates.length ? TEMPLATED : 0) | (d.suppressions ? SUPPRESSIONS : 0);
}

/** Results of the previous text's documents that no new document took by position (the edited region), by text. */
export function unmatched(previous: FileMemo, mapping: DocMapping): Map<string, DocResult> {
  const out = new Map<string, DocResult>();
  const end = mapping.tailNew === -1 ? previous.starts.length : mapping.tailOld;
  for (let j = mapping.prefix; j < end; j++) out.set(previous.texts[j], previous.results[j]);
  return out;
}

/** One call a workspace rule made: a report, or a crash. Replayed in order. */
export type WorkspaceEvent = { rule: RuleMeta; at: DocRef; input: ReportInput } | { rule: RuleMeta; error: unknown };

/** Structural equality for plain data (facts are plain data by contract). Order-sensitive for Maps and Sets. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map || a instanceof Set) {
    const x = [...a.entries()];
    const y = [...(b as Map<unknown, unknown>).entries()];
    return deepEqual(x, y);
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** The documents whose facts workspace rules can see, in the order they see them (parallel arrays). */
interface FactDocs {
  uris: string[];
  docs: DocResult[];
}

/**
 * `flagsOf(file)[i] & factBit` says whether document i has facts, without reading its result;
 * with `keys`, only documents holding facts of those indexers count.
 */
function factDocs(files: Iterable<FileAnalysis>, flagsOf: (file: FileAnalysis) => Uint8Array, factBit: number, keys?: readonly string[]): FactDocs {
  const uris: string[] = [];
  const docs: DocResult[] = [];
  for (const file of files) {
    const list = file.docs;
    const flags = flagsOf(file);
    for (let i = 0; i < list.length; i++) {
      if (!(flags[i] & factBit)) continue;
      if (keys && !keys.some((k) => list[i].facts.has(k))) continue;
      uris.push(file.uri);
      docs.push(list[i]);
    }
  }
  return { uris, docs };
}

/**
 * Whether two results of a document give workspace rules the same facts (at the same index,
 * under the same identity); with `keys`, the facts of those indexers only.
 */
export function sameFacts(x: DocResult, y: DocResult, keys?: readonly string[]): boolean {
  if (x === y) return true;
  return (
    x.index === y.index &&
    x.apiVersion === y.apiVersion &&
    x.kind === y.kind &&
    x.name === y.name &&
    x.namespace === y.namespace &&
    (x.facts === y.facts || (keys ? keys.every((k) => deepEqual(x.facts.get(k), y.facts.get(k))) : deepEqual(x.facts, y.facts)))
  );
}

function sameFactDocs(a: FactDocs, b: FactDocs, keys?: readonly string[]): boolean {
  if (a.docs.length !== b.docs.length) return false;
  for (let i = 0; i < a.docs.length; i++) if (a.uris[i] !== b.uris[i] || !sameFacts(a.docs[i], b.docs[i], keys)) return false;
  return true;
}

/**
 * The reports of a group of workspace rules for the last facts and config seen. A group reads
 * the indexers `keys` (all, when omitted): an edit that changes only other indexers' facts
 * (a VirtualService for the mTLS rules) replays the group's reports.
 */
export class WorkspaceMemo {
  private docs: FactDocs = { uris: [], docs: [] };
  private config: Config | undefined;
  private events: WorkspaceEvent[] | undefined;

  constructor(private readonly keys?: readonly string[]) {}

  /** The events recorded for these very facts and config, if any. */
  lookup(files: Iterable<FileAnalysis>, config: Config, flagsOf: (file: FileAnalysis) => Uint8Array, factBit: number): { events: WorkspaceEvent[] | undefined; docs: FactDocs } {
    const docs = factDocs(files, flagsOf, factBit, this.keys);
    const hit = this.events !== undefined && deepEqual(config, this.config) && sameFactDocs(docs, this.docs, this.keys);
    return { events: hit ? this.events : undefined, docs };
  }

  store(docs: FactDocs, config: Config, events: WorkspaceEvent[]): void {
    this.docs = docs;
    // A copy: callers may change their config object in place later.
    this.config = structuredClone(config);
    this.events = events;
  }
}
