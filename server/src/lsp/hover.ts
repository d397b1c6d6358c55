/**
 * Hover, short enough to read without scrolling: first what the core's hover providers know
 * (for a regex: what it matches), then one paragraph per rule that flagged the spot, with a
 * link to its documentation. Never the findings' messages (the editor shows those already,
 * from the diagnostics) and never a rule's whole documentation (one click away).
 */
import type { Hover, HoverParams } from 'vscode-languageserver';
import { LineIndex } from '../core/text';
import type { Rule } from '../core/rule';
import type { HoverResult } from '../core/hover';
import type { FileFinding } from '../core/types';
import { toRange } from './convert';
import { findingHoverMarkdown } from '../core/rule-docs';

export interface HoverInfo {
  /** Current text of the document. */
  text: string;
  /** Findings of exactly this text, when analysis is up to date. */
  findings: readonly FileFinding[] | undefined;
  findRule(id: string): Rule | undefined;
  core(offset: number): HoverResult | undefined;
}

export function hover(params: HoverParams, info: HoverInfo): Hover | null {
  const lines = new LineIndex(info.text);
  const offset = lines.offsetAt(params.position);
  const hits = (info.findings ?? []).filter((f) => (f.start <= offset && offset < f.end) || (f.start === f.end && f.start === offset));
  const core = info.core(offset);
  const parts: string[] = core ? [core.markdown] : [];
  const seen = new Set<string>();
  let range: { start: number; end: number } | undefined;
  for (const f of hits) {
    const rule = info.findRule(f.rule);
    if (!rule) continue; // no docs to add to the message the editor already shows
    if (!range || f.end - f.start < range.end - range.start) range = f;
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    parts.push(findingHoverMarkdown(rule, f.detail));
  }
  if (core) range ??= core;
  if (!parts.length || !range) return null;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: toRange(lines, range.start, range.end) };
}
