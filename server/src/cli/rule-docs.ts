/**
 * A rule's documentation as text: plain for SARIF viewers that do not render Markdown, plain
 * or coloured for `istio-tips explain`. The wording comes from the core's rule docs
 * (core/rule-docs.ts), which also render the Markdown page.
 */
import { type Rule, type RuleMeta, defaultSeverityLabel, enabledByDefault, fixDescription, kindsDescription, turnOnText } from '../core';
import type { Style } from './style';

/** Short plain-text help for SARIF viewers that do not render Markdown. */
export function ruleHelpText(meta: RuleMeta): string {
  return `${meta.docs.summary}\n\n${stripMarkdown(meta.docs.why.trim())}\n\nDisable: # istio-tips-disable-next-line ${meta.id}\nReference: ${meta.docs.link}`;
}

export function stripMarkdown(text: string): string {
  return text.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)').replace(/\*\*([^*]+)\*\*/g, '$1');
}

/** `istio-tips explain <id>`: the same content, laid out for a terminal. */
export function ruleTerminalText(rule: Rule, style: Style, width: number): string {
  const m = rule.meta;
  const code = (s: string) => s.replace(/`([^`\n]+)`/g, (_, c: string) => (style.enabled ? style.cyan(c) : `\`${c}\``));
  const para = (s: string) => code(wrapParagraphs(stripMarkdown(s.trim()), width));
  const heading = (s: string) => style.bold(style.underline(s));
  const indent = (s: string) =>
    s
      .replace(/\n+$/, '')
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  const out = [
    `${style.bold(m.id)}  ${defaultSeverityLabel(m)} · ${m.family} · ${rule.scope === 'workspace' ? 'cross-file' : 'per document'}`,
    '',
    para(m.docs.summary),
    '',
    `${style.dim('Applies to:')} ${kindsDescription(m)}`,
    `${style.dim('Fix:')} ${para(fixDescription(m.fix))}`,
    '',
    ...(enabledByDefault(m) ? [] : [para(turnOnText(m)), '']),
    heading('Why'),
    para(m.docs.why),
    '',
  ];
  if (m.docs.bad.trim()) out.push(heading('Flagged'), indent(m.docs.bad), '');
  if (m.docs.good.trim()) out.push(heading('Corrected'), indent(m.docs.good), '');
  out.push(
    heading('Disable it'),
    ...disableLines(m.id, style),
    '',
    `${style.dim('More:')} ${m.docs.link}`,
  );
  return `${out.join('\n')}\n`;
}

function disableLines(id: string, style: Style): string[] {
  const rows: [string, string][] = [
    [`# istio-tips-disable-next-line ${id}`, 'the line below'],
    [`# istio-tips-disable-file ${id}`, 'the whole file'],
    [`rules: {${id}: off}`, `everywhere (.istio-tips.yaml)`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([code, what]) => `    ${code}${' '.repeat(width - code.length)}  ${style.dim(what)}`);
}

/** Wraps each paragraph; keeps blank lines, code blocks, tables and indented lines; hangs list items. */
export function wrapParagraphs(text: string, width: number): string {
  const lines: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced || line.length <= width || /^\s{2,}|^\||^\s*```/.test(line)) {
      lines.push(line);
      continue;
    }
    const bullet = /^(\s*(?:[-*]|\d+\.)\s+)/.exec(line)?.[1] ?? '';
    const hang = ' '.repeat(bullet.length);
    let current = bullet;
    let empty = true;
    for (const word of line.slice(bullet.length).trim().split(/ +/)) {
      if (!empty && current.length + 1 + word.length > width) {
        lines.push(current);
        current = hang + word;
      } else current = empty ? current + word : `${current} ${word}`;
      empty = false;
    }
    lines.push(current);
  }
  return lines.join('\n');
}
