import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocRule } from '../core/rule';
import type { FileFinding } from '../core/types';
import { hover, type HoverInfo } from './hover';

const rule = (id: string, summary: string): DocRule => ({
  scope: 'document',
  meta: {
    id,
    family: 'core',
    severity: 'warning',
    kinds: [],
    messages: {},
    docs: { summary, why: `Why ${id} matters.`, bad: '', good: '', link: `https://istio.io/${id}` },
    fix: 'none',
  },
  check() {},
});
const RULES = [rule('r-a', 'Summary of r-a.'), rule('r-b', 'Summary of r-b.')];

const TEXT = 'kind: X\nspec:\n  mode: strict\n';
const at = (needle: string) => TEXT.indexOf(needle);
const finding = (ruleId: string, start: number, end: number, message: string, detail?: string): FileFinding => ({
  uri: 'file:///x.yaml',
  rule: ruleId,
  severity: 'warning',
  message,
  ...(detail === undefined ? {} : { detail }),
  start,
  end,
  fixes: [],
});
const LINKS = (id: string) => `\\[Rule documentation\\]\\(https://[^)]*/docs/rules/${id}\\.md\\) · \\[Reference\\]\\(https://istio\\.io/${id}\\)`;

function hoverAt(offset: number, findings: FileFinding[], core?: HoverInfo['core']) {
  const info: HoverInfo = { text: TEXT, findings, findRule: (id) => RULES.find((r) => r.meta.id === id), core: core ?? (() => undefined) };
  const line = TEXT.slice(0, offset).split('\n').length - 1;
  const character = offset - (TEXT.lastIndexOf('\n', offset - 1) + 1);
  const h = hover({ textDocument: { uri: 'file:///x.yaml' }, position: { line, character } }, info);
  return h && { value: (h.contents as { value: string }).value, range: h.range };
}

describe('hover on flagged ranges', () => {
  it("shows one paragraph on the finding (its detail) and links, not the message nor the rule's whole docs", () => {
    const h = hoverAt(at('strict') + 1, [finding('r-a', at('strict'), at('strict') + 6, 'MESSAGE OF THE FINDING', 'The detail\nof this finding.')]);
    assert.ok(h);
    assert.doesNotMatch(h.value, /MESSAGE OF THE FINDING|Why r-a matters|Summary of r-a/);
    assert.match(h.value, new RegExp(`^\\*\\*Istio Tips\\*\\* \`r-a\`: The detail of this finding\\.\\n\\n${LINKS('r-a')}$`));
    assert.deepEqual(h.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } });
  });

  it("falls back to the rule's summary when the finding has no detail", () => {
    const h = hoverAt(at('strict'), [finding('r-a', at('strict'), at('strict') + 6, 'msg')]);
    assert.match(h!.value, new RegExp(`^\\*\\*Istio Tips\\*\\* \`r-a\`: Summary of r-a\\.\\n\\n${LINKS('r-a')}$`));
  });

  it('documents each rule once, over the narrowest flagged range', () => {
    const h = hoverAt(at('strict'), [
      finding('r-a', at('mode'), at('strict') + 6, 'one'),
      finding('r-a', at('strict'), at('strict') + 6, 'two'),
      finding('r-b', at('mode'), at('strict') + 6, 'three'),
    ]);
    assert.ok(h);
    assert.equal(h.value.match(/`r-a`/g)?.length, 1);
    assert.match(h.value, /`r-a`[\s\S]*\n\n---\n\n\*\*Istio Tips\*\* `r-b`/);
    assert.deepEqual(h.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } });
  });

  it('adds nothing for a finding of a rule it cannot document, and nothing away from findings', () => {
    assert.equal(hoverAt(at('strict'), [finding('unknown-rule', at('strict'), at('strict') + 6, 'msg')]), null);
    assert.equal(hoverAt(at('kind'), [finding('r-a', at('strict'), at('strict') + 6, 'msg')]), null);
  });

  it("puts the core's hover first (for a regex: what it matches) and falls back to its range", () => {
    const core = () => ({ start: at('mode'), end: at('strict') + 6, markdown: 'Effective mode: STRICT' });
    assert.deepEqual(hoverAt(at('mode'), [], core), { value: 'Effective mode: STRICT', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 14 } } });
    const both = hoverAt(at('strict'), [finding('r-b', at('strict'), at('strict') + 6, 'msg')], core);
    assert.ok(both);
    assert.match(both.value, /^Effective mode: STRICT\n\n---\n\n\*\*Istio Tips\*\* `r-b`: Summary of r-b\./);
    assert.deepEqual(both.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 14 } });
  });
});
