/**
 * What values Envoy hands a regex at each match field, as languages the automata can
 * intersect with. Facts, with the Envoy function that decides them:
 * - uri / HTTPRoute path: `Matchers::PathMatcher::match` (source/common/common/matchers.cc)
 *   matches `Http::PathUtil::removeQueryAndFragment(path)`: the value never holds `?` or `#`,
 *   and an HTTP request path starts with `/`.
 * - method: HTTP methods are case-sensitive tokens and every registered one is uppercase.
 * - header values never hold CR, LF or NUL (Envoy's codecs reject them).
 */
import type { Lang } from './decide';

const rx = (pattern: string): Lang => ({ kind: 'regex', pattern });

/** What remains of a path after Envoy removes the query string and fragment. */
export const PATH_WITHOUT_QUERY = rx('(?s)[^?#]*');
/** A path that starts with a slash. */
export const SLASH_PATH = rx('(?s)/.*');
/** An uppercase method token (GET, POST, PROPFIND, custom ones written in capitals). */
export const UPPERCASE_METHOD = rx('[A-Z][A-Z0-9_-]*');
/** A header or query value as Envoy can see it. */
export const HEADER_VALUE = rx('[^\\r\\n\\x00]*');
