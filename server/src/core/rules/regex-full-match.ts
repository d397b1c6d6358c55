import type { DocContext, DocRule } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { Fix, TextEdit } from '../types';
import type { StringMatchSite } from '../regex/site';
import type { FullMatchProblem } from '../regex/intent';
import { changeMatchType, editableStyle, encodeFragment, sourceRange } from '../regex/match-edits';
import { knownSites, patternContext, STRING_MATCH_LINK, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { quote } from '../regex/compile-rules';

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-full-match',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      startOnly: '"^" does not mean "starts with" here: "{pattern}" matches only "{whole}". End it with ".*" to match a prefix',
      endOnly: '"$" does not mean "ends with" here: "{pattern}" matches only "{whole}". Start it with ".*" to match a suffix',
      fragment: 'Use "{contains}": Envoy matches the whole {label} value; "{pattern}" matches only that exact value',
      originWithoutScheme: 'Use "{suggestion}": browsers send Origin as scheme://host[:port], so "{pattern}" never matches',
      pathWithoutSlash: 'Start the pattern with "/": paths always do, so "{pattern}" never matches (or write "{contains}")',
    },
    details: {
      startOnly:
        'Envoy matches the whole {label} value, so "^" does not mean "starts with" here: "{pattern}" matches only ' +
        '"{whole}" itself. To match values that start with it, end the pattern with ".*".',
      endOnly:
        'Envoy matches the whole {label} value, so "$" does not mean "ends with" here: "{pattern}" matches only ' +
        'values that are entirely "{whole}". To match values that end with it, start the pattern with ".*".',
      fragment:
        'Envoy matches the whole {label} value, and {header} values are long compound strings: "{pattern}" matches ' +
        'only a value that is exactly that, never one that merely contains it. To match values containing it, write "{contains}".',
      originWithoutScheme:
        'Browsers send the Origin header as "scheme://host[:port]", and Envoy matches the whole value: "{pattern}" ' +
        'can never match. Include the scheme: "{suggestion}".',
      pathWithoutSlash:
        'Envoy matches the whole request path, and paths always start with "/": "{pattern}" can never match. ' +
        'Start the pattern with "/", or write "{contains}" to match paths containing it.',
    },
    docs: {
      summary: 'A regex that reads like a search ("contains", "starts with") but is applied by Envoy to the whole value.',
      why:
        'Envoy runs route, header, query parameter and CORS regexes as a **full match**: the pattern must describe the ' +
        'entire value, as if it were wrapped in `^…$`. So `user-agent` `regex: Google` only matches a user agent that is ' +
        'literally `Google` (real ones are long strings such as `Mozilla/5.0 (compatible; Googlebot/2.1; …)`), ' +
        '`^/api/v2` only matches the path `/api/v2`, `\\.jpg$` only matches the path `.jpg`, and a CORS origin pattern ' +
        'without its scheme (`app\\.example\\.com`) matches no browser\'s `Origin`. The route is accepted ' +
        'everywhere and silently never matches the traffic it was written for.\n\n' +
        'Say what surrounds the interesting part: `.*Google.*` for "contains", `/api/v2/.*` (or `prefix: /api/v2/`) for ' +
        '"starts with", `.*\\.jpg` for "ends with". A pattern anchored at both ends, or already opened and closed with ' +
        '`.*`, is left alone; so are bare literals where an exact value is plausible (`method: GET`), which ' +
        '`regex-prefer-prefix-or-exact` covers.',
      bad: userAgentRouting('regex: Google', 'regex: Microsoft'),
      good: userAgentRouting("regex: '.*Google.*'", "regex: '.*Microsoft.*'"),
      link: STRING_MATCH_LINK,
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      const problem = ctx.patterns.fullMatchProblem(site.value, patternContext(site));
      if (problem) report(doc, site, problem, ctx);
    }
  },
};

function report(doc: ResourceDoc, site: StringMatchSite, problem: FullMatchProblem, ctx: DocContext): void {
  const at = sourceRange(site, problem.at.start, problem.at.end);
  const data: Record<string, string> = { label: site.label, pattern: site.value, header: site.name ?? '' };
  const fixes: Fix[] = [];
  const edit = (start: number, end: number, text: string): TextEdit | undefined => {
    const range = sourceRange(site, start, end);
    const encoded = encodeFragment(text, site.style);
    return encoded === undefined ? undefined : { start: range.start, end: start === end ? range.start : range.end, newText: encoded };
  };
  const atEnd = (text: string): TextEdit | undefined => {
    const encoded = encodeFragment(text, site.style);
    const end = site.toSource(site.value.length);
    return encoded === undefined ? undefined : { start: end, end, newText: encoded };
  };
  const offer = (title: string, edits: Array<TextEdit | undefined> | undefined) => {
    if (edits && edits.length && edits.every((e) => e !== undefined)) fixes.push({ title, safe: false, edits: edits as TextEdit[] });
  };
  const editable = editableStyle(site);
  switch (problem.kind) {
    case 'startOnly': {
      const whole = problem.literal ?? problem.rest;
      data.whole = whole;
      if (editable) offer(`Match values starting with it: "${problem.rest}.*" (changes what matches)`, [edit(problem.at.start, problem.at.end, ''), atEnd('.*')]);
      if (editable && problem.literal !== undefined) {
        if (!site.gatewayApi) offer(`Use prefix: ${problem.literal} (changes what matches)`, changeMatchType(doc, site, 'prefix', problem.literal));
        else if (site.field === 'gatewayPath' && !problem.literal.endsWith('/')) {
          offer(`Use PathPrefix ${problem.literal}: the path and everything below it (changes what matches)`, changeMatchType(doc, site, 'prefix', problem.literal));
        }
      }
      break;
    }
    case 'endOnly':
      data.whole = problem.rest;
      if (editable) offer(`Match values ending with it: ".*${problem.rest}" (changes what matches)`, [edit(0, 0, '.*'), edit(problem.at.start, problem.at.end, '')]);
      break;
    case 'fragment':
    case 'pathWithoutSlash': {
      data.contains = problem.contains;
      if (editable) offer(`Match values containing it: "${problem.contains}" (changes what matches)`, [edit(0, 0, problem.open), atEnd(problem.close)]);
      break;
    }
    case 'originWithoutScheme':
      data.suggestion = problem.suggestion;
      if (editable) {
        offer(`Match the https origin: "${problem.suggestion}" (changes what matches)`, [edit(0, 0, problem.open), ...(problem.open.endsWith('(?:') ? [atEnd(')')] : [])]);
      }
      break;
  }
  // The message echoes user values: shortened, so it stays within 160 characters.
  for (const k of ['whole', 'contains', 'suggestion'] as const) if (data[k] !== undefined) data[k] = quote(data[k], 32);
  data.pattern = quote(data.pattern, 24);
  ctx.report({ start: at.start, end: at.end, messageId: problem.kind, data, fixes });
}
