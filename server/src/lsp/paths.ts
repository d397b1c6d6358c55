/**
 * URIs and paths. Editors and `pathToFileURL` may spell the same file's URI differently
 * (percent-encoding of `@`, `:`, drive letters), so files are keyed by their decoded path.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relative, sep } from 'node:path';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export const pathToUri = (path: string): string => pathToFileURL(path).href;

/** A stable identity for a file on disk (case-insensitive where the platform is). */
export const pathKey = (path: string): string => (process.platform === 'win32' || process.platform === 'darwin' ? path.toLowerCase() : path);

/** A stable identity for a document, whatever the client's URI spelling. */
export function fileKey(uri: string): string {
  const path = uriToPath(uri);
  return path === undefined ? uri : pathKey(path);
}

const YAML_EXT = /\.ya?ml$/i;

export function isYamlName(name: string): boolean {
  return YAML_EXT.test(name);
}

/** Documents the server analyses: languageId yaml, or a .yaml/.yml name (for clients that send other ids). */
export function isYamlDocument(uri: string, languageId: string | undefined): boolean {
  if (languageId === 'yaml') return true;
  const path = uri.split(/[?#]/)[0];
  return isYamlName(path);
}

/** `path` relative to `root` with '/' separators, or undefined when outside it. */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  // '..' as the first segment, not a name such as '..hidden.yaml'.
  if (rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith(sep + sep) || /^[a-zA-Z]:/.test(rel) || rel.startsWith('/')) return undefined;
  return rel.split(sep).join('/');
}
