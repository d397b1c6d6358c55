/**
 * Rewrites for PCRE/JS-only constructs. A rewrite is `safe` only when RE2 then matches
 * exactly what PCRE matched under the site's semantics (Envoy's full match for routes);
 * anything that changes the set of matched values is offered as unsafe, with the title
 * saying how. Pure string work on the pattern; the rule turns it into YAML edits.
 */
import type { StringMatchSite } from './site';
import type { ScanFinding } from './syntax-scan';
import { longUnicodeName } from './syntax-scan';
import { atomAt, atomBefore, disjoint, groupEnd, isOptionalQuantifier, quantifierAt } from './regex-atoms';

export interface PatternFix {
  /** Pattern range replaced (the whole pattern for expansions). */
  start: number;
  end: number;
  replacement: string;
  safe: boolean;
  title: string;
}

type Semantics = StringMatchSite['semantics'];

const H_CLASS = '\\t \\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}';
const ASCII_WORD = /^[A-Za-z0-9_]+$/;

/** True when `f` sits at the very start of the pattern (optionally after `^`). */
function atStart(p: string, f: ScanFinding): boolean {
  return f.depth === 0 && (f.start === 0 || (f.start === 1 && p[0] === '^'));
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/**
 * The proposals for one construct. `standalone` is false when the value is only a piece of
 * the final regex (a GRPCRoute service or method, spliced as "/"+service+"/"+method): its
 * start and end are then not the value's, and fixes that rely on them are not offered.
 */
export function fixesFor(p: string, f: ScanFinding, semantics: Semantics, standalone = true): PatternFix[] {
  if (!standalone && semantics === 'full') semantics = 'search';
  const whole = (replacement: string, title: string, safe: boolean): PatternFix => ({ start: 0, end: p.length, replacement, title, safe });
  const here = (replacement: string, title: string, safe: boolean, end = f.end): PatternFix => ({ start: f.start, end, replacement, title, safe });
  switch (f.kind) {
    case 'lookahead':
    case 'negative-lookahead': {
      const out: PatternFix[] = [];
      const expanded = f.kind === 'negative-lookahead' && semantics === 'full' ? notPrefixExpansion(p) : undefined;
      if (expanded !== undefined) out.push(whole(expanded, 'Rewrite "not starting with …" as an equivalent RE2 alternation', true));
      const close = groupEnd(p, f.start);
      if (close !== -1) out.push(here('', 'Remove the lookahead (widens the match)', false, close));
      return out;
    }
    case 'negative-lookbehind':
    case 'lookbehind': {
      const close = groupEnd(p, f.start);
      if (close === -1) return [];
      const body = p.slice(f.end, close - 1);
      // Nothing precedes the start of a fully matched value: a negative lookbehind there
      // always holds, as long as its body cannot match the empty string.
      if (f.kind === 'negative-lookbehind' && semantics === 'full' && atStart(p, f) && nonEmptyLiteralish(body)) {
        return [here('', 'Remove the lookbehind (nothing precedes the start of the value)', true, close)];
      }
      return [here('', 'Remove the lookbehind (widens the match)', false, close)];
    }
    case 'possessive':
      return possessiveFix(p, f, standalone);
    case 'atomic-group':
      return [here('(?:', 'Make the group non-atomic (may match more)', false)];
    case 'comment-group': {
      const next = p[f.end];
      if (next !== undefined && '*+?{'.includes(next)) return [];
      return [here('', 'Remove the comment', true)];
    }
    case 'quoted-named-group':
      return f.detail && ASCII_WORD.test(f.detail) ? [here(`(?P<${f.detail}>`, `Write the group as (?P<${f.detail}>…)`, true)] : [];
    case 'escape':
      return escapeFix(p, f, semantics);
    case 'control-escape': {
      const c = f.detail;
      if (!c || !/^[A-Za-z]$/.test(c)) return [];
      return [here(`\\x${hex2(c.toUpperCase().charCodeAt(0) - 64)}`, `Write \\c${c} as \\x${hex2(c.toUpperCase().charCodeAt(0) - 64)}`, true)];
    }
    case 'unicode-escape': {
      const digits = f.text.startsWith('\\u{') ? f.text.slice(3, -1) : f.text.slice(2);
      if (!/^[0-9A-Fa-f]{1,6}$/.test(digits)) return [];
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return [];
      return [here(`\\x{${digits}}`, `Write ${f.text} as \\x{${digits}}`, true)];
    }
    case 'long-unicode-name': {
      const short = f.detail ? longUnicodeName(f.detail).short : undefined;
      if (!short) return [];
      const rewritten = `\\${f.text[1]}{${short}}`;
      return [here(rewritten, `Use the RE2 name ${rewritten}`, true)];
    }
    default:
      return [];
  }
}

function escapeFix(p: string, f: ScanFinding, semantics: Semantics): PatternFix[] {
  const here = (replacement: string, title: string, safe: boolean): PatternFix => ({ start: f.start, end: f.end, replacement, title, safe });
  switch (f.detail) {
    case 'Z':
      // Header values, paths and query values never end with a newline: \Z and \z agree.
      return semantics === 'search' || f.inClass ? [] : [here('\\z', 'Use \\z (values never end with a newline)', true)];
    case 'e':
      return [here('\\x1B', 'Write \\e as \\x1B', true)];
    case 'h':
      return [here(f.inClass ? H_CLASS : `[${H_CLASS}]`, 'Spell out \\h as its characters', true)];
    case 'H':
      return f.inClass ? [] : [here(`[^${H_CLASS}]`, 'Spell out \\H as its characters', true)];
    case 'G':
      return semantics === 'full' && atStart(p, f) ? [here('', 'Remove \\G (the match always starts at the beginning)', true)] : [];
    case 'o': {
      const digits = f.text.slice(3, -1);
      if (!/^[0-7]{1,7}$/.test(digits) || parseInt(digits, 8) > 0x10ffff) return [];
      const hex = parseInt(digits, 8).toString(16).toUpperCase();
      return [here(`\\x{${hex}}`, `Write ${f.text} as \\x{${hex}}`, true)];
    }
    default:
      return [];
  }
}

/**
 * `X*+`, `X++`, `X?+`, `X{n}+` where X is one character or class. Dropping the `+` keeps the
 * match when the repetition can never give characters back usefully: a fixed count, the end
 * of the pattern or of a top-level alternative, or a required next character X cannot match.
 */
function possessiveFix(p: string, f: ScanFinding, standalone: boolean): PatternFix[] {
  const plus = { start: f.end - 1, end: f.end, replacement: '' };
  const atom = atomBefore(p, f.start);
  const unsafe: PatternFix = { ...plus, safe: false, title: 'Make the repetition greedy (may match more)' };
  // `c++`, `g++`: after a plain letter or digit, "++" is more likely the text itself than a
  // PCRE possessive. Neither reading is provable, so both rewrites are for review, the literal first.
  if (f.text === '++' && atom && /^[A-Za-z0-9]$/.test(p.slice(atom.start, atom.end))) {
    const text = `${p.slice(atom.start, atom.end)}++`;
    return [
      { start: f.start, end: f.end, replacement: '\\+\\+', safe: false, title: `Write ${text[0]}\\+\\+ to match the text "${text}"` },
      { ...unsafe, title: `Read "${text}" as PCRE's possessive ${text.slice(0, -1)}: write ${text.slice(0, -1)} (one or more "${text[0]}")` },
    ];
  }
  if (!atom?.set || f.depth !== 0) return [unsafe];
  if (/^\{\d+\}\+$/.test(f.text)) return [{ ...plus, safe: true, title: 'Drop the possessive + (a fixed count gives nothing back)' }];
  let next = f.end;
  // An anchor at the very end changes nothing under a full match.
  if (p.startsWith('$', next) || p.startsWith('\\z', next)) next += p[next] === '$' ? 1 : 2;
  if (standalone && (next >= p.length || p[next] === '|')) return [{ ...plus, safe: true, title: 'Drop the possessive + (nothing follows it)' }];
  const follower = atomAt(p, next, true);
  if (follower?.set && !isOptionalQuantifier(quantifierAt(p, follower.end)) && disjoint(atom.set, follower.set)) {
    return [{ ...plus, safe: true, title: 'Drop the possessive + (the next character can never be taken by it)' }];
  }
  return [unsafe];
}

/** The body of a lookbehind that matches at least one character: literals and classes, no optional parts. */
function nonEmptyLiteralish(body: string): boolean {
  if (!body) return false;
  let i = 0;
  while (i < body.length) {
    const a = atomAt(body, i, true);
    if (!a?.set) return false;
    const q = quantifierAt(body, a.end);
    if (q && isOptionalQuantifier(q)) return false;
    i = q ? q.end : a.end;
  }
  return true;
}

/** Escapes a literal character for use outside or inside a class. */
function lit(c: string, inClass: boolean): string {
  if (inClass) return '\\^-[]'.includes(c) ? `\\${c}` : c;
  return '\\.+*?()|[]{}^$'.includes(c) ? `\\${c}` : c;
}

/**
 * `^(?!LIT).*` (optionally `$`-terminated) under a full match is "any value not starting
 * with LIT". RE2 can say that exactly: a first differing character, or a proper prefix.
 */
export function notPrefixExpansion(p: string): string | undefined {
  let i = p.startsWith('^') ? 1 : 0;
  if (!p.startsWith('(?!', i)) return undefined;
  i += 3;
  const chars: string[] = [];
  while (i < p.length && p[i] !== ')') {
    if (p[i] === '\\') {
      const e = p[i + 1];
      if (e === undefined || /[A-Za-z0-9]/.test(e)) return undefined;
      chars.push(e);
      i += 2;
    } else if ('.+*?()|[]{}^$'.includes(p[i])) {
      return undefined;
    } else {
      const cp = p.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      chars.push(ch);
      i += ch.length;
    }
  }
  if (p[i] !== ')' || !chars.length || chars.length > 64) return undefined;
  const rest = p.slice(i + 1);
  if (rest !== '.*' && rest !== '.*$') return undefined;
  let body = '';
  for (let k = chars.length - 1; k >= 0; k--) {
    const miss = `[^${lit(chars[k], true)}\\n].*`;
    body = k === chars.length - 1 ? `(?:${miss})?` : `(?:${miss}|${lit(chars[k], false)}${body})?`;
  }
  return (p.startsWith('^') ? '^' : '') + body + (rest.endsWith('$') ? '$' : '');
}

export { groupEnd };
