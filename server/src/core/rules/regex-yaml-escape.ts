import type { DocRule } from '../rule';
import { editableStyle, hasInvalidEscape, quotedScalar } from '../regex/match-edits';
import { knownSites, userAgentRouting } from '../regex/intent-rule-helpers';
import { STRING_MATCH_KINDS } from '../regex/sites';
import { describeDecoded, readYamlEscapes, showInvisible } from '../regex/yaml-escapes';

/** Longest decoded value shown in the message (the rest is elided), so it stays within 160 characters. */
const SHOWN = 36;

/**
 * Intent rules whose advice is computed from the decoded value, which is not the regex the
 * author wrote: their findings on this value wait until the escape is fixed.
 */
const MISREAD_BY = ['regex-prefer-prefix-or-exact', 'regex-full-match', 'regex-alternation-precedence'];

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'regex-yaml-escape',
    family: 'regex',
    severity: 'warning',
    kinds: STRING_MATCH_KINDS,
    messages: {
      decoded: 'Use single quotes: in double quotes YAML turns "{escape}" into {decoded}{more}, so the regex is "{value}"',
    },
    docs: {
      summary: 'A regex escape in double quotes that YAML decodes first (`"\\bMobile\\b"` holds backspaces, not word boundaries).',
      why:
        'Inside a double-quoted YAML string a backslash starts a YAML escape, and YAML decodes it before Istio or Envoy see ' +
        'the regex. Some YAML escapes collide with regex escapes and are decoded silently: `\\b` becomes a backspace ' +
        'character (not a word boundary), `\\e` an escape character, `\\N \\_ \\L \\P` Unicode line and space characters, ' +
        '`\\01` a NUL followed by `1`, and `\\x2E` or `\\u002E` a `.` that RE2 then reads as a wildcard. The file applies, and ' +
        'the regex silently means something else: `"^.*\\bMobile\\b.*$"` requires two backspace characters, which no HTTP ' +
        'header value contains, so the route never matches. Escapes that mean the same to YAML and RE2 (`\\t \\n \\r \\a ' +
        '\\f \\v \\/`, `\\x41`) are not reported. Write the regex in single quotes, where a backslash is an ordinary ' +
        'character, or double every backslash (`"\\\\bMobile\\\\b"`).\n\n' +
        'The fix writes the value as typed, in single quotes. It is offered for review, not applied by fix-all: it changes ' +
        'the regex Envoy runs (from backspaces to word boundaries), so requests that fell through to later routes start ' +
        'matching this one. That is almost certainly what the author meant, but it is a change of routing.',
      bad: userAgentRouting('regex: "^.*\\bGooglebot\\b.*$"', "regex: '.*bingbot.*'"),
      good: userAgentRouting("regex: '^.*\\bGooglebot\\b.*$'", "regex: '.*bingbot.*'"),
      link: 'https://yaml.org/spec/1.2.2/#57-escaped-characters',
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    for (const site of knownSites(doc, ['regex'])) {
      if (site.style !== 'QUOTE_DOUBLE' || !editableStyle(site)) continue;
      const reading = readYamlEscapes(doc.text, site.valueSpan.start, site.valueSpan.end);
      if (!reading?.silent.length) continue;
      const [first] = reading.silent;
      const shown = showInvisible(site.value);
      const newText = quotedScalar(reading.intended);
      ctx.report({
        start: site.valueSpan.start,
        end: site.valueSpan.end,
        messageId: 'decoded',
        data: {
          escape: first.written,
          decoded: describeDecoded(first.decoded),
          more: reading.silent.length > 1 ? ` (and ${reading.silent.length - 1} more)` : '',
          value: shown.length > SHOWN ? `${shown.slice(0, SHOWN - 1)}…` : shown,
        },
        absorbs: hasInvalidEscape(doc, site) ? ['yaml-syntax', ...MISREAD_BY] : MISREAD_BY,
        fixes: [
          {
            title: `Write ${newText} (the regex as typed; changes what matches)`,
            safe: false,
            preferred: true,
            edits: [{ start: site.valueSpan.start, end: site.valueSpan.end, newText }],
          },
        ],
      });
    }
  },
};
