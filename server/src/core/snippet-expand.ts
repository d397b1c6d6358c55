/**
 * Expands a VS Code snippet body the way the editor inserts it when the user accepts every
 * default (for clients without snippet support, for documentation, and for the tests that
 * lint every snippet): tab stops `$1` / `${1}` take the default of the same tab stop elsewhere,
 * placeholders `${1:text}` (nested ones too) their text, choices `${1|a,b|}` one option,
 * `$0` nothing, variables `$NAME` / `${NAME:default}` a fixed value. Backslash escapes `\$`,
 * `\}`, `\\` (and `\,` `\|` in choices) are honoured. Transforms (`${1/re/fmt/}`) are not
 * supported and throw, so a snippet using one is noticed rather than mis-expanded.
 */

type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] }
  | { type: 'variable'; name: string; children?: SnippetNode[] };

/** Values used where no editor fills variables in; unknown variables expand to their name, like VS Code. */
export const FIXED_VARIABLES: Readonly<Record<string, string>> = {
  TM_FILENAME: 'reviews.yaml',
  TM_FILENAME_BASE: 'reviews',
  TM_DIRECTORY: '/work/manifests',
  TM_FILEPATH: '/work/manifests/reviews.yaml',
  TM_SELECTED_TEXT: '',
  TM_CURRENT_LINE: '',
  TM_LINE_INDEX: '0',
  TM_LINE_NUMBER: '1',
  WORKSPACE_NAME: 'manifests',
  CURRENT_YEAR: '2026',
  CURRENT_MONTH: '01',
  CURRENT_DATE: '15',
  UUID: '00000000-0000-4000-8000-000000000000',
  LINE_COMMENT: '#',
};

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): SnippetNode[] {
    const nodes = this.sequence(false);
    if (this.i < this.s.length) throw new Error(`unexpected "${this.s[this.i]}" at ${this.i}`);
    return nodes;
  }

  /** Text and constructs up to the end, or (inside a placeholder) up to its unescaped `}`. */
  private sequence(inside: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ type: 'text', value: text });
      text = '';
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\' && '$}\\'.includes(this.s[this.i + 1] ?? '')) {
        text += this.s[this.i + 1];
        this.i += 2;
      } else if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += '$';
          this.i++;
        }
      } else if (c === '}' && inside) {
        break;
      } else {
        text += c;
        this.i++;
      }
    }
    flush();
    return out;
  }

  /** A construct starting at `$`, or undefined when the `$` is literal (position unchanged). */
  private dollar(): SnippetNode | undefined {
    const s = this.s;
    const start = this.i;
    const digits = /^\d+/.exec(s.slice(start + 1));
    if (digits) {
      this.i = start + 1 + digits[0].length;
      return { type: 'tabstop', index: Number(digits[0]) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(start + 1));
    if (name) {
      this.i = start + 1 + name[0].length;
      return { type: 'variable', name: name[0] };
    }
    if (s[start + 1] !== '{') return undefined;
    const id = /^(?:\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(start + 2));
    if (!id) return undefined;
    this.i = start + 2 + id[0].length;
    const isTabstop = /^\d/.test(id[0]);
    const make = (children?: SnippetNode[], choices?: string[]): SnippetNode =>
      isTabstop ? { type: 'tabstop', index: Number(id[0]), children, choices } : { type: 'variable', name: id[0], children };
    const next = s[this.i];
    if (next === '}') {
      this.i++;
      return make();
    }
    if (next === ':') {
      this.i++;
      const children = this.sequence(true);
      this.expect('}');
      return make(children);
    }
    if (next === '|' && isTabstop) {
      this.i++;
      return make(undefined, this.choices());
    }
    if (next === '/') throw new Error(`snippet transforms are not supported (at ${start})`);
    this.i = start;
    return undefined;
  }

  private choices(): string[] {
    const out: string[] = [];
    let cur = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\' && ',|\\$}'.includes(this.s[this.i + 1] ?? '')) {
        cur += this.s[this.i + 1];
        this.i += 2;
      } else if (c === ',') {
        out.push(cur);
        cur = '';
        this.i++;
      } else if (c === '|' && this.s[this.i + 1] === '}') {
        out.push(cur);
        this.i += 2;
        return out;
      } else {
        cur += c;
        this.i++;
      }
    }
    throw new Error('unterminated choice');
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) throw new Error(`expected "${c}" at ${this.i}`);
    this.i++;
  }
}

export interface ExpandOptions {
  variables?: Readonly<Record<string, string>>;
  /** Which option every choice takes (clamped to its last option); 0 = the default. */
  choice?: number;
}

export function expandSnippet(body: string | readonly string[], options: ExpandOptions = {}): string {
  const source = typeof body === 'string' ? body : body.join('\n');
  const nodes = new Parser(source).parse();
  const variables = options.variables ?? FIXED_VARIABLES;
  const pick = options.choice ?? 0;
  // A bare `$1` mirrors the first placeholder or choice given for tab stop 1.
  const defining = new Map<number, SnippetNode>();
  const collect = (list: SnippetNode[]) => {
    for (const n of list) {
      if (n.type === 'text') continue;
      if (n.type === 'tabstop' && (n.children || n.choices) && !defining.has(n.index)) defining.set(n.index, n);
      if (n.children) collect(n.children);
    }
  };
  collect(nodes);
  const render = (list: SnippetNode[]): string => list.map(renderOne).join('');
  const renderOne = (n: SnippetNode): string => {
    if (n.type === 'text') return n.value;
    if (n.type === 'variable') {
      const v = variables[n.name];
      if (v !== undefined && v !== '') return v;
      return n.children ? render(n.children) : v ?? n.name;
    }
    if (n.index === 0 && !n.children && !n.choices) return '';
    const def = n.children || n.choices ? n : defining.get(n.index);
    if (!def || def.type !== 'tabstop') return '';
    if (def.choices) return def.choices[Math.min(pick, def.choices.length - 1)] ?? '';
    return render(def.children ?? []);
  };
  return render(nodes);
}
