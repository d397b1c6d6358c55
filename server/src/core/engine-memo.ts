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
import type { Fix, TextEdit } from './types';
import type { FactDocs } from './fact-groups';

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
  return equalData(a, b, undefined);
}

const sameIdentity = (x: DocResult, y: DocResult): boolean =>
  x.index === y.index && x.apiVersion === y.apiVersion && x.kind === y.kind && x.name === y.name && x.namespace === y.namespace;

/**
 * Whether two results of a document give workspace rules the same facts (at the same index,
 * under the same identity); with `keys`, the facts of those indexers only.
 */
export function sameFacts(x: DocResult, y: DocResult, keys?: readonly string[]): boolean {
  if (x === y) return true;
  return sameIdentity(x, y) && (x.facts === y.facts || (keys ? keys.every((k) => deepEqual(x.facts.get(k), y.facts.get(k))) : deepEqual(x.facts, y.facts)));
}

/** Old offset → new offset within one document, for the facts' spans that moved. */
export type OffsetMap = Map<number, number>;

const isSpan = (v: object): v is { start: number; end: number } =>
  typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number' && !Array.isArray(v);

/**
 * `deepEqual`; with `moved`, objects with numeric `start` and `end` (spans: ranges in the
 * document) may differ in those two: each pair of offsets is recorded in `moved`, which must
 * stay a function (the same old offset never maps to two new ones).
 */
function equalData(a: unknown, b: unknown, moved: OffsetMap | undefined): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    if (a.length !== y.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], y[i], moved)) return false;
    return true;
  }
  if (a instanceof Map || a instanceof Set) return equalData([...a.entries()], [...(b as Map<unknown, unknown>).entries()], moved);
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const span = moved !== undefined && isSpan(a) && isSpan(b);
  if (span && !(record(moved, a.start, b.start) && record(moved, a.end, b.end))) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (span && (k === 'start' || k === 'end')) continue;
    if (!equalData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], moved)) return false;
  }
  return true;
}

function record(moved: OffsetMap, from: number, to: number): boolean {
  const seen = moved.get(from);
  if (seen === undefined) moved.set(from, to);
  return seen === undefined || seen === to;
}

/**
 * Whether offsets kept their order (strictly increasing old offsets map to strictly increasing
 * new ones), as an edit outside every span leaves them: a rule that compared two positions of
 * the document decides the same.
 */
function keepsOrder(moved: OffsetMap): boolean {
  const pairs = [...moved].sort((p, q) => p[0] - q[0]);
  for (let i = 1; i < pairs.length; i++) if (pairs[i][1] <= pairs[i - 1][1]) return false;
  return true;
}

/**
 * Compares the facts two documents lists give workspace rules, ignoring where in its document
 * each span sits (typing earlier in a VirtualService moves its destinations' ranges, nothing
 * else). Returns undefined when they differ, else the documents whose spans moved (by
 * `uri#index`) with their offset maps.
 */
function sameFactDocs(a: FactDocs, b: FactDocs, keys?: readonly string[]): Map<string, OffsetMap> | undefined {
  if (a.lists.length !== b.lists.length) return undefined;
  const out = new Map<string, OffsetMap>();
  for (let f = 0; f < a.lists.length; f++) {
    const uri = a.uris[f];
    const xs = a.lists[f];
    const ys = b.lists[f];
    if (uri !== b.uris[f] || xs.length !== ys.length) return undefined;
    // A file whose documents did not change keeps its list (see fact-groups.ts).
    if (xs === ys) continue;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const y = ys[i];
      if (x === y) continue;
      if (!sameIdentity(x, y)) return undefined;
      if (x.facts === y.facts) continue;
      const moved: OffsetMap = new Map();
      const equal = keys ? keys.every((k) => equalData(x.facts.get(k), y.facts.get(k), moved)) : equalData(x.facts, y.facts, moved);
      if (!equal || !keepsOrder(moved)) return undefined;
      if ([...moved].some(([from, to]) => from !== to)) out.set(`${uri}#${x.index}`, moved);
    }
  }
  return out;
}

