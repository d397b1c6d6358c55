/**
 * What the service keeps for each open document: its project, the analysis waiting to run,
 * and what was last published for it.
 */
import { type FileFinding, type FileAnalysis } from '../core';
import { sameFindings } from './convert';
import { KindCensus } from './kind-census';
import type { Project } from './project';

export interface OpenState {
  uri: string;
  key: string;
  path: string | undefined;
  project: Project;
  /** Cancels the analysis scheduled for this document (debounce timer or next turn of the event loop). */
  pending?: () => void;
  /** Version of the text last analysed, its analysis, and what was published for it. */
  version?: number;
  analysis?: FileAnalysis;
  findings: FileFinding[];
  published?: Published;
  census: KindCensus;
}

/** What a publish was made of: diagnostics are a function of the version, the text and the findings. */
interface Published {
  version: number;
  /** The analysis whose text it was (none for a skipped document). */
  analysis: FileAnalysis | undefined;
  findings: readonly FileFinding[];
}

export const openState = (uri: string, key: string, path: string | undefined, project: Project): OpenState => ({
  uri,
  key,
  path,
  project,
  findings: [],
  census: new KindCensus(),
});

export function cancelPending(state: OpenState): void {
  state.pending?.();
  state.pending = undefined;
}

/**
 * Runs `run` for `state` after `delay` ms, replacing what was scheduled. No delay means the
 * next turn of the event loop, not a timer (whose shortest wait is 1 ms): messages already
 * received are handled first.
 */
export function schedule(state: OpenState, delay: number, run: () => void): void {
  cancelPending(state);
  const fire = () => {
    state.pending = undefined;
    run();
  };
  if (delay > 0) {
    const timer = setTimeout(fire, delay);
    state.pending = () => clearTimeout(timer);
  } else {
    const immediate = setImmediate(fire);
    state.pending = () => clearImmediate(immediate);
  }
}

/** Records a publish; false when the same version, text and findings were published last (same diagnostics, no need to build them to compare). */
export function recordPublish(state: OpenState, version: number, analysis: FileAnalysis | undefined, findings: FileFinding[]): boolean {
  const before = state.published;
  if (before && before.version === version && sameText(before.analysis, analysis) && sameFindings(before.findings, findings)) return false;
  state.published = { version, analysis, findings };
  return true;
}

/** Whether two analyses are of the same text; compares the texts only when the analyses differ (rare: same version analysed twice). */
const sameText = (a: FileAnalysis | undefined, b: FileAnalysis | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.text === b.text);
