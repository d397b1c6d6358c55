/**
 * The facts workspace rules read, kept per file and updated per document. A keystroke changes
 * one or two documents of a file of thousands, so regrouping every document's facts per
 * keystroke (by indexer for the rules, by rule group for the engine's memos) is what this
 * avoids: the previous grouping of the file is patched at the documents whose results changed.
 *
 * Lists that did not change stay the very same arrays, which lets every later comparison (the
 * engine's memos, the traffic and mTLS worlds) settle on a pointer. The result is the grouping
 * a full pass over the documents builds (fact-groups.test.ts compares the two).
 */
import type { DocResult, FileAnalysis } from './analysis';
import type { FactEntry } from './rule';
import { docEntries } from './workspace-index';

/** One file's facts: entries by indexer key, and per rule group the documents it sees, in document order. */
export interface FileFacts {
  readonly uri: string;
  /** The document results these lists are of. */
  readonly docs: readonly DocResult[];
  readonly entries: ReadonlyMap<string, ReadonlyArray<FactEntry<unknown>>>;
  readonly groups: ReadonlyArray<readonly DocResult[]>;
  /** Every document's index is its position (the lists can be searched by index). */
  readonly indexed: boolean;
}

/** The documents a group of workspace rules sees, file by file (files where it sees none left out). */
export interface FactDocs {
  uris: string[];
  lists: Array<readonly DocResult[]>;
}

/** More changed documents than this (of one file) and the file is grouped again from scratch. */
const PATCH_LIMIT = 32;

const EMPTY: readonly never[] = [];

/**
 * `list` (ordered by `indexOf`) with the items at document index `i` replaced by `items`; the
 * same array when there was nothing to replace and nothing to add.
 */
function replaceAt<T>(list: readonly T[], indexOf: (t: T) => number, i: number, items: readonly T[]): readonly T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (indexOf(list[mid]) < i) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < list.length && indexOf(list[end]) === i) end++;
  if (end === lo && !items.length) return list;
  // One copy of the exact size; replacing as many items as were there (the common case) moves nothing.
  const out = list.slice();
  out.splice(lo, end - lo, ...items);
  return out;
}

const entryIndex = (e: FactEntry<unknown>) => e.doc.index;
const docIndex = (d: DocResult) => d.index;

/**
 * Per-file fact groupings of one analyzer, patched from one analysis of a file to the next.
 * `groups`: the indexer keys each rule group reads (undefined: every indexer).
 */
export class FactGroups {
  private readonly byUri = new Map<string, FileFacts>();
  /** Rule groups by indexer key, and the groups that read every indexer. */
  private readonly readers = new Map<string, number[]>();
  private readonly everything: number[] = [];
  /** The last entries list built for a key across several files, with the per-file lists it joined. */
  private readonly joined = new Map<string, { parts: ReadonlyArray<ReadonlyArray<FactEntry<unknown>>>; all: ReadonlyArray<FactEntry<unknown>> }>();

  constructor(private readonly groups: ReadonlyArray<readonly string[] | undefined>) {
    groups.forEach((keys, g) => {
      if (!keys) this.everything.push(g);
      else for (const k of keys) (this.readers.get(k) ?? this.readers.set(k, []).get(k)!).push(g);
    });
  }

  /** The groupings of `files` (in their order); `flagsOf(file)[i] & factBit` says whether document i has facts. */
  of(files: Iterable<FileAnalysis>, flagsOf: (file: FileAnalysis) => Uint8Array, factBit: number): FileFacts[] {
    const out: FileFacts[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const old = this.byUri.get(file.uri);
      const facts = (old && this.patch(old, file)) ?? this.build(file, flagsOf(file), factBit);
      this.byUri.set(file.uri, facts);
      seen.add(file.uri);
      out.push(facts);
    }
    // Files gone from the workspace are forgotten (their groupings would only hold memory).
    if (this.byUri.size > seen.size) for (const uri of [...this.byUri.keys()]) if (!seen.has(uri)) this.byUri.delete(uri);
    return out;
  }

