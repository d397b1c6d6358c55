/**
 * Where re2js (a port of Go's regexp) parts from the Go release Istio builds with, and how
 * the Go engine patches around it. Istio's webhook compiles regexes with the Go standard
 * library of that release, so that release's `regexp/syntax` is the specification:
 *
 * - Duplicate capture-group names: Go accepts `(?P<x>a)|(?P<x>b)` (regexp/syntax
 *   `parser.parsePerlFlags` records names without checking for repeats); re2js rejects them.
 *   Later duplicates are renamed before re2js sees the pattern.
 * - Unicode class names (`parseUnicodeClass` / `unicodeTable`, Go 1.25+): names are compared
 *   after `canonicalName` (case, `_`, `-` and spaces ignored), `Any`, `Assigned`, `ASCII` and
 *   `LC` are special, and the general-category aliases of `unicode.CategoryAliases`
 *   (`Letter`, `Uppercase_Letter`, `digit`, `punct`…) are accepted. re2js only knows the exact
 *   table keys: accepted names are rewritten to the key re2js knows.
 * - re2js also accepts binary properties (`\p{Alphabetic}`, `\p{Emoji}`), which Go's
 *   `unicodeTable` never consults: those are reported as Go reports an unknown name.
 */
import { RewriteBuilder, quoteEnd, type Rewritten } from './error-location';

/**
 * The Go release whose `regexp/syntax` the Go engine follows: istio/istio's go.mod says
 * `go 1.26.0` (checked 2026-08). Change it together with the deviations above.
 */
export const ISTIO_GO_VERSION = '1.26';

/** Go's general categories (unicode.Categories keys; `LC` and `Cn` included since 1.25). */
const CATEGORIES = new Set(
  'C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** unicode.CategoryAliases: the general-category aliases of Unicode's PropertyValueAliases.txt. */
const CATEGORY_ALIASES: Record<string, string> = {
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Unassigned: 'Cn', Private_Use: 'Co', Surrogate: 'Cs',
  Letter: 'L', Cased_Letter: 'LC', Lowercase_Letter: 'Ll', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Titlecase_Letter: 'Lt', Uppercase_Letter: 'Lu', Mark: 'M', Combining_Mark: 'M', Spacing_Mark: 'Mc',
  Enclosing_Mark: 'Me', Nonspacing_Mark: 'Mn', Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl',
  Other_Number: 'No', Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd',
  Close_Punctuation: 'Pe', Final_Punctuation: 'Pf', Initial_Punctuation: 'Pi', Other_Punctuation: 'Po',
  Open_Punctuation: 'Ps', Symbol: 'S', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Math_Symbol: 'Sm',
  Other_Symbol: 'So', Separator: 'Z', Line_Separator: 'Zl', Paragraph_Separator: 'Zp', Space_Separator: 'Zs',
};

/**
 * Script names re2js's tables hold (the same spelling as Go's unicode.Scripts keys). re2js's
 * tables are of a newer Unicode than some Go releases: scripts added since are not told apart.
 */
const SCRIPTS: readonly string[] = (
  'Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Beria_Erfe Bhaiksuki ' +
  'Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian ' +
  'Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan ' +
  'Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Garay Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi ' +
  'Gurmukhi Gurung_Khema Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited ' +
  'Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi ' +
  'Khitan_Small_Script Khmer Khojki Khudawadi Kirat_Rai Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian ' +
  'Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui ' +
  'Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari ' +
  'New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Ol_Onal Old_Hungarian Old_Italic Old_North_Arabian ' +
  'Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong ' +
  'Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham ' +
  'Sidetic SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Sunuwar Syloti_Nagri Syriac Tagalog Tagbanwa ' +
  'Tai_Le Tai_Tham Tai_Viet Tai_Yo Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Todhri ' +
  'Tolong_Siki Toto Tulu_Tigalari Ugaritic Unknown Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square'
).split(' ');

/** regexp/syntax `canonicalName`: leading letter upper case, the rest lower case, `_ - space` dropped. */
export function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const c of name) {
    if (c === '_' || c === '-' || c === ' ') continue;
    out += first ? (c >= 'a' && c <= 'z' ? c.toUpperCase() : c) : c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    first = false;
  }
  return out;
}

/** What a Go-valid class name stands for, in a form re2js knows. */
type Resolved = { kind: 'name'; name: string } | { kind: 'ascii' };

let byCanonical: Map<string, Resolved> | undefined;

/** Canonical name -> resolution, built once from the categories, aliases and re2js's scripts. */
function table(scripts: readonly string[]): Map<string, Resolved> {
  if (byCanonical) return byCanonical;
  const m = new Map<string, Resolved>();
  // Lowest priority first: later entries win, as unicodeTable's order of lookups does.
  for (const [alias, cat] of Object.entries(CATEGORY_ALIASES)) m.set(canonicalName(alias), { kind: 'name', name: cat });
  for (const s of scripts) m.set(canonicalName(s), { kind: 'name', name: s });
  for (const c of CATEGORIES) m.set(c, { kind: 'name', name: c });
  m.set('Lc', { kind: 'name', name: 'LC' });
  m.set('Any', { kind: 'name', name: 'Any' });
  m.set('Assigned', { kind: 'name', name: 'Assigned' });
  m.set('Ascii', { kind: 'ascii' });
  byCanonical = m;
  return m;
}

