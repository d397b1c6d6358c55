import { relative, sep } from 'node:path';

/** A path as the user sees it in output: relative to the working directory, '/' separators. */
export function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  const shown = rel === '' ? '.' : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}
