#!/usr/bin/env node
// Source of syntaxes/istio-injection.tmLanguage.json. The grammar's regexes are written here
// with String.raw because the same regex-token rules are needed once per YAML quoting style
// (the backslash and the terminator differ), and hand-escaping them twice over in JSON is
// where mistakes hide. `node syntaxes/istio-injection.grammar.mjs` rewrites the JSON;
// test/grammar/grammar.test.ts fails when the committed JSON is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const R = String.raw;
const SUFFIX = 'istio-tips';

// Keys whose scalar value Istio or Envoy compile as a regular expression.
// `match` holds a scalar only under `uriRegexRewrite`; elsewhere it is a map or a list,
// which the value look-ahead below never accepts.
const REGEX_KEYS = 'regex|proxyVersion|match';

// A key is a key only at the start of a node: after indentation, `- `, `{`, `,` or `[`.
const KEY_START = R`(?<![^ \t{,\[])`;
const KEY_SCOPE = 'string.unquoted.plain.out.yaml entity.name.tag.yaml';
const SEP_SCOPE = 'punctuation.separator.key-value.mapping.yaml';
const EMBED = `meta.embedded.regex.${SUFFIX} source.regexp.${SUFFIX}`;

/**
 * How each quoting style spells a regex backslash, what one source character of the
 * pattern is, and where the value ends (a look-ahead, so the closing quote stays a token).
 */
const STYLES = {
  double: { bs: R`\\\\`, char: R`(?:\\[\\"]|[^\\"])`, term: R`"` },
  single: { bs: R`\\`, char: R`(?:''|[^'])`, term: R`'(?!')` },
  plain: { bs: R`\\`, char: R`\S`, term: R`[ \t]+#|[ \t]*$` },
  // Plain scalars inside `{…}`/`[…]` cannot hold flow indicators, so those end the value.
  flow: { bs: R`\\`, char: R`[^\s,\[\]{}]`, term: R`[ \t]+#|[ \t]*$|[ \t]*[,\]}]` },
};

/** Backslash escapes, in RE2's terms; constructs RE2 rejects are marked invalid. */
function escapes(s) {
  const { bs, char } = s;
  return [
    { match: R`${bs}[pP](?:\{\^?\w+\}|[A-Za-z])`, name: 'constant.other.character-class.unicode.regexp' },
    { match: R`${bs}[dDwWsS]`, name: 'constant.other.character-class.regexp' },
    { match: R`${bs}[AzbB]`, name: 'keyword.control.anchor.regexp' },
    { match: R`${bs}(?:x(?:\h{2}|\{\h+\})|0[0-7]{0,2})`, name: 'constant.character.numeric.regexp' },
    // Backreferences and PCRE/Java-only escapes: RE2 refuses to compile them.
    { match: R`${bs}(?:[1-9]|k<\w*>?|[GZKRXhHe]|c[A-Za-z]|u\h{4})`, name: `invalid.illegal.unsupported.regexp.${SUFFIX}` },
    { match: R`${bs}${char}`, name: 'constant.character.escape.backslash.regexp' },
  ];
}

/** YAML-level escapes that are not regex escapes (only meaningful inside quotes). */
function yamlEscapes(style) {
  if (style === 'single') return [{ match: "''", name: 'constant.character.escape.yaml' }];
  if (style !== 'double') return [];
  return [
    { match: R`\\(?:[ "/0LN\\_abefnprtv]|x\h{2}|u\h{4}|U\h{8})`, name: 'constant.character.escape.yaml' },
    { match: R`\\$`, name: 'constant.character.escape.double-quoted.newline.yaml' },
    // `".\*"`: a Markdown-escaped star is not a YAML escape; kubectl rejects the file.
    { match: R`\\.`, name: 'invalid.illegal.escape.yaml' },
  ];
}

function characterClass(style) {
  const s = STYLES[style];
  return {
    begin: R`(\[)(\^)?(\])?`,
    beginCaptures: {
      1: { name: 'punctuation.definition.character-class.begin.regexp' },
      2: { name: 'keyword.operator.negation.regexp' },
      3: { name: 'constant.character.literal.regexp' },
    },
    end: R`(\])|(?=${s.term})`,
    endCaptures: { 1: { name: 'punctuation.definition.character-class.end.regexp' } },
    name: 'constant.other.character-class.set.regexp',
    patterns: [
      { match: R`\[:\^?[a-z]+:\]`, name: 'constant.other.character-class.posix.regexp' },
      ...escapes(s),
      ...yamlEscapes(style),
      { match: R`(?<!\[|\[\^)-(?!\])`, name: 'punctuation.separator.range.regexp' },
    ],
  };
}

