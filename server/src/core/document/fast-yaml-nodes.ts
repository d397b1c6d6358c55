/**
 * Node construction for the fast YAML path: the options it shares with `yaml`, how plain
 * scalars resolve under the core schema, and nodes built the way `yaml`'s composer builds
 * them, minus the per-object `defineProperty` that dominates its cost.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq, type Schema } from 'yaml';

/** The options `parseChunk` gives `yaml`; the fast path must agree with them. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

export interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/**
 * The tests of `yaml`'s core schema (null, bool, int, float), in order. When the schema has
 * exactly these, a plain scalar can only resolve to a non-string if it starts with a digit,
 * a sign, a dot or `~`, or is a four- or five-letter null/true/false spelling; everything
 * else is a string without trying the tests. A different schema disables that shortcut.
 */
const CORE_TESTS = [
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
];
const CORE_SHORTCUT = (() => {
  const tags = new Document(undefined, PARSE_OPTIONS).schema.tags as unknown as ScalarTag[];
  const tests = tags.filter((t) => t.default === true && t.test).map((t) => t.test!.source);
  return tests.length === CORE_TESTS.length && tests.every((t, i) => t === CORE_TESTS[i]) && tags.every((t) => t.default !== 'key');
})();

/** Whether a plain scalar may resolve to something other than a string (see CORE_TESTS). */
export function mayBeTyped(value: string): boolean {
  if (!CORE_SHORTCUT || value === '') return true;
  const c = value.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e) return true; // 0-9 + - . ~
  if (c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54) return value.length === 4; // n N t T: null, true
  if (c === 0x66 || c === 0x46) return value.length === 5; // f F: false
  return false;
}

/**
 * `yaml` tags every node with a non-enumerable own property (`Symbol.for('yaml.node.type')`)
 * set by `Object.defineProperty` in its constructors, which is most of the cost of building
 * a node. Here the tag sits on a prototype between the node and its class instead: the node
 * is still an instance of that class, `isScalar`/`isMap`/… answer the same, and its own
 * enumerable properties are exactly the ones the composer sets.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const tagged = <T extends object>(proto: T, type: string): T => Object.create(proto, { [NODE_TYPE]: { value: Symbol.for(type) } }) as T;
const SCALAR_PROTO = tagged(Scalar.prototype, 'yaml.scalar');
const PAIR_PROTO = tagged(Pair.prototype, 'yaml.pair');
const MAP_PROTO = tagged(YAMLMap.prototype, 'yaml.map');
const SEQ_PROTO = tagged(YAMLSeq.prototype, 'yaml.seq');

/** Falls back to the constructors if a future `yaml` stops recognising tagged prototypes. */
const TAGGING_WORKS = isScalar(Object.create(SCALAR_PROTO)) && isPair(Object.create(PAIR_PROTO)) &&
  isMap(Object.create(MAP_PROTO)) && isSeq(Object.create(SEQ_PROTO));

export function newScalar(value: unknown): Scalar {
  if (!TAGGING_WORKS) return new Scalar(value);
  const node = Object.create(SCALAR_PROTO) as Scalar;
  node.value = value;
  return node;
}

export function newPair(key: Scalar, value: unknown): Pair {
  if (!TAGGING_WORKS) return new Pair(key, value);
  const pair = Object.create(PAIR_PROTO) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

/**
 * A collection as `yaml`'s constructor makes it: `schema` is a non-enumerable own property.
 * (Shared prototypes keep every map of every document on one hidden class, which keeps the
 * rules' property reads monomorphic.)
 */
function newCollection<T extends YAMLMap | YAMLSeq>(proto: T, schema: Schema, make: (schema: Schema) => T): T {
  if (!TAGGING_WORKS) return make(schema);
  const c = Object.create(proto) as T;
  Object.defineProperty(c, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  c.items = [];
  return c;
}

export const newMap = (schema: Schema) => newCollection(MAP_PROTO, schema, (s) => new YAMLMap(s));
export const newSeq = (schema: Schema) => newCollection(SEQ_PROTO, schema, (s) => new YAMLSeq(s));
