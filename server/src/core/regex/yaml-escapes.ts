/**
 * YAML escapes in a one-line double-quoted regex that YAML decodes into something other
 * than what the same two characters mean to RE2: `"\bMobile\b"` reaches Envoy holding
 * backspace characters, not word boundaries. Escapes that mean the same on both sides
 * (`\t \n \r \a \f \v \/ \" \\`, `\x41`) are left alone; `yaml` rejects the invalid ones
 * (`\d`), which yaml-syntax reports.
 */

export interface SilentEscape {
  /** Offsets (document) of the escape as written, backslash included. */
  start: number;
  end: number;
  /** The escape as written (`\b`). */
  written: string;
  /** What YAML turned it into. */
  decoded: string;
}

export interface YamlEscapeReading {
  /** Escapes whose decoded character changes the regex. */
  silent: SilentEscape[];
  /** The value the author wrote: those escapes kept as written, every other escape decoded. */
  intended: string;
}

/** Regex metacharacters: a `\x2E` decoded to `.` is a wildcard, while RE2 reads `\x2E` as a literal dot. */
const META = new Set('\\.+*?()|[]{}^$');

/** Escapes whose character the regex engine reads the same way (`\a` is BEL in RE2 too). */
const SAME: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', a: '\x07', f: '\f', v: '\v', '/': '/', '"': '"', '\\': '\\', ' ': ' ', '\t': '\t' };

const NAMED: Readonly<Record<string, string>> = { b: '\b', e: '\x1b', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Reads the escapes of the double-quoted scalar `text[start, end)` (quotes included, one
 * line). Undefined when the scalar spans lines or an escape is malformed (yaml-syntax's case).
 */
export function readYamlEscapes(text: string, start: number, end: number): YamlEscapeReading | undefined {
  const src = text.slice(start, end);
  if (src.length < 2 || src[0] !== '"' || src[src.length - 1] !== '"' || src.includes('\n')) return undefined;
  const silent: SilentEscape[] = [];
  let intended = '';
  for (let i = 1; i < src.length - 1; i++) {
    const c = src[i];
    if (c !== '\\') {
      intended += c;
      continue;
    }
    const e = src[i + 1];
    const at = start + i;
    if (e in SAME) {
      intended += SAME[e];
      i++;
    } else if (e in NAMED) {
      silent.push({ start: at, end: at + 2, written: `\\${e}`, decoded: NAMED[e] });
      intended += `\\${e}`;
      i++;
    } else if (e === '0') {
      // RE2 reads `\0` as NUL too, but `\01` as one octal escape where YAML gives NUL then "1".
      if (/[0-7]/.test(src[i + 2] ?? '')) {
        silent.push({ start: at, end: at + 2, written: '\\0', decoded: '\0' });
        intended += '\\0';
      } else intended += '\0';
      i++;
    } else if (e in HEX_LENGTH) {
      const hex = src.slice(i + 2, i + 2 + HEX_LENGTH[e]);
      if (hex.length !== HEX_LENGTH[e] || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const decoded = String.fromCodePoint(parseInt(hex, 16));
      const written = `\\${e}${hex}`;
      // RE2 has no `\u`: the decoded character is the only reading, unless it is a metacharacter.
      if (META.has(decoded)) {
        silent.push({ start: at, end: at + written.length, written, decoded });
        intended += e === 'x' ? written : `\\${decoded}`;
      } else intended += decoded;
      i += written.length - 1;
    } else {
      return undefined;
    }
  }
  return { silent, intended };
}

const NAMES: Readonly<Record<string, string>> = {
  '\b': 'a backspace',
  '\x1b': 'an escape character',
  '\0': 'a NUL character',
  '\u0085': 'a next-line character',
  '\u00a0': 'a no-break space',
  '\u2028': 'a line separator',
  '\u2029': 'a paragraph separator',
};

/** What YAML turned an escape into, in words (`a backspace`, `"." (a wildcard)`). */
export function describeDecoded(decoded: string): string {
  return NAMES[decoded] ?? `"${decoded}"`;
}

/** `value` with invisible characters shown: C0 controls as their control pictures (␈), others as <U+0085>. */
export function showInvisible(value: string): string {
  return value.replace(/[\x00-\x1f\x7f\u0085\u00a0\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
