/**
 * Command-line parsing. Hand-written (no dependency) and strict: an unknown option or a
 * missing value is a usage error (exit 2) with a hint, never silently ignored.
 */

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintCommand {
  kind: 'lint';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  /** --unsafe-fixes: --fix and --diff also apply fixes that change behaviour. */
  unsafeFixes: boolean;
  /** --diff: print what the fixes would change as a unified diff; write nothing. */
  diff: boolean;
  config?: string;
  rootNamespace?: string;
  istioVersion?: string;
  maxWarnings?: number;
  quiet: boolean;
  exitZero: boolean;
  color?: boolean;
  stdinFilename?: string;
}

export interface RulesCommand {
  kind: 'rules';
  format: 'text' | 'json';
  color?: boolean;
}

export interface ExplainCommand {
  kind: 'explain';
  id: string;
  color?: boolean;
}

export type Command =
  | LintCommand
  | RulesCommand
  | ExplainCommand
  | { kind: 'help'; topic?: string }
  | { kind: 'version' };

/** Wrong use of the command line: reported in one line, exit code 2. */
export class UsageError extends Error {}

export const COMMANDS = ['lint', 'rules', 'explain', 'help'] as const;

type OptionSpec = { name: string; takes?: 'string' | 'count' | 'format' | 'rules-format'; short?: string };

const COMMON: OptionSpec[] = [{ name: 'color' }, { name: 'no-color' }];

const OPTIONS: Record<'lint' | 'rules' | 'explain', OptionSpec[]> = {
  lint: [
    { name: 'format', takes: 'format', short: 'f' },
    { name: 'fix' },
    { name: 'unsafe-fixes' },
    { name: 'diff' },
    { name: 'config', takes: 'string', short: 'c' },
    { name: 'root-namespace', takes: 'string' },
    { name: 'istio-version', takes: 'string' },
    { name: 'max-warnings', takes: 'count' },
    { name: 'quiet', short: 'q' },
    { name: 'exit-zero' },
    { name: 'stdin-filename', takes: 'string' },
    ...COMMON,
  ],
  rules: [{ name: 'format', takes: 'rules-format', short: 'f' }, ...COMMON],
  explain: [...COMMON],
};

/** Levenshtein distance, for "did you mean" hints on short words. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, for a hint. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

const didYouMean = (word: string, candidates: Iterable<string>, render = (s: string) => s) => {
  const c = closest(word, candidates);
  return c ? ` (did you mean ${render(c)}?)` : '';
};

export function parseArgs(argv: readonly string[]): Command {
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help' };
  if (first === 'help') return { kind: 'help', topic: argv[1] };
  if (first.startsWith('-')) {
    throw new UsageError(`expected a command before "${first}": lint, rules or explain`);
  }
  if (first !== 'lint' && first !== 'rules' && first !== 'explain') {
    const typo = closest(first, COMMANDS);
    const hint = typo ? `istio-tips ${typo}` : /\.ya?ml$|[/.]/.test(first) ? `istio-tips lint ${first}` : undefined;
    throw new UsageError(`unknown command "${first}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  const rest = argv.slice(1);
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', topic: first };
  const specs = OPTIONS[first];
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      positionals.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const spec = specs.find((s) => s.short === arg.slice(1));
      if (!spec) throw new UsageError(`unknown option "${arg}" for "${first}"; see "istio-tips ${first} --help"`);
      name = spec.name;
    }
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      throw new UsageError(
        `unknown option "--${name}" for "${first}"${didYouMean(name, specs.map((s) => s.name), (s) => `"--${s}"`)}; see "istio-tips ${first} --help"`,
      );
    }
    if (!spec.takes) {
      if (inline !== undefined) throw new UsageError(`option "--${name}" takes no value`);
      values.set(name, true);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`option "--${name}" needs a value`);
    }
    values.set(name, value);
  }
  const color = values.has('no-color') ? false : values.has('color') ? true : undefined;
  const str = (name: string) => values.get(name) as string | undefined;

  if (first === 'rules') {
    if (positionals.length) throw new UsageError(`"rules" takes no arguments, got "${positionals[0]}"`);
    const format = str('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format for "rules" must be text or json, got "${format}"`);
    return { kind: 'rules', format, color };
  }
  if (first === 'explain') {
    if (positionals.length !== 1) throw new UsageError('"explain" needs exactly one rule id, e.g. "istio-tips explain yaml-syntax"');
    return { kind: 'explain', id: positionals[0], color };
  }

  const format = str('format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif, got "${format}"${didYouMean(format, ['text', 'json', 'sarif'], (s) => `"${s}"`)}`);
  }
  let maxWarnings: number | undefined;
  const mw = str('max-warnings');
  if (mw !== undefined) {
    if (!/^\d+$/.test(mw)) throw new UsageError(`--max-warnings needs a whole number of warnings, got "${mw}"`);
    maxWarnings = Number(mw);
  }
  const paths = positionals.length ? positionals : ['.'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('"-" (standard input) can be given only once');
  const fix = values.has('fix');
  const diff = values.has('diff');
  const unsafeFixes = values.has('unsafe-fixes');
  if (fix && paths.includes('-')) throw new UsageError('--fix rewrites files in place and cannot rewrite standard input (--diff shows the changes)');
  if (fix && diff) throw new UsageError('--diff shows the fixes without writing them; drop --fix or --diff');
  if (unsafeFixes && !fix && !diff) throw new UsageError('--unsafe-fixes changes what --fix and --diff apply; add one of them');
  if (diff && format !== 'text') throw new UsageError('--diff prints a unified diff; it does not combine with --format');
  return {
    kind: 'lint',
    paths,
    format,
    fix,
    unsafeFixes,
    diff,
    config: str('config'),
    rootNamespace: str('root-namespace'),
    istioVersion: str('istio-version'),
    maxWarnings,
    quiet: values.has('quiet'),
    exitZero: values.has('exit-zero'),
    color,
    stdinFilename: str('stdin-filename'),
  };
}
