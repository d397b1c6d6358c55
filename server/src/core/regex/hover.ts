/**
 * Hover on a string-match value: for regexes a few strings it does and does not match (first),
 * then how Envoy (or Istio) will apply it. Examples are generated from the pattern itself and
 * judged by the injected RE2 engine, so they show what the proxy really does.
 */
import type { HoverProvider } from '../hover';
import type { RegexEngine } from '../services';
import type { StringMatchSite } from './site';
import { collectStringMatches, STRING_MATCH_KINDS } from './sites';
import { candidateInputs } from './examples';
import { startsCaseInsensitive } from './intent';
import { starMeansPresent } from './shape';
import { programSizeNote } from './program-size';
import { looseAlternation } from './alternation';
import { readYamlEscapes, showInvisible } from './yaml-escapes';


/** Inline code that survives backticks, empty strings and very long values. */
export function code(s: string): string {
  if (s === '') return '`""` (empty)';
  const shown = s.length > 60 ? `${s.slice(0, 57)}…` : s;
  const fence = shown.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${shown}${fence === '``' ? ' ' : ''}${fence}`;
}

function engines(site: StringMatchSite): string {
  if (site.checkedBy.go && site.checkedBy.re2) return "Istio's webhook checks it with Go regexp; Envoy runs it with C++ RE2.";
  if (site.checkedBy.re2) return 'Istio does not check it: Envoy compiles it with C++ RE2 and rejects the route configuration if it is invalid.';
  return 'Istio evaluates it with Go regexp; Envoy never sees it.';
}

function howApplied(site: StringMatchSite): string {
  switch (site.semantics) {
    case 'full':
      return `**RE2 full match** on the ${site.label} value: the pattern must describe the entire value, as if written \`^(?:…)$\`.`;
    case 'replace':
      return `**RE2 global replace** on the request path: every match is replaced by ${site.rewrite ? code(site.rewrite.value) : 'the `rewrite` value'} (groups as \`\\1\`), the rest of the path is kept.`;
    case 'search':
      return `**Search** in the ${site.label}: it applies when the pattern occurs anywhere in the value (anchor with \`^\`/\`$\` to pin it).`;
  }
}

function caseNote(site: StringMatchSite): string {
  const insensitive = startsCaseInsensitive(site.value);
  const base = insensitive ? 'Case-insensitive (`(?i)`).' : 'Case-sensitive.';
  return site.ignoreCase && !insensitive ? `${base} \`ignoreUriCase\` does not apply to regexes: add \`(?i)\`.` : base;
}

/** Inputs to show, judged by the engine the way the site applies the pattern. */
function examples(site: StringMatchSite, re2: RegexEngine): { yes: string[]; no: string[] } | undefined {
  // Search and replace look for the pattern anywhere: judge "contains a match".
  const pattern = site.semantics === 'full' ? site.value : `(?s:.*)(?:${site.value})(?s:.*)`;
  const yes: string[] = [];
  const no: string[] = [];
  for (const input of candidateInputs(site.value, site.field, site.name)) {
    const verdict = re2.fullMatch(pattern, input);
    if (verdict === undefined) return undefined;
    const list = verdict ? yes : no;
    if (list.length < 3) list.push(input);
    if (yes.length >= 3 && no.length >= 3) break;
  }
  return { yes, no };
}

const EXAMPLE_LABELS: Record<StringMatchSite['semantics'], [string, string]> = {
  full: ['Matches', 'Does not match'],
  replace: ['Rewritten (contain a match)', 'Left unchanged'],
  search: ['Contain a match', 'No match'],
};

function regexMarkdown(site: StringMatchSite, re2: RegexEngine, text: string): string {
  if (site.value === '*' && starMeansPresent(site.field)) {
    const what = site.field === 'withoutHeader' ? 'the route applies only when the header is absent' : 'any value matches as long as it is present';
    return `**Presence check**: Istio turns exactly \`"*"\` into "is present" instead of compiling it as a regex: ${what}.`;
  }
  // What it matches first (the part people hover for), then how the value reads where YAML or
  // '|' precedence make it differ from how it looks, then how it is applied, in one paragraph.
  const lines: string[] = [];
  const ex = examples(site, re2);
  const [yes, no] = EXAMPLE_LABELS[site.semantics];
  if (ex) {
    if (ex.yes.length) lines.push(`${yes}: ${ex.yes.map(code).join(', ')}`);
    if (ex.no.length) lines.push(`${no}: ${ex.no.map(code).join(', ')}`);
  }
  const loose = site.field === 'grpcMethod' ? undefined : looseAlternation(site.value, site.semantics);
  const silent = site.style === 'QUOTE_DOUBLE' ? readYamlEscapes(text, site.valueSpan.start, site.valueSpan.end)?.silent : undefined;
  if (silent?.length) lines.push(`YAML decodes the double-quoted value first: the regex is ${code(showInvisible(site.value))} (${code(silent[0].written)} is no regex escape here).`);
  if (loose) lines.push(`Reads as ${code(loose.first)} or ${code(loose.last)}: \`|\` binds loosest. Grouped: ${code(loose.grouped)}.`);
  lines.push(`${howApplied(site)} ${caseNote(site)} ${engines(site)}`);
  return lines.join('\n\n');
}

function plainMarkdown(site: StringMatchSite): string {
  const value = code(site.value);
  const cs = site.ignoreCase ? 'case-insensitive (`ignoreUriCase`)' : 'case-sensitive';
  if (site.matchType === 'exact') return `**Exact match**: the ${site.label} value must be exactly ${value} (${cs}).`;
  if (site.gatewayApi && site.field === 'gatewayPath') {
    const base = site.value.replace(/\/+$/, '') || '/';
    return `**Path prefix by segments**: matches ${code(base)} and every path below ${code(base === '/' ? '/' : `${base}/`)}, but not ${code(`${base}x`)}.`;
  }
  return `**Prefix match**: any ${site.label} value starting with ${value} (${cs}, character by character: ${code(`${site.value}x`)} matches too).`;
}

export const regexHover: HoverProvider = {
  id: 'regex',
  kinds: STRING_MATCH_KINDS,
  hover(doc, offset, ctx) {
    const site = collectStringMatches(doc).find((s) => offset >= s.valueSpan.start && offset <= s.valueSpan.end && s.valueSpan.end > s.valueSpan.start);
    if (!site || site.templated) return undefined;
    let markdown = site.matchType === 'regex' ? regexMarkdown(site, ctx.services.re2, doc.text) : plainMarkdown(site);
    // Program size, shown once it is above half of Envoy's limit (regex-program-too-large).
    const sizeNote = site.matchType === 'regex' && site.checkedBy.re2 && site.value !== '*' ? programSizeNote(site.value, ctx.services.programSize) : undefined;
    if (sizeNote) markdown += `\n\n${sizeNote}`;
    return { start: site.valueSpan.start, end: site.valueSpan.end, markdown };
  },
};
