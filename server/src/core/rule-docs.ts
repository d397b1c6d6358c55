/**
 * A rule's documentation rendered from its metadata, for every face: the page
 * `docs/rules/<id>.md` (also SARIF help), the editor's hover and its "Show rule documentation"
 * page, and the wording `istio-tips explain` lays out for a terminal. One source, so the
 * docs site, the editor, the terminal and code scanning never disagree. Pure: metadata in,
 * Markdown out.
 */
import { defaultSeverityLabel, enabledByDefault, type FixAvailability, type Rule, type RuleMeta } from './rule';

/** Where each rule's page lives; diagnostics link to it (`codeDescription.href`), SARIF as `helpUri`. */
export const RULE_DOCS_BASE_URL = 'https://github.com/istio-tips/istio-tips/blob/main/docs/rules/';

export const ruleDocsUrl = (id: string): string => `${RULE_DOCS_BASE_URL}${encodeURIComponent(id)}.md`;

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

const yamlBlock = (text: string) => ['```yaml', text.replace(/\n+$/, ''), '```'];

const hasText = (s: string) => s.trim() !== '';

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

/** How to turn on a rule that is off by default. */
export const turnOnText = (m: RuleMeta): string =>
  `Off by default. Turn it on in \`.istio-tips.yaml\` (or the \`istioTips.rules\` setting) with \`rules: { ${m.id}: ${m.severity} }\`.`;

/** The page `docs/rules/<id>.md`, also SARIF's `help.markdown`. */
export function ruleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const lines = [
    `# ${m.id}`,
    '',
    `> ${m.docs.summary}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Severity | ${defaultSeverityLabel(m)} |`,
    `| Family | ${m.family} |`,
    `| Applies to | ${kindsDescription(m)} |`,
    `| Scope | ${rule.scope === 'workspace' ? 'workspace (reads every file analysed together)' : 'one document'} |`,
    `| Fix | ${fixDescription(m.fix)} |`,
    ...(m.istioctl?.length ? [`| istioctl analyze | ${m.istioctl.map((x) => `${x.code} (\`${x.analyzer}\`)`).join(', ')} |`] : []),
    '',
    ...(enabledByDefault(m) ? [] : [turnOnText(m), '']),
    '## Why',
    '',
    m.docs.why.trim(),
    '',
  ];
  if (hasText(m.docs.bad) || hasText(m.docs.good)) {
    lines.push('## Example', '');
    if (hasText(m.docs.bad)) lines.push('Flagged:', '', ...yamlBlock(m.docs.bad), '');
    if (hasText(m.docs.good)) lines.push('Corrected:', '', ...yamlBlock(m.docs.good), '');
  }
  lines.push(...disableMarkdown(m.id), '');
  if (m.docs.link) lines.push('## Reference', '', `- <${m.docs.link}>`, '');
  return lines.join('\n');
}

/** Fix availability in the editor page's words (a list item, not a paragraph). */
const EDITOR_FIX_TEXT: Record<FixAvailability, string> = {
  none: 'no automatic fix',
  safe: 'safe automatic fix (applied by "Fix all")',
  unsafe: 'fixes that change behaviour (offered, never applied unattended)',
  'sometimes-safe': 'automatic fix; safe in some cases only',
};

/**
 * The page the editor opens (`istioTips/ruleDocumentation`): the same content as
 * {@link ruleMarkdown} in a more compact layout, with one section per example.
 */
export function editorPageMarkdown(rule: Rule): string {
  const { id, docs, family, fix } = rule.meta;
  const lines = [
    `# ${id}`,
    '',
    docs.summary,
    '',
    `- Family: ${family}`,
    `- Default severity: ${defaultSeverityLabel(rule.meta)}`,
    `- Applies to: ${kindsDescription(rule.meta)}`,
    `- Fix: ${EDITOR_FIX_TEXT[fix] ?? fix}`,
    '',
  ];
  if (!enabledByDefault(rule.meta)) lines.push(turnOnText(rule.meta), '');
  if (docs.why) lines.push('## Why', '', docs.why, '');
  if (docs.bad) lines.push('## Flagged', '', ...yamlBlock(docs.bad), '');
  if (docs.good) lines.push('## Corrected', '', ...yamlBlock(docs.good), '');
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

/**
 * Hover on a flagged range: one short paragraph on this finding (its detail, else what the rule
 * catches), then links to the rule's page and the reference; never the whole documentation.
 * Not the finding's message: editors already show it next to the hover, from the diagnostic.
 */
export function findingHoverMarkdown(rule: Rule, detail: string | undefined): string {
  const { id, docs } = rule.meta;
  const paragraph = (detail ?? docs.summary).replace(/\s*\n\s*/g, ' ').trim();
  const links = [`[Rule documentation](${ruleDocsUrl(id)})`];
  if (docs.link) links.push(`[Reference](${docs.link})`);
  return `**Istio Tips** \`${id}\`: ${paragraph}\n\n${links.join(' · ')}`;
}
