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

/**
 * Linear in the text whatever it holds (one line of 80,000 directives included): the
 * "alone on its line" test walks only the blanks next to a directive, never the whole line.
 */
export function maskTemplates(text: string): Masked {
  const spans: Span[] = [];
  const parts: string[] = [];
  let last = 0;
  let i = text.indexOf('{{');
  while (i !== -1) {
    const close = text.indexOf('}}', i + 2);
    const end = close === -1 ? text.length : close + 2;
    spans.push({ start: i, end });
    const aloneOnLine = blankBefore(text, i) && blankAfter(text, end);
    parts.push(text.slice(last, i));
    parts.push(blankOut(text, i, end, aloneOnLine ? ' ' : TEMPLATE_PLACEHOLDER));
    last = end;
    i = text.indexOf('{{', end);
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), spans };
}

/** `text[start, end)` with every character but newlines (kept so offsets and lines stay exact) replaced by `fill`. */
function blankOut(text: string, start: number, end: number, fill: string): string {
  let out = '';
  let from = start;
  for (let k = start; k < end; k++) {
    if (text.charCodeAt(k) !== 10) continue;
    out += `${fill.repeat(k - from)}\n`;
    from = k + 1;
  }
  return out + fill.repeat(end - from);
}

const isBlank = (c: string) => /\s/.test(c);

/** Only whitespace between the start of the line and `at`. */
function blankBefore(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const c = text[k];
    if (c === '\n') return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

/** Only whitespace between `at` and the end of the line. */
function blankAfter(text: string, at: number): boolean {
  for (let k = at; k < text.length; k++) {
    const c = text[k];
    if (c === '\n') return true;
    if (!isBlank(c)) return false;
  }
  return true;
}

export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) if (start < s.end && end >= s.start) return true;
  return false;
}
