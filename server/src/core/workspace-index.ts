/**
 * What workspace rules read: the facts every file's documents carry, grouped by indexer
 * (built lazily, once per indexer and analysis). Never a syntax tree.
 */
import type { Config } from './config';
import type { DocResult, FileAnalysis } from './analysis';
import type { DocRef, FactEntry, Indexer, WorkspaceIndex } from './rule';

/**
 * A document's fact entries by indexer, kept with its result: a result stands for one text at
 * one index, so a keystroke builds entries for the documents it changed only, and an untouched
 * document hands rules the same entry objects every time.
 */
const entriesOf = new WeakMap<DocResult, { uri: string; ref: DocRef; byKey: Map<string, FactEntry<unknown>[]> }>();

function docEntries(uri: string, d: DocResult, key: string, values: readonly unknown[]): FactEntry<unknown>[] {
  let kept = entriesOf.get(d);
  if (!kept || kept.uri !== uri) {
    const ref: DocRef = { uri, index: d.index, apiVersion: d.apiVersion, kind: d.kind, name: d.name, namespace: d.namespace };
    entriesOf.set(d, (kept = { uri, ref, byKey: new Map() }));
  }
  let entries = kept.byKey.get(key);
  if (!entries) {
    const ref = kept.ref;
    kept.byKey.set(key, (entries = values.map((value) => ({ doc: ref, value }))));
  }
  return entries;
}

/** The facts of every file, grouped by indexer, built lazily per indexer. */
export function buildIndex(files: Iterable<FileAnalysis>, config: Config): WorkspaceIndex {
  const list = [...files];
  const factCache = new Map<string, FactEntry<unknown>[]>();
  return {
    config,
    facts<T>(ix: Indexer<T>): ReadonlyArray<FactEntry<T>> {
      let entries = factCache.get(ix.key);
      if (!entries) {
        entries = [];
        for (const file of list) {
          for (const d of file.docs) {
            const values = d.facts.get(ix.key);
            if (!values) continue;
            for (const e of docEntries(file.uri, d, ix.key, values)) entries.push(e);
          }
        }
        factCache.set(ix.key, entries);
      }
      return entries as FactEntry<T>[];
    },
  };
}
