/**
 * Terminal colours. Colour is used only when the stream is a TTY, unless the user says
 * otherwise: --color/--no-color first, then FORCE_COLOR, then NO_COLOR (https://no-color.org).
 */
export interface Style {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  underline(s: string): string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function colorEnabled(stream: { isTTY?: boolean }, env: Env, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) {
    return { enabled, bold: plain, dim: plain, red: plain, yellow: plain, blue: plain, cyan: plain, green: plain, underline: plain };
  }
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
    underline: wrap(4, 24),
  };
}

export function severityColor(style: Style, severity: string): (s: string) => string {
  switch (severity) {
    case 'error':
      return style.red;
    case 'warning':
      return style.yellow;
    case 'info':
      return style.blue;
    default:
      return style.dim;
  }
}
