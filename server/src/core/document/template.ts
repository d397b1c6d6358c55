/**
 * Helm / Go-template awareness. `{{ … }}` directives are masked before parsing so that
 * what does parse can still be checked, with every offset unchanged:
 * a directive alone on its line (control flow such as `{{- if … }}`) becomes blank,
 * a directive inside a value becomes a run of a placeholder character, and findings
 * whose range touches a directive are dropped by the engine (the value is unknown).
 */
import type { Span } from '../types';

export const TEMPLATE_PLACEHOLDER = '\u2591';

export interface Masked {
  text: string;
  spans: Span[];
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

export function maskTemplates(text: string): Masked {
  const spans: Span[] = [];
  let out = '';
  let last = 0;
  let i = text.indexOf('{{');
  while (i !== -1) {
    const close = text.indexOf('}}', i + 2);
    const end = close === -1 ? text.length : close + 2;
    spans.push({ start: i, end });
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = text.length;
    const aloneOnLine = text.slice(lineStart, i).trim() === '' && text.slice(end, lineEnd).trim() === '';
    out += text.slice(last, i);
    const body = text.slice(i, end);
    // Keep newlines so offsets and line numbers stay exact.
    out += aloneOnLine ? body.replace(/[^\n]/g, ' ') : body.replace(/[^\n]/g, TEMPLATE_PLACEHOLDER);
    last = end;
    i = text.indexOf('{{', end);
  }
  out += text.slice(last);
  return { text: out, spans };
}

export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && end >= s.start) return true;
  return false;
}
