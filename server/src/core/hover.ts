/**
 * Hover providers: explanations that are not findings (how Envoy applies a regex, which
 * policy decides a workload's mTLS mode). Rule docs on flagged ranges are the LSP
 * layer's job; these add what only the core can compute.
 */
import type { ResourceDoc } from './document/resource';
import type { Config } from './config';
import type { Services } from './services';
import type { WorkspaceIndex } from './rule';

export interface HoverResult {
  /** Range the hover applies to, relative to the document (the engine makes it absolute). */
  start: number;
  end: number;
  markdown: string;
}

export interface HoverContext {
  readonly config: Config;
  readonly services: Services;
  /** Facts of the whole workspace (same as workspace rules see). */
  readonly workspace: WorkspaceIndex;
  /** The document's identity as workspace facts refer to it. */
  readonly uri: string;
}

export interface HoverProvider {
  readonly id: string;
  readonly kinds: readonly string[];
  /** `offset` is relative to the document. Return undefined when nothing to say there. */
  hover(doc: ResourceDoc, offset: number, ctx: HoverContext): HoverResult | undefined;
}
