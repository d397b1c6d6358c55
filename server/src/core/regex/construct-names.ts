/**
 * Names of PCRE/Java/JS constructs the scanner reports: escapes RE2 lacks, and Unicode
 * property spellings C++ RE2 does not know (with the RE2 spelling when one exists).
 */

/** Escapes of PCRE/Java/JS that RE2 lacks, with what they mean there. */
export const UNSUPPORTED_ESCAPES: Readonly<Record<string, string>> = {
  G: 'the \\G anchor (end of the previous match)',
  Z: 'the \\Z anchor (end of text or before a final newline)',
  K: '\\K (reset the reported match start)',
  h: '\\h (horizontal whitespace)',
  H: '\\H (not horizontal whitespace)',
  R: '\\R (any line break)',
  X: '\\X (extended grapheme cluster)',
  e: '\\e (the escape character)',
  N: '\\N (any character but newline)',
  V: '\\V (not vertical whitespace)',
  o: '\\o{…} (octal escape)',
};

/** Long Unicode property names RE2 does not know, by their short RE2 spelling (when one exists). */
export const LONG_UNICODE_NAMES: Readonly<Record<string, string | undefined>> = {
  letter: 'L', casedletter: undefined, uppercaseletter: 'Lu', lowercaseletter: 'Ll', titlecaseletter: 'Lt', modifierletter: 'Lm', otherletter: 'Lo',
  mark: 'M', combiningmark: 'M', nonspacingmark: 'Mn', spacingmark: 'Mc', enclosingmark: 'Me',
  number: 'N', decimalnumber: 'Nd', digit: 'Nd', letternumber: 'Nl', othernumber: 'No',
  punctuation: 'P', connectorpunctuation: 'Pc', dashpunctuation: 'Pd', openpunctuation: 'Ps', closepunctuation: 'Pe',
  initialpunctuation: 'Pi', finalpunctuation: 'Pf', otherpunctuation: 'Po',
  symbol: 'S', mathsymbol: 'Sm', currencysymbol: 'Sc', modifiersymbol: 'Sk', othersymbol: 'So',
  separator: 'Z', spaceseparator: 'Zs', lineseparator: 'Zl', paragraphseparator: 'Zp',
  other: 'C', control: 'Cc', format: 'Cf', surrogate: 'Cs', privateuse: 'Co',
  unassigned: undefined, alphabetic: undefined, whitespace: undefined, emoji: undefined, ascii: undefined, assigned: undefined,
  xan: undefined, xsp: undefined, xps: undefined, xwd: undefined, xuc: undefined,
};

/** Whether `\p{name}` uses a spelling C++ RE2 rejects, and the RE2 spelling when there is one. */
export function longUnicodeName(name: string): { long: boolean; short?: string } {
  const bare = name.startsWith('^') ? name.slice(1) : name;
  if (bare === 'L&' || bare.includes('=') || bare.includes(':')) return { long: true };
  if (/^(?:Is|In)[A-Z]/.test(bare)) return { long: true };
  const key = bare.toLowerCase().replace(/[\s_-]/g, '');
  if (key in LONG_UNICODE_NAMES && bare.length > 2) {
    const short = LONG_UNICODE_NAMES[key];
    return short ? { long: true, short: (name.startsWith('^') ? '^' : '') + short } : { long: true };
  }
  return { long: false };
}