/** A class name (\\p, \\P) or a named group: nothing else is ever rewritten. */
const NEEDS_LOOK = /\\[pP]|\(\?P?</;

export interface GoPrepared {
  /** The pattern for re2js, mapped back to the original. */
  rewritten: Rewritten;
  /** Class names Go rejects although re2js would accept them (original offsets). */
  unknownNames: Array<{ start: number; end: number }>;
}

const isNameChar = (c: string) => /^[A-Za-z0-9_]$/.test(c);

/** Capture-group names as Go's parser finds them (escapes, `\Q…\E` and classes skipped). */
function groupNames(p: string): Array<{ start: number; end: number; name: string }> {
  const out: Array<{ start: number; end: number; name: string }> = [];
  forEachToken(p, (i, inClass) => {
    if (inClass) return;
    const head = p.startsWith('(?P<', i) ? 4 : p.startsWith('(?<', i) ? 3 : 0;
    if (!head) return;
    const close = p.indexOf('>', i + head);
    if (close === -1) return;
    const name = p.slice(i + head, close);
    if (name && [...name].every(isNameChar)) out.push({ start: i + head, end: close, name });
  });
  return out;
}

/**
 * Calls `visit(i, inClass)` at the start of every token outside `\Q…\E`; escapes are one
 * token (`\p{…}` included). Returns nothing: visitors read the pattern themselves.
 */
function forEachToken(p: string, visit: (i: number, inClass: boolean) => void): void {
  let i = 0;
  let inClass = false;
  while (i < p.length) {
    const c = p[i];
    visit(i, inClass);
    if (c === '\\') {
      if (!inClass && p[i + 1] === 'Q') i = quoteEnd(p, i);
      else i += 2;
    } else if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const end = p.indexOf(':]', i + 2);
        i = end === -1 ? i + 1 : end + 2;
      } else {
        if (c === ']') inClass = false;
        i++;
      }
    } else if (c === '[') {
      inClass = true;
      i++;
      if (p[i] === '^') i++;
      if (p[i] === ']') i++; // a leading ] is literal
    } else i++;
  }
}

/**
 * Rewrites what re2js judges differently from Go, or returns undefined when nothing needs
 * it (the common case: no `\p` and no named group). `scripts` is re2js's script list.
 */
export function prepareForGo(pattern: string, scripts: readonly string[] = SCRIPTS): GoPrepared | undefined {
  if (!NEEDS_LOOK.test(pattern)) return undefined;
  const b = new RewriteBuilder(pattern);
  const unknownNames: GoPrepared['unknownNames'] = [];
  let kept = 0;
  let changed = false;
  const names = groupNames(pattern);
  const seen = new Set<string>();
  const taken = new Set(names.map((n) => n.name));
  const renames = new Map<number, string>();
  for (const n of names) {
    if (!seen.has(n.name)) {
      seen.add(n.name);
      continue;
    }
    let k = 2;
    while (taken.has(`${n.name}_${k}`)) k++;
    taken.add(`${n.name}_${k}`);
    renames.set(n.start, `${n.name}_${k}`);
  }
  if (!renames.size && !/\\[pP]/.test(pattern)) return undefined;
  const lookup = table(scripts);
  forEachToken(pattern, (i, inClass) => {
    const head = pattern.startsWith('(?P<', i) ? 4 : pattern.startsWith('(?<', i) ? 3 : 0;
    const rename = head ? renames.get(i + head) : undefined;
    if (rename !== undefined) {
      const end = pattern.indexOf('>', i + head);
      b.keep(kept, i + head);
      b.replace(i + head, end, rename);
      kept = end;
      changed = true;
      return;
    }
    if (pattern[i] !== '\\' || (pattern[i + 1] !== 'p' && pattern[i + 1] !== 'P')) return;
    let negated = pattern[i + 1] === 'P';
    let nameStart = i + 2;
    let end: number;
    let nameEnd: number;
    if (pattern[nameStart] === '{') {
      const close = pattern.indexOf('}', nameStart);
      if (close === -1) return;
      nameStart++;
      nameEnd = close;
      end = close + 1;
    } else {
      if (nameStart >= pattern.length) return;
      const cp = pattern.codePointAt(nameStart) ?? 0;
      nameEnd = nameStart + (cp > 0xffff ? 2 : 1);
      end = nameEnd;
    }
    let name = pattern.slice(nameStart, nameEnd);
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const resolved = lookup.get(canonicalName(name));
    let by: string;
    if (!resolved) {
      // Unknown to Go: make sure re2js fails too (it knows binary properties Go never looks up).
      unknownNames.push({ start: i, end });
      by = '\\p{\u0000}';
    } else if (resolved.kind === 'ascii') {
      const range = negated ? '\\x{80}-\\x{10FFFF}' : '\\x00-\\x7F';
      by = inClass ? range : `[${range}]`;
    } else {
      by = `\\${negated ? 'P' : 'p'}{${resolved.name}}`;
    }
    if (by === pattern.slice(i, end)) return;
    b.keep(kept, i);
    b.replace(i, end, by);
    kept = end;
    changed = true;
  });
  if (!changed) return undefined;
  b.keep(kept, pattern.length);
  return { rewritten: b.done(), unknownNames };
}
