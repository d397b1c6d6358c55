/** `istio-tips rules` (the table) and `istio-tips explain <id>`. */
import { documentedRules, enabledByDefault, findRule, ruleDocsUrl } from '../core';
import { UsageError, closest, type ExplainCommand, type RulesCommand } from './args';
import type { CliIo } from './io';
import { terminalWidth } from './io';
import { ruleTerminalText } from './rule-docs';
import { colorEnabled, makeStyle, severityColor } from './style';

export function rulesCommand(cmd: RulesCommand, io: CliIo): number {
  const rules = documentedRules();
  if (cmd.format === 'json') {
    const list = rules.map((r) => ({
      id: r.meta.id,
      severity: r.meta.severity,
      defaultEnabled: enabledByDefault(r.meta),
      family: r.meta.family,
      fix: r.meta.fix,
      scope: r.scope,
      kinds: r.meta.kinds,
      summary: r.meta.docs.summary,
      docs: ruleDocsUrl(r.meta.id),
      istioctl: r.meta.istioctl ?? [],
    }));
    io.stdout.write(`${JSON.stringify({ rules: list }, null, 2)}\n`);
    return 0;
  }
  const style = makeStyle(colorEnabled(io.stdout, io.env, cmd.color));
  const header = ['RULE', 'SEVERITY', 'FAMILY', 'FIX', 'SUMMARY'];
  const rows = rules.map((r) => [r.meta.id, enabledByDefault(r.meta) ? r.meta.severity : 'off', r.meta.family, r.meta.fix, r.meta.docs.summary]);
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const room = io.stdout.isTTY ? terminalWidth(io.stdout) - widths.reduce((a, b) => a + b + 2, 0) : Infinity;
  const cut = (s: string) => (s.length > room && room > 20 ? `${s.slice(0, room - 1)}…` : s);
  const lines = [style.bold(header.map((h, i) => (i < 4 ? pad(h, widths[i]) : h)).join('  '))];
  for (const row of rows) {
    const cells = row.slice(0, 4).map((c, i) => pad(c, widths[i]));
    cells[1] = severityColor(style, row[1])(cells[1]);
    lines.push(`${cells.join('  ')}  ${cut(row[4])}`);
  }
  const off = rules.filter((r) => !enabledByDefault(r.meta)).length;
  lines.push('', `${rules.length} rules${off ? ` (${off} off by default: give them a severity under rules: in .istio-tips.yaml)` : ''}. Details: istio-tips explain <rule-id>`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export function explainCommand(cmd: ExplainCommand, io: CliIo): number {
  const rule = findRule(cmd.id);
  if (!rule) {
    const hint = closest(cmd.id, documentedRules().map((r) => r.meta.id));
    throw new UsageError(`unknown rule "${cmd.id}"${hint ? ` (did you mean "${hint}"?)` : ''}; "istio-tips rules" lists them`);
  }
  const style = makeStyle(colorEnabled(io.stdout, io.env, cmd.color));
  io.stdout.write(ruleTerminalText(rule, style, terminalWidth(io.stdout)));
  return 0;
}
