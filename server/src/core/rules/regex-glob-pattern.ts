import type { DocRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { changeMatchType, editableStyle, sourceRange, wholeValueEdits } from '../regex/match-edits';
import { literalGlob } from '../regex/literal-glob';
import type { DocContext } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { StringMatchSite } from '../regex/site';
import { knownSites, RE2_SYNTAX_LINK } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';

const corsManifest = (origin: string) =>
  [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: storefront-api',
    '  namespace: web',
    'spec:',
    '  hosts:',
    '  - api.example.com',
    '  gateways:',
    '  - istio-ingress/public-gateway',
    '  http:',
    '  - corsPolicy:',
    '      allowOrigins:',
    `      - regex: ${origin}`,
    '      allowMethods: [GET, POST]',
    '      allowCredentials: true',
    '    route:',
    '    - destination:',
    '        host: storefront-api',
    '',
  ].join('\n');

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-glob-pattern',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      leadingStar: 'Write "{regex}": this is a glob, and a leading "*" is invalid in RE2, so Envoy (and Istio) reject it',
      repeats: 'Write "{regex}": this is a glob, and in RE2 "{operand}*" means zero or more "{operand}"{dots}',
      dropStars: 'Write "{prefix}": a prefix is compared literally, so "*" is a real "*"; the prefix already covers what follows',
      literalStar: 'Use regex "{regex}": {type} values are compared literally, so "*" matches only a real "*", not "anything"',
    },
    details: {
      leadingStar:
        'This is a glob, not a regex: in RE2 a "*" repeats what comes before it, and here nothing does, so Envoy ' +
        '(and Istio, when it checks the field) rejects the pattern with "missing argument to repetition operator". ' +
        'The regex for this glob is "{regex}".',
      repeats:
        'This is a glob, not a regex: in RE2 "{operand}*" means "zero or more {operand}", not "anything here"{dots}. ' +
        'The regex for this glob is "{regex}".',
    },
    docs: {
      summary: 'A shell-style glob (`*.example.com`, `/api/*`) written where Envoy expects an RE2 regex.',
      why:
        'Hosts and many tools use globs, so `https://*.example.com` looks natural in `allowOrigins`. Envoy reads it as ' +
        'RE2: `/*` means "zero or more slashes" and every `.` means "any character", so real origins such as ' +
        '`https://shop.example.com` never match and CORS requests fail. A pattern that *starts* with `*` (`*.svc`, `*`) ' +
        'is not even valid RE2: the configuration is rejected.\n\n' +
        'Write the regex the glob stands for: `*` becomes `[^/]*` (or `.*` at the end), and literal dots become `\\.`, ' +
        'e.g. `https://[^/]*\\.example\\.com`. One exception is not flagged: under `withoutHeaders` Istio turns exactly ' +
        '`regex: "*"` into "the header is present" (under `headers` its webhook rejects it).\n\n' +
        '`exact` and `prefix` values are compared character by character, so a `*` there is a literal asterisk: ' +
        '`prefix: /api/*` matches only paths that start with `/api/*`, and a header `exact: "*"` only the value `*`. ' +
        'For a path prefix, drop the star: `prefix: /api/` already covers everything below. Elsewhere, write the regex ' +
        'the glob stands for (`regex: .*` for "any value", which also requires the header to be present). Flagged in paths, ' +
        'hosts, schemes, methods and origins, where a real `*` does not occur, and for a lone `*` in header and query ' +
        'matches; a CORS `exact: "*"` is left alone (Envoy reads it as "any origin"). The fixes change what matches and ' +
        'are offered for review.',
      bad: corsManifest("'https://*.example.com'"),
      good: corsManifest("'https://[^/]*\\.example\\.com'"),
      link: RE2_SYNTAX_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      const glob = ctx.patterns.glob(site.value, site.field);
      if (!glob) continue;
      const first = glob.stars[0];
      const at = sourceRange(site, first.start, first.end);
      // Istio splices a GRPCRoute service/method after a "/", so a leading star repeats that slash.
      const leading = first.start === 0 && site.field !== 'grpcMethod';
      const operand = first.start === 0 ? '/' : site.value[first.start - 1];
      const edits = wholeValueEdits(doc, site, glob.regex);
      ctx.report({
        start: at.start,
        end: at.end,
        messageId: leading ? 'leadingStar' : 'repeats',
        // The syntax error RE2 and Go report for a leading star is this mistake, not a second one.
        ...(leading ? { absorbs: ['regex-syntax-error'] } : {}),
        data: { regex: quote(glob.regex, 44), operand: quote(operand, 16), dots: glob.pureGlob && site.value.includes('.') ? ', and each "." matches any character' : '' },
        fixes: edits ? [{ title: `Rewrite the glob as the regex "${glob.regex}" (changes what matches)`, safe: false, preferred: true, edits }] : [],
      });
    }
    for (const site of knownSites(doc, ['exact', 'prefix'])) reportLiteralGlob(doc, site, ctx);
  },
};

/** A glob star in an exact or prefix value: literal there. */
function reportLiteralGlob(doc: ResourceDoc, site: StringMatchSite, ctx: DocContext): void {
  if (site.matchType === 'regex') return;
  const found = literalGlob(site.value, site.matchType, site.field);
  if (!found) return;
  const at = sourceRange(site, found.star, found.star + 1);
  const editable = editableStyle(site);
  if (found.kind === 'dropStars') {
    const edits = editable ? wholeValueEdits(doc, site, found.prefix) : undefined;
    ctx.report({
      start: at.start,
      end: at.end,
      messageId: 'dropStars',
      data: { prefix: quote(found.prefix, 44) },
      fixes: edits ? [{ title: `Write ${found.prefix}: the prefix covers what follows (changes what matches)`, safe: false, preferred: true, edits }] : [],
    });
    return;
  }
  const edits = editable ? changeMatchType(doc, site, 'regex', found.regex) : undefined;
  ctx.report({
    start: at.start,
    end: at.end,
    messageId: 'literalStar',
    data: { regex: quote(found.regex, 44), type: site.matchType },
    fixes: edits ? [{ title: `Use regex ${found.regex} (changes what matches)`, safe: false, preferred: true, edits }] : [],
  });
}