/** The tokens of a pattern outside character classes. */
function regexTokens(style) {
  return [
    ...escapes(STYLES[style]),
    ...yamlEscapes(style),
    { include: `#class-${style}` },
    // Lookaround, atomic groups, conditionals, recursion, inline comments: not RE2.
    { match: R`\(\?(?:<?[=!]|[>(|#'&R+]|P[=>]|-?\d)`, name: `invalid.illegal.unsupported.regexp.${SUFFIX}` },
    {
      match: R`(\()(\?P?<)([A-Za-z_]\w*)(>)`,
      captures: {
        1: { name: 'punctuation.definition.group.regexp' },
        2: { name: 'punctuation.definition.group.capture.named.regexp' },
        3: { name: 'variable.other.group-name.regexp' },
        4: { name: 'punctuation.definition.group.capture.named.regexp' },
      },
    },
    { match: R`\(\?:`, name: 'punctuation.definition.group.no-capture.regexp' },
    {
      match: R`(\(\?)([imsU]*(?:-[imsU]+)?)([:)])`,
      captures: {
        1: { name: 'punctuation.definition.group.regexp' },
        2: { name: 'keyword.other.option-toggle.regexp' },
        3: { name: 'punctuation.definition.group.regexp' },
      },
    },
    { match: R`\(\?[^)]*\)?`, name: `invalid.illegal.unsupported.regexp.${SUFFIX}` },
    { match: R`[()]`, name: 'punctuation.definition.group.regexp' },
    {
      // Possessive quantifiers (`a*+`) are a PCRE feature; RE2 reports a bad repetition.
      match: R`(?:[*+?]|\{\d+(?:,\d*)?\})(\+)`,
      name: 'keyword.operator.quantifier.regexp',
      captures: { 1: { name: `invalid.illegal.unsupported.regexp.${SUFFIX}` } },
    },
    { match: R`(?:[*+?]|\{\d+(?:,\d*)?\})\??`, name: 'keyword.operator.quantifier.regexp' },
    { match: R`\|`, name: 'keyword.operator.or.regexp' },
    { match: R`[\^$]`, name: 'keyword.control.anchor.regexp' },
    { match: R`\.`, name: 'constant.other.character-class.any.regexp' },
  ];
}

/** `key: <regex>` with the value in one quoting style. */
function regexEntry(keys, style, keyStart = KEY_START) {
  const key = R`${keyStart}(${keys})[ \t]*(:)[ \t]+`;
  const keyCaptures = { 1: { name: KEY_SCOPE }, 2: { name: SEP_SCOPE } };
  if (style === 'double' || style === 'single') {
    const q = style === 'double' ? '"' : "'";
    const str = `string.quoted.${style}.yaml`;
    return {
      begin: key + `(${q})`,
      beginCaptures: { ...keyCaptures, 3: { name: `${str} punctuation.definition.string.begin.yaml` } },
      end: style === 'double' ? '(")' : "('(?!'))",
      endCaptures: { 1: { name: `${str} punctuation.definition.string.end.yaml` } },
      contentName: `${str} ${EMBED}`,
      patterns: [{ include: `#regex-${style}` }],
    };
  }
  // A plain scalar may not start with an indicator (quote, flow bracket, block scalar…).
  return {
    begin: key + R`(?=[^\s"'\[\]{}|>&*!%@` + '`' + R`#,])`,
    beginCaptures: keyCaptures,
    end: R`(?=${STYLES[style].term})`,
    contentName: `string.unquoted.plain.out.yaml ${EMBED}`,
    patterns: [{ include: `#regex-${style}` }],
  };
}

/** Both the quoted entries and the plain one, the latter flow-aware after `{` or `,`. */
function regexEntries(keys) {
  return [
    regexEntry(keys, 'double'),
    regexEntry(keys, 'single'),
    regexEntry(keys, 'flow', R`(?<=[{,][ \t]?)`),
    regexEntry(keys, 'plain'),
  ];
}

const MODES = ['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET', 'ISTIO_MUTUAL', 'SIMPLE', 'MUTUAL'];

/** `mode: STRICT` and friends (PeerAuthentication and DestinationRule TLS modes). */
function modeEntries() {
  const scopeOf = (m) => `constant.language.mtls-mode.${m.toLowerCase().replace(/_/g, '-')}.${SUFFIX}`;
  const alternatives = MODES.map((m) => `(${m})`).join('|');
  const modeCaptures = (first, base) =>
    Object.fromEntries(MODES.map((m, i) => [first + i, { name: `${base} ${scopeOf(m)}` }]));
  const key = R`${KEY_START}(mode)[ \t]*(:)[ \t]+`;
  const after = R`(?=[ \t]*(?:$|#|[,}\]]))`;
  const keyCaptures = { 1: { name: KEY_SCOPE }, 2: { name: SEP_SCOPE } };
  const quoted = (q, style) => {
    const str = `string.quoted.${style}.yaml`;
    return {
      match: `${key}(${q})(?:${alternatives})(${q})${after}`,
      captures: {
        ...keyCaptures,
        3: { name: `${str} punctuation.definition.string.begin.yaml` },
        ...modeCaptures(4, str),
        [4 + MODES.length]: { name: `${str} punctuation.definition.string.end.yaml` },
      },
    };
  };
  return [
    quoted('"', 'double'),
    quoted("'", 'single'),
    {
      match: `${key}(?:${alternatives})${after}`,
      captures: { ...keyCaptures, ...modeCaptures(3, 'string.unquoted.plain.out.yaml') },
    },
  ];
}

