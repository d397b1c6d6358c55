/** Markdown about rules, for hovers and for the "Show rule documentation" page. */
import type { Rule } from '../core/rule';
import { ruleDocsUrl } from './protocol';

const FIX_TEXT: Record<string, string> = {
  none: 'no automatic fix',
  safe: 'safe automatic fix (applied by "Fix all")',
  unsafe: 'fixes that change behaviour (offered, never applied unattended)',
  'sometimes-safe': 'automatic fix; safe in some cases only',
};

/** Short form for a hover on a flagged range: what, why, where to read more. */
export function hoverMarkdown(rule: Rule, message?: string): string {
  const { id, docs } = rule.meta;
  const parts = [`**Istio Tips** \`${id}\`${message ? `: ${message}` : ''}`];
  if (docs.summary && docs.summary !== message) parts.push(docs.summary);
  if (docs.why) parts.push(docs.why);
  const links = [`[Rule documentation](${ruleDocsUrl(id)})`];
  if (docs.link) links.push(`[Reference](${docs.link})`);
  parts.push(links.join(' · '));
  return parts.join('\n\n');
}

const fence = (yaml: string) => `\`\`\`yaml\n${yaml.replace(/\n+$/, '')}\n\`\`\``;

/** The full page: metadata, explanation, flagged and corrected examples, how to silence it. */
export function fullMarkdown(rule: Rule): string {
  const { id, docs, severity, family, kinds, fix } = rule.meta;
  const lines = [
    `# ${id}`,
    '',
    docs.summary,
    '',
    `- Family: ${family}`,
    `- Default severity: ${severity}`,
    `- Applies to: ${kinds.length ? kinds.join(', ') : 'every YAML document'}`,
    `- Fix: ${FIX_TEXT[fix] ?? fix}`,
    '',
  ];
  if (docs.why) lines.push('## Why', '', docs.why, '');
  if (docs.bad) lines.push('## Flagged', '', fence(docs.bad), '');
  if (docs.good) lines.push('## Corrected', '', fence(docs.good), '');
  lines.push(
    '## Turning it off',
    '',
    `- One line: put \`# istio-tips-disable-next-line ${id}\` on the line above.`,
    `- One file: \`# istio-tips-disable-file ${id}\` anywhere in the file.`,
    `- Everywhere: \`rules: { ${id}: off }\` in \`.istio-tips.yaml\`, or the \`istioTips.rules\` setting.`,
    '',
  );
  if (docs.link) lines.push(`Reference: <${docs.link}>`, '');
  return lines.join('\n');
}
