/**
 * The resources and kinds of an analysed file, for the status notification sent with every
 * publish. A keystroke in a file of 20,000 documents must not look at 20,000 kinds again.
 */
import { type DocResult, isKnownKind, splitApiVersion } from '../core';

export interface Census {
  /** Parsed Istio resources (API group *.istio.io): a Deployment or Service is not one. */
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
      if (!d.parsed || !d.kind || !isIstioKind(d.apiVersion, d.kind)) continue;
      resources++;
      if (!kinds.includes(d.kind)) kinds.push(d.kind);
    }
    return { resources, kinds };
  }
}

/** A kind of Istio's own APIs; workloads and Services are read by the mTLS rules but are not Istio resources. */
function isIstioKind(apiVersion: string | undefined, kind: string): boolean {
  const { group } = splitApiVersion(apiVersion ?? '');
  return group.endsWith('.istio.io') && isKnownKind(group, kind);
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
