/**
 * Node construction for the fast YAML path: the options it shares with `yaml`, how plain
 * scalars resolve under the core schema, and nodes built the way `yaml`'s composer builds
 * them, minus the per-object `defineProperty` that dominates its cost.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isDocument, isMap, isPair, isScalar, isSeq, type Schema } from 'yaml';

/** The options `parseChunk` gives `yaml`; the fast path must agree with them. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

export interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/**
 * The one Schema every document of the fast path uses. `yaml` gives each document a fresh
 * copy of the same core schema; nothing reads it differently, and the only writers are
 * `yaml`'s composer (which never sees these documents: it builds its own) and
 * `setSchema` (which replaces the property, not the object). Its tag list is frozen so
 * that a write slipping through would throw instead of leaking into every document.
 */
const TEMPLATE = new Document(undefined, PARSE_OPTIONS);
const SHARED_SCHEMA = TEMPLATE.schema;
Object.freeze(SHARED_SCHEMA.tags);

/**
 * The tests of `yaml`'s core schema (null, bool, int, float), in order, each with the
 * characters a string it matches can start with (the null test also matches ''). When the
 * schema has exactly these, a plain scalar is only tried against the tests its first
 * character allows, in the same order; most are strings without trying any. A different
 * schema disables that shortcut (every test is then tried, as `yaml` does).
 */
const CORE_TESTS: ReadonlyArray<readonly [source: string, firstChars: string]> = [
  ['^(?:~|[Nn]ull|NULL)?$', '~nN'],
  ['^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$', 'tTfF'],
  ['^0o[0-7]+$', '0'],
  ['^[-+]?[0-9]+$', '+-0123456789'],
  ['^0x[0-9a-fA-F]+$', '0'],
  ['^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$', '+-.'],
  ['^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$', '+-.0123456789'],
  ['^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$', '+-.0123456789'],
];

/** The tags a plain scalar is tested against, in the schema's order (keys may have more). */
const VALUE_TAGS = (SHARED_SCHEMA.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test);
const KEY_TAGS = (SHARED_SCHEMA.tags as unknown as ScalarTag[]).filter((t) => (t.default === true || t.default === 'key') && t.test);

const CORE_SHORTCUT =
  VALUE_TAGS.length === CORE_TESTS.length &&
  VALUE_TAGS.every((t, i) => t.test!.source === CORE_TESTS[i][0]) &&
  KEY_TAGS.length === VALUE_TAGS.length;

/** Under the core schema: the tags worth trying for each ASCII first character, in order. */
const BY_FIRST_CHAR = Array.from({ length: 128 }, (_, code) =>
  VALUE_TAGS.filter((_t, i) => CORE_TESTS[i][1].includes(String.fromCharCode(code))),
);
const FOR_EMPTY = VALUE_TAGS.slice(0, 1);
const NONE: readonly ScalarTag[] = [];

/** The tags to try on a plain scalar, in order: all of them unless the core shortcut applies. */
function candidates(value: string, atKey: boolean): readonly ScalarTag[] {
  if (!CORE_SHORTCUT) return atKey ? KEY_TAGS : VALUE_TAGS;
  if (value === '') return FOR_EMPTY;
  const c = value.charCodeAt(0);
  if (c >= 128) return NONE;
  // The null and bool spellings have four or five letters: skip the test for other words.
  if (c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54) return value.length === 4 ? BY_FIRST_CHAR[c] : NONE; // n N t T
  if (c === 0x66 || c === 0x46) return value.length === 5 ? BY_FIRST_CHAR[c] : NONE; // f F
  return BY_FIRST_CHAR[c];
}

/** The tag `yaml` resolves a plain scalar with (the first whose test matches), or undefined for a string. */
export function plainTag(value: string, atKey: boolean): ScalarTag | undefined {
  const tags = candidates(value, atKey);
  for (let i = 0; i < tags.length; i++) if (tags[i].test!.test(value)) return tags[i];
  return undefined;
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

/**
 * Collections read their schema from the prototype instead of an own property, since
 * `defineProperty` per collection is most of their cost. Writing it (`clone(schema)`)
 * still makes a non-enumerable own property, as `yaml`'s constructor does.
 */
function sharedSchema<T extends object>(proto: T): T {
  Object.defineProperty(proto, 'schema', {
    configurable: true,
    enumerable: false,
    get: () => SHARED_SCHEMA,
    set(this: object, schema: Schema) {
      Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
    },
  });
  return proto;
}
const MAP_WITH_SCHEMA = sharedSchema(Object.create(MAP_PROTO) as YAMLMap);
const SEQ_WITH_SCHEMA = sharedSchema(Object.create(SEQ_PROTO) as YAMLSeq);
const DOC_PROTO = tagged(Document.prototype, 'yaml.document');

/** Falls back to the constructors if a future `yaml` stops recognising tagged prototypes. */
const TAGGING_WORKS = isScalar(Object.create(SCALAR_PROTO)) && isPair(Object.create(PAIR_PROTO)) &&
  isMap(Object.create(MAP_WITH_SCHEMA)) && isSeq(Object.create(SEQ_WITH_SCHEMA)) && isDocument(Object.create(DOC_PROTO));

type Range = [number, number, number];

/** A scalar as the composer makes it: value, range, source and type, in that order. */
export function newScalar(value: unknown, range: Range, source: string, type: Scalar.Type): Scalar {
  const node = TAGGING_WORKS ? (Object.create(SCALAR_PROTO) as Scalar) : new Scalar(value);
  node.value = value;
  node.range = range;
  node.source = source;
  node.type = type;
  return node;
}

export function newPair(key: Scalar, value: unknown): Pair {
  if (!TAGGING_WORKS) return new Pair(key, value);
  const pair = Object.create(PAIR_PROTO) as Pair;
  pair.key = key;
  pair.value = value;
  return pair;
}

export function newMap(): YAMLMap {
  if (!TAGGING_WORKS) return new YAMLMap(SHARED_SCHEMA);
  const map = Object.create(MAP_WITH_SCHEMA) as YAMLMap;
  map.items = [];
  return map;
}

export function newSeq(): YAMLSeq {
  if (!TAGGING_WORKS) return new YAMLSeq(SHARED_SCHEMA);
  const seq = Object.create(SEQ_WITH_SCHEMA) as YAMLSeq;
  seq.items = [];
  return seq;
}

/** An empty document as `new Document(undefined, PARSE_OPTIONS)` makes it, on the shared schema. */
export function newDocument(): Document.Parsed {
  if (!TAGGING_WORKS) {
    const doc = new Document(undefined, PARSE_OPTIONS) as Document.Parsed;
    doc.schema = SHARED_SCHEMA;
    return doc;
  }
  const doc = Object.create(DOC_PROTO) as Document.Parsed;
  doc.commentBefore = null;
  doc.comment = null;
  doc.errors = [];
  doc.warnings = [];
  doc.options = { ...TEMPLATE.options };
  doc.directives = TEMPLATE.directives!.clone();
  doc.schema = SHARED_SCHEMA;
  doc.contents = null;
  return doc;
}
