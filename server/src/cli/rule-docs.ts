/**
 * A rule's documentation rendered from its metadata: Markdown for `docs/rules/<id>.md`
 * (scripts/gen-docs.ts) and SARIF help, plain or coloured text for `istio-tips explain`.
 * One source, so the page, the terminal and code scanning never disagree.
 */
import type { FixAvailability, Rule, RuleMeta } from '../core';
import type { Style } from './style';

export function fixDescription(fix: FixAvailability): string {
  switch (fix) {
    case 'none':
      return 'No automatic fix: the right change depends on intent the manifest does not show.';
    case 'safe':
      return 'Safe fix: it keeps the meaning, so `istio-tips lint --fix` and the editor\'s "Fix all" apply it.';
    case 'unsafe':
      return 'Fix available in the editor, but it changes behaviour: review it. `--fix` never applies it.';
    case 'sometimes-safe':
      return 'Fixes available: the safe ones are applied by `--fix` and "Fix all"; the others change behaviour and are offered for review only.';
  }
}

export function kindsDescription(meta: RuleMeta): string {
  return meta.kinds.length ? meta.kinds.join(', ') : 'every YAML document';
}

const isDocumented = (meta: RuleMeta) => meta.docs.bad.trim() !== '' || meta.docs.good.trim() !== '';

const yamlBlock = (text: string) => ['```yaml', text.replace(/\n+$/, ''), '```'];

function disableMarkdown(id: string): string[] {
  return [
    '## Disable it',
    '',
    'For one line, put a comment on the line above it (or at the end of the line itself):',
    '',
    '```yaml',
    `# istio-tips-disable-next-line ${id} -- reason`,
    '```',
    '',
    `For a whole file: \`# istio-tips-disable-file ${id}\` anywhere in it.`,
    '',
    'Everywhere: turn it off or change its severity in `.istio-tips.yaml` at the root of the repository',
    '(the VS Code setting `istioTips.rules` takes the same map):',
    '',
    '```yaml',
    'rules:',
    `  ${id}: off   # or: error, warning, info, hint`,
    '```',
  ];
}

/** The page `docs/rules/<id>.md`. */
export function ruleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# ${m.id}`,
    '',
    `> ${m.docs.summary}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Severity | ${m.severity} |`,
    `| Family | ${m.family} |`,
    `| Applies to | ${kindsDescription(m)} |`,
    `| Scope | ${rule.scope === 'workspace' ? 'workspace (reads every file analysed together)' : 'one document'} |`,
    `| Fix | ${fixDescription(m.fix)} |`,
    '',
    '## Why',
    '',
    m.docs.why.trim(),
    '',
  ];
  if (isDocumented(m)) {
    lines.push('## Example', '');
    if (m.docs.bad.trim()) lines.push('Flagged:', '', ...yamlBlock(m.docs.bad), '');
    if (m.docs.good.trim()) lines.push('Corrected:', '', ...yamlBlock(m.docs.good), '');
  }
  lines.push(...disableMarkdown(m.id), '');
  if (m.docs.link) lines.push('## Reference', '', `- <${m.docs.link}>`, '');
  return lines.join('\n');
}

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
    `${style.bold(m.id)}  ${m.severity} · ${m.family} · ${rule.scope === 'workspace' ? 'cross-file' : 'per document'}`,
    '',
    para(m.docs.summary),
    '',
    `${style.dim('Applies to:')} ${kindsDescription(m)}`,
    `${style.dim('Fix:')} ${para(fixDescription(m.fix))}`,
    '',
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