/**
 * A recorded report moved along with its document's spans; undefined when some offset it
 * carries (range or fix edit) is not an offset of a fact span, so where it goes is unknown.
 */
function moveEvent(e: WorkspaceEvent, moves: Map<string, OffsetMap>): WorkspaceEvent | undefined {
  if ('error' in e) return e;
  const own = moves.get(`${e.at.uri}#${e.at.index}`);
  const related = e.input.related;
  // Related locations (the other side of a cross-file conflict) move with their own documents.
  const relatedMoved = related?.some((r) => moves.has(`${r.at.uri}#${r.at.index}`));
  if (!own && !relatedMoved) return e;
  let input = e.input;
  if (own) {
    const start = own.get(input.start);
    const end = own.get(input.end);
    if (start === undefined || end === undefined) return undefined;
    let fixes = input.fixes;
    if (fixes) {
      const out: Fix[] = [];
      for (const fix of fixes) {
        const edits: TextEdit[] = [];
        for (const edit of fix.edits) {
          const s = own.get(edit.start);
          const t = own.get(edit.end);
          if (s === undefined || t === undefined) return undefined;
          edits.push({ ...edit, start: s, end: t });
        }
        out.push({ ...fix, edits });
      }
      fixes = out;
    }
    input = { ...input, start, end, ...(fixes ? { fixes } : {}) };
  }
  if (related && relatedMoved) {
    const out: NonNullable<ReportInput['related']> = [];
    for (const r of related) {
      const m = moves.get(`${r.at.uri}#${r.at.index}`);
      if (!m) {
        out.push(r);
        continue;
      }
      const start = m.get(r.start);
      const end = m.get(r.end);
      if (start === undefined || end === undefined) return undefined;
      out.push({ ...r, start, end });
    }
    input = { ...input, related: out };
  }
  return { ...e, input };
}

/**
 * The reports of a group of workspace rules for the last facts and config seen. A group reads
 * the indexers `keys` (all, when omitted): an edit that changes only other indexers' facts
 * (a VirtualService for the mTLS rules) replays the group's reports, and so does an edit that
 * only moves facts within their document (typing in a regex before a route's destination):
 * reports then move with the spans they were made at. Rules report at fact spans (a range or
 * fix edit computed otherwise makes such an edit re-run the group, which is only slower).
 */
export class WorkspaceMemo {
  private docs: FactDocs = { uris: [], lists: [] };
  private config: Config | undefined;
  private events: WorkspaceEvent[] | undefined;

  constructor(readonly keys?: readonly string[]) {}

  /** The events recorded for these very facts (`docs`: see `FactGroups.docsOf`) and config, moved with their spans, if any. */
  lookup(docs: FactDocs, config: Config): { events: WorkspaceEvent[] | undefined; docs: FactDocs } {
    if (this.events === undefined || !deepEqual(config, this.config)) return { events: undefined, docs };
    const moves = sameFactDocs(this.docs, docs, this.keys);
    if (!moves) return { events: undefined, docs };
    if (!moves.size) {
      // Equal facts: comparing with the new lists next time settles on pointers sooner.
      this.docs = docs;
      return { events: this.events, docs };
    }
    const events: WorkspaceEvent[] = [];
    for (const e of this.events) {
      const moved = moveEvent(e, moves);
      if (!moved) return { events: undefined, docs };
      events.push(moved);
    }
    // The new documents and moved reports are what the next edit compares with.
    this.docs = docs;
    this.events = events;
    return { events, docs };
  }

  store(docs: FactDocs, config: Config, events: WorkspaceEvent[]): void {
    this.docs = docs;
    // A copy: callers may change their config object in place later.
    this.config = structuredClone(config);
    this.events = events;
  }
}
