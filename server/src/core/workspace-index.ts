/**
 * What workspace rules read: the facts every file's documents carry, grouped by indexer
 * (built lazily, once per indexer and analysis). Never a syntax tree.
 */
import type { Config } from './config';
import type { FileAnalysis } from './analysis';
import type { DocRef, FactEntry, Indexer, WorkspaceIndex } from './rule';

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
            const ref: DocRef = { uri: file.uri, index: d.index, apiVersion: d.apiVersion, kind: d.kind, name: d.name, namespace: d.namespace };
            for (const value of values) entries.push({ doc: ref, value });
          }
        }
        factCache.set(ix.key, entries);
      }
      return entries as FactEntry<T>[];
    },
  };
}
