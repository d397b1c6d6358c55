import type { DocRule } from '../rule';
import { dollarReferences } from '../regex/intent';
import { encodeFragment, sourceRange } from '../regex/match-edits';
import { knownSites } from '../regex/intent-rule-helpers';

const rewriteManifest = (rewrite: string) =>
  [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: catalog',
    '  namespace: shop',
    'spec:',
    '  hosts:',
    '  - catalog.shop.svc.cluster.local',
    '  http:',
    '  - match:',
    '    - uri:',
    '        prefix: /v1/',
    '    rewrite:',
    '      uriRegexRewrite:',
    "        match: '^/v1/(.*)$'",
    `        rewrite: ${rewrite}`,
    '    route:',
    '    - destination:',
    '        host: catalog.shop.svc.cluster.local',
    '',
  ].join('\n');

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-rewrite-dollar-reference',
    family: 'regex',
    severity: 'warning',
    kinds: ['VirtualService'],
    messages: {
      numbered: 'Write "{replacement}": RE2 rewrites refer to groups with a backslash, so "{written}" is copied as is',
      tooHigh: '"{written}" is copied as is: RE2 rewrites only know groups "\\0" to "\\9". Use one of the first nine groups',
      named: '"{written}" is copied as is: RE2 rewrites have no named references. Use the group number, "\\1" to "\\9"',
    },
    details: {
      numbered:
        '"{written}" is copied into the rewritten path as is: RE2 substitutions refer to capture groups with a ' +
        'backslash, not "$". Write "{replacement}".',
      tooHigh:
        '"{written}" is copied into the rewritten path as is: RE2 substitutions refer to capture groups as "\\0" to ' +
        '"\\9" only. Restructure the match so the group you need is among the first nine.',
      named:
        '"{written}" is copied into the rewritten path as is: RE2 substitutions have no named references. ' +
        'Refer to the group by its number, "\\1" to "\\9".',
    },
    docs: {
      summary: 'A `$1`-style reference in `uriRegexRewrite.rewrite`, where RE2 expects `\\1`.',
      why:
        'Envoy performs `uriRegexRewrite` with RE2\'s global replace, whose substitution syntax is `\\1` (`\\0` is the ' +
        'whole match). `$1` and `${1}` are not references there: they are inserted literally, so every request is ' +
        'rewritten to a path containing `$1` and the backend answers 404. Use `\\1`; inside a double-quoted YAML ' +
        'string write it as `\\\\1`.',
      bad: rewriteManifest("'/v2/$1'"),
      good: rewriteManifest("'/v2/\\1'"),
      link: 'https://istio.io/latest/docs/reference/config/networking/virtual-service/#RegexRewrite',
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      const rewrite = site.rewrite;
      if (site.field !== 'rewriteMatch' || !rewrite) continue;
      for (const ref of dollarReferences(rewrite.value)) {
        const at = sourceRange(rewrite, ref.start, ref.end);
        const usable = ref.group !== undefined && ref.group <= 9;
        const replacement = usable ? `\\${ref.group}` : '';
        const encoded = usable ? encodeFragment(replacement, rewrite.style) : undefined;
        ctx.report({
          start: at.start,
          end: at.end,
          messageId: ref.group === undefined ? 'named' : usable ? 'numbered' : 'tooHigh',
          data: { written: ref.written, replacement },
          fixes: encoded
            ? [{ title: `Replace "${ref.written}" with "${replacement}" (changes the rewritten path)`, safe: false, preferred: true, edits: [{ start: at.start, end: at.end, newText: encoded }] }]
            : [],
        });
      }
    }
  },
};