/**
 * Gateway API HTTPRoute/GRPCRoute matches: `type: RegularExpression` makes the sibling
 * `value:` a regex. Block style handles `type` written before `value` (TextMate cannot look
 * at later lines); flow style (`{type: RegularExpression, value: …}`) handles any order.
 */
function gatewayApi() {
  const typeMatch = (after) => R`${KEY_START}(type)[ \t]*(:)[ \t]+(["']?)(RegularExpression)(\3)(?=[ \t]*${after})`;
  const typeLine = {
    match: typeMatch(R`(?:$|#|[,}\]])`),
    captures: {
      1: { name: KEY_SCOPE },
      2: { name: SEP_SCOPE },
      3: { name: 'punctuation.definition.string.begin.yaml' },
      4: { name: `support.constant.match-type.regular-expression.${SUFFIX}` },
      5: { name: 'punctuation.definition.string.end.yaml' },
    },
  };
  return {
    block: {
      // The region starts by consuming the `type` line itself: a zero-width start would be
      // matched again by this same injection at the same position.
      begin: typeMatch(R`(?:$|#)`),
      beginCaptures: typeLine.captures,
      while: R`^(?=[ \t]*(?:(?:name|value)[ \t]*:|#|$))`,
      name: `meta.gateway-api.regex-match.${SUFFIX}`,
      patterns: [...regexEntries('value'), { include: 'source.yaml' }],
    },
    flow: {
      begin: R`(\{)(?=[^}]*${KEY_START}type[ \t]*:[ \t]*["']?RegularExpression\b)`,
      beginCaptures: { 1: { name: 'punctuation.definition.mapping.begin.yaml' } },
      end: R`(\})`,
      endCaptures: { 1: { name: 'punctuation.definition.mapping.end.yaml' } },
      name: `meta.flow-mapping.yaml meta.gateway-api.regex-match.${SUFFIX}`,
      patterns: [
        typeLine,
        regexEntry('value', 'double'),
        regexEntry('value', 'single'),
        regexEntry('value', 'flow'),
        { match: ',', name: 'punctuation.separator.mapping.yaml' },
        { include: 'source.yaml#flow-pair' },
      ],
    },
  };
}

/** `# istio-tips-disable-next-line rule-a, rule-b -- reason` (see server/src/core/suppress.ts). */
const suppressComment = {
  begin: R`(?<![^ \t])(#)[ \t]*(istio-tips-disable-(?:next-line|line|file))\b`,
  beginCaptures: {
    1: { name: 'punctuation.definition.comment.yaml' },
    2: { name: `keyword.control.directive.suppress.${SUFFIX}` },
  },
  end: '$',
  name: `comment.line.number-sign.yaml meta.directive.suppress.${SUFFIX}`,
  patterns: [
    { match: R`(?<=[ \t])--(?=[ \t]|$).*`, name: `comment.line.reason.${SUFFIX}` },
    { match: R`(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w-])`, name: `entity.name.tag.rule-id.${SUFFIX}` },
    { match: ',', name: `punctuation.separator.rule-id.${SUFFIX}` },
  ],
};

export function buildGrammar() {
  const gw = gatewayApi();
  const repository = {
    'suppress-comment': suppressComment,
    'regex-entry': { patterns: regexEntries(REGEX_KEYS) },
    'mode-entry': { patterns: modeEntries() },
    'gateway-api-block': gw.block,
    'gateway-api-flow': gw.flow,
  };
  for (const style of Object.keys(STYLES)) {
    repository[`regex-${style}`] = { patterns: regexTokens(style) };
    repository[`class-${style}`] = characterClass(style);
  }
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Istio Tips YAML injection',
    comment: 'Generated by syntaxes/istio-injection.grammar.mjs; edit that file, not this one.',
    scopeName: `${SUFFIX}.injection`,
    // Not inside strings or comments: a `regex:` in a description is prose, and the
    // embedded regex must not re-inject into itself.
    injectionSelector: `L:source.yaml -string -comment -meta.embedded.regex.${SUFFIX}`,
    patterns: [
      { include: '#suppress-comment' },
      { include: '#gateway-api-flow' },
      { include: '#gateway-api-block' },
      { include: '#regex-entry' },
      { include: '#mode-entry' },
    ],
    repository,
  };
}

export const GRAMMAR_PATH = fileURLToPath(new URL('./istio-injection.tmLanguage.json', import.meta.url));

export function grammarJson() {
  return JSON.stringify(buildGrammar(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GRAMMAR_PATH, grammarJson());
  console.log(`wrote ${GRAMMAR_PATH}`);
}
