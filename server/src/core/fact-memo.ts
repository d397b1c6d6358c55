/**
 * Memories keyed by the fact lists a workspace index hands out. The engine hands a rule the
 * very same array for an indexer while none of its entries changed (fact-groups.ts), and an
 * entry object stands for one fact of one document; so what is derived from a list, or
 * reported for an entry, holds for as long as those objects are the ones read.
 */
import type { DocRef, FactEntry, ReportInput, WorkspaceContext } from './rule';

/** `derive`, computed once per list object, or per fact value (it must read nothing but its argument). */
export function perList<L extends object, V>(derive: (list: L) => V): (list: L) => V {
  const memo = new WeakMap<L, { value: V }>();
  return (list) => {
    let kept = memo.get(list);
    if (!kept) memo.set(list, (kept = { value: derive(list) }));
    return kept.value;
  };
}

/** Entries grouped by a key of their value, each group in list order. */
export function groupBy<T>(list: ReadonlyArray<FactEntry<T>>, keyOf: (value: T) => string): Map<string, Array<FactEntry<T>>> {
  const out = new Map<string, Array<FactEntry<T>>>();
  for (const e of list) {
    const k = keyOf(e.value);
    const group = out.get(k);
    if (group) group.push(e);
    else out.set(k, [e]);
  }
  return out;
}

/**
 * What a rule reported for one fact entry, replayed while everything else the check read (the
 * `reads`: objects compared by identity) is the same.
 */
export class EntryReports<E extends object> {
  private readonly memo = new WeakMap<E, { reads: readonly unknown[]; inputs: ReportInput[] }>();

  run(entry: E, at: DocRef, reads: readonly unknown[], ctx: WorkspaceContext, check: (report: (input: ReportInput) => void) => void): void {
    const kept = this.memo.get(entry);
    if (kept && kept.reads.length === reads.length && kept.reads.every((r, i) => r === reads[i])) {
      for (const input of kept.inputs) ctx.report(at, input);
      return;
    }
    const inputs: ReportInput[] = [];
    check((input) => {
      inputs.push(input);
      ctx.report(at, input);
    });
    this.memo.set(entry, { reads, inputs });
  }
}
