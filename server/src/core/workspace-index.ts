/**
 * What workspace rules read: the facts every file's documents carry, grouped by indexer
 * (built when first read, once per analysis). Never a syntax tree.
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

export function docEntries(uri: string, d: DocResult, key: string, values: readonly unknown[]): FactEntry<unknown>[] {
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

/**
 * The facts of every file, grouped by indexer: built on first use, in one pass over the
 * documents, or read from `grouped` (entries of an indexer key, kept grouped per file: see
 * fact-groups.ts).
 */
export function buildIndex(files: Iterable<FileAnalysis>, config: Config, grouped?: (key: string) => ReadonlyArray<FactEntry<unknown>>): WorkspaceIndex {
  if (grouped) return { config, facts: <T>(ix: Indexer<T>) => grouped(ix.key) as ReadonlyArray<FactEntry<T>> };
  const list = [...files];
  let byKey: Map<string, FactEntry<unknown>[]> | undefined;
  return {
    config,
    facts<T>(ix: Indexer<T>): ReadonlyArray<FactEntry<T>> {
      byKey ??= groupFacts(list);
      return (byKey.get(ix.key) ?? []) as FactEntry<T>[];
    },
  };
}

/** Every document's fact entries by indexer key, in file and document order. */
function groupFacts(files: readonly FileAnalysis[]): Map<string, FactEntry<unknown>[]> {
  const out = new Map<string, FactEntry<unknown>[]>();
  for (const file of files) {
    for (const d of file.docs) {
      if (!d.facts.size) continue;
      for (const [key, values] of d.facts) {
        let into = out.get(key);
        if (!into) out.set(key, (into = []));
        for (const e of docEntries(file.uri, d, key, values)) into.push(e);
      }
    }
  }
  return out;
}
