import type { DocRule } from '../rule';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { STRING_MATCH_LINK, apiRouting } from '../regex/intent-rule-helpers';
import { quote, regexSites, reportedUnsupported } from '../regex/compile-rules';
import { exists, type Lang } from '../regex/automata/decide';
import { PATH_WITHOUT_QUERY, SLASH_PATH, UPPERCASE_METHOD } from '../regex/automata/field-domains';
import type { StringMatchSite } from '../regex/site';

type Verdict = { messageId: 'empty' | 'query' | 'slash' | 'lowercaseMethod' };

/**
 * Decided on the automaton of the pattern (regex/automata), never on its shape: each check
 * asks whether some value Envoy could hand this field is in the pattern's language. An
 * `unknown` answer (unreadable pattern, budget spent) says nothing. One decision in the
 * common case (some value fits): a keystroke in a regex makes a new pattern, and each
 * decision on it costs about half a millisecond; the finer questions, which say why nothing
 * fits, are asked only when nothing does.
 */
function verdict(site: StringMatchSite): Verdict | undefined {
  const lang: Lang = { kind: 'regex', pattern: site.value };
  const path = site.field === 'uri' || site.field === 'gatewayPath';
  const domain = path ? [PATH_WITHOUT_QUERY, SLASH_PATH] : site.field === 'method' ? [UPPERCASE_METHOD] : [];
  if (exists([lang, ...domain]).kind !== 'no') return undefined;
  const any = domain.length ? exists([lang]) : { kind: 'no' };
  if (any.kind === 'unknown') return undefined;
  if (any.kind === 'no') return { messageId: 'empty' };
  if (path) return { messageId: exists([lang, PATH_WITHOUT_QUERY]).kind === 'no' ? 'query' : 'slash' };
  return { messageId: 'lowercaseMethod' };
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-never-matches',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      empty: 'The {label} regex "{pattern}" matches no value at all, so this match never applies',
      query: 'The uri regex "{pattern}" never matches: Envoy removes the query string (from ?) before matching a path regex',
      slash: 'The uri regex "{pattern}" never matches: every request path starts with /',
      lowercaseMethod: 'The method regex "{pattern}" never matches: HTTP methods are uppercase (GET, POST); write them in capitals',
    },
    docs: {
      summary: 'The regex can never match any value Envoy hands this field.',
      why:
        'The check builds the automaton of the RE2 pattern and intersects it with what the field can hold: a path ' +
        '(matched by Envoy after `removeQueryAndFragment`, so it never contains `?`, and always starts with `/`), an HTTP ' +
        'method (uppercase tokens), or anything at all. When the intersection is empty the route silently never ' +
        'applies: traffic falls through to later routes or gets a 404. Match the query with `queryParams`, start path ' +
        'regexes with `/`, and write methods in capitals.',
      bad: apiRouting("regex: '/search\\?q=.*'"),
      good: apiRouting("regex: '/search'", ['queryParams:', '  q:', "    regex: '.+'"]),
      link: STRING_MATCH_LINK,
    },
    fix: 'none',
  },
  check(doc, ctx) {
    for (const site of regexSites(doc)) {
      if (site.semantics !== 'full' || site.value === '' || site.field === 'grpcMethod') continue;
      if (reportedUnsupported(site, ctx.patterns.scan(site.value)).length) continue;
      const v = verdict(site);
      if (!v) continue;
      ctx.report({ start: site.valueSpan.start, end: site.valueSpan.end, messageId: v.messageId, data: { label: quote(site.label, 40), pattern: quote(site.value, 40) } });
    }
  },
};
