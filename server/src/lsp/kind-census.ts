/**
 * The resources and kinds of an analysed file, for the status notification sent with every
 * publish. A keystroke in a file of 20,000 documents must not look at 20,000 kinds again.
 */
import { type DocResult, isKnownKind, splitApiVersion } from '../core';

export interface Census {
  /** Parsed documents of a known kind. */
  resources: number;
  /** Their kinds, in order of first appearance. */
  kinds: string[];
}

/**
 * One per open document. The engine reuses the result objects of untouched documents across
 * edits, so when every document that differs from the last count kept its kind, the last
 * census still holds and a keystroke costs a pointer comparison per document.
 */
export class KindCensus {
  private last: { docs: readonly DocResult[]; census: Census } | undefined;

  count(docs: readonly DocResult[]): Census {
    const last = this.last;
    if (last && sameKinds(last.docs, docs)) {
      this.last = { docs, census: last.census };
      return last.census;
    }
    const census = this.countAll(docs);
    this.last = { docs, census };
    return census;
  }

  private countAll(docs: readonly DocResult[]): Census {
    const kinds: string[] = [];
    let resources = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      if (!d.parsed || !d.kind || !isKnownKind(splitApiVersion(d.apiVersion).group, d.kind)) continue;
      resources++;
      if (!kinds.includes(d.kind)) kinds.push(d.kind);
    }
    return { resources, kinds };
  }
}

function sameKinds(a: readonly DocResult[], b: readonly DocResult[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x.parsed !== y.parsed || x.kind !== y.kind || x.apiVersion !== y.apiVersion)) return false;
  }
  return true;
}