  /** Drops a file's grouping (closed, deleted). */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  /** Fact entries of indexer `key` across `files`, in file and document order (the same array while its parts hold). */
  entries(files: readonly FileFacts[], key: string): ReadonlyArray<FactEntry<unknown>> {
    const parts: Array<ReadonlyArray<FactEntry<unknown>>> = [];
    for (const f of files) {
      const list = f.entries.get(key);
      if (list?.length) parts.push(list);
    }
    if (parts.length <= 1) return parts[0] ?? EMPTY;
    const last = this.joined.get(key);
    if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i])) return last.all;
    const all = parts.flat();
    this.joined.set(key, { parts, all });
    return all;
  }

  /** The documents group `g` sees across `files`. */
  docsOf(files: readonly FileFacts[], g: number): FactDocs {
    const out: FactDocs = { uris: [], lists: [] };
    for (const f of files) {
      const list = f.groups[g];
      if (!list.length) continue;
      out.uris.push(f.uri);
      out.lists.push(list);
    }
    return out;
  }

  /** The groups that see a document with facts of `keys`. */
  private groupsReading(keys: Iterable<string>, into: Set<number>): void {
    for (const k of keys) for (const g of this.readers.get(k) ?? EMPTY) into.add(g);
  }

  private wants(g: number, doc: DocResult): boolean {
    const keys = this.groups[g];
    if (!keys) return doc.facts.size > 0;
    for (const k of keys) if (doc.facts.has(k)) return true;
    return false;
  }

  /** Every document grouped again. */
  private build(file: FileAnalysis, flags: Uint8Array, factBit: number): FileFacts {
    const entries = new Map<string, Array<FactEntry<unknown>>>();
    const groups: DocResult[][] = this.groups.map(() => []);
    const last: Array<DocResult | undefined> = this.groups.map(() => undefined);
    const list = file.docs;
    let indexed = true;
    for (let i = 0; i < list.length; i++) {
      if (list[i].index !== i) indexed = false;
      if (!(flags[i] & factBit)) continue;
      const doc = list[i];
      for (const g of this.everything) groups[g].push(doc);
      for (const [key, values] of doc.facts) {
        let into = entries.get(key);
        if (!into) entries.set(key, (into = []));
        for (const e of docEntries(file.uri, doc, key, values)) into.push(e);
        for (const g of this.readers.get(key) ?? EMPTY) {
          // A document reading two of a group's indexers is added once.
          if (last[g] === doc) continue;
          last[g] = doc;
          groups[g].push(doc);
        }
      }
    }
    return { uri: file.uri, docs: list, entries, groups, indexed };
  }

  /**
   * `old` brought up to `file`'s documents by replacing the lists' items of the documents whose
   * results changed; undefined when that is not worth it (or not possible: the number of
   * documents changed, which moves every later document's index).
   */
  private patch(old: FileFacts, file: FileAnalysis): FileFacts | undefined {
    const docs = file.docs;
    if (old.docs === docs) return old;
    if (!old.indexed || old.docs.length !== docs.length) return undefined;
    const changed: number[] = [];
    for (let i = 0; i < docs.length; i++) {
      if (docs[i] === old.docs[i]) continue;
      // Lists are searched by document index: a result at another position is not patched.
      if (changed.length === PATCH_LIMIT || docs[i].index !== i) return undefined;
      changed.push(i);
    }
    if (!changed.length) return { ...old, docs };
    const entries = new Map(old.entries);
    const groups = old.groups.slice();
    for (const i of changed) {
      const before = old.docs[i];
      const after = docs[i];
      if (!before.facts.size && !after.facts.size) continue;
      const keys = new Set([...before.facts.keys(), ...after.facts.keys()]);
      for (const key of keys) {
        const values = after.facts.get(key);
        const list = replaceAt(entries.get(key) ?? EMPTY, entryIndex, i, values ? docEntries(file.uri, after, key, values) : EMPTY);
        if (list.length) entries.set(key, list);
        else entries.delete(key);
      }
      const touched = new Set(this.everything);
      this.groupsReading(keys, touched);
      for (const g of touched) groups[g] = replaceAt(groups[g], docIndex, i, this.wants(g, after) ? [after] : EMPTY);
    }
    return { uri: file.uri, docs, entries, groups, indexed: true };
  }
}
