/**
 * A parsed Kubernetes/Istio resource: one YAML document with its identity
 * (apiVersion, kind, metadata) and its AST. Offsets are relative to the document's
 * own text, which is how the engine can reuse a document's results after an edit
 * elsewhere in the file moved it.
 */
import { parseDocument, isMap, YAMLMap, type Document, type YAMLError } from 'yaml';
import { splitApiVersion } from '../kinds';
import { getIn, str, strIn } from '../yaml/nodes';
import type { Span } from '../types';
import { maskTemplates, hasTemplate, TEMPLATE_PLACEHOLDER } from './template';
import { fastParse, PARSE_OPTIONS } from './fast-yaml';
import { dropExclusiveDuplicates } from './template-branches';

export interface ResourceDoc {
  /** The document's text (Helm directives masked, same length as the source). Offsets are relative to it. */
  readonly text: string;
  /** 0-based index of the document in its file. */
  readonly index: number;
  /** apiVersion as written; '' when missing. */
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  /** kind as written; '' when missing. */
  readonly kind: string;
  readonly name: string | undefined;
  /** metadata.namespace as written; undefined when absent or templated. */
  readonly namespace: string | undefined;
  readonly yaml: Document.Parsed;
  /** The top-level mapping (empty when the document is not a mapping). */
  readonly root: YAMLMap;
  /** Helm/Go-template directives (masked in `text`). */
  readonly templates: readonly Span[];
  /** Parse errors and warnings `yaml` reported for this document. */
  readonly errors: readonly YAMLError[];
  /**
   * A value derived from this document, computed once per `key` while the document is
   * being checked: rules that share an expensive reading of the AST (say, collecting every
   * string match) call `doc.memo(collect, () => collect(doc))` and only the first pays.
   * The value is shared: treat it as read-only.
   */
  memo<T>(key: object, compute: () => T): T;
}

export interface ParsedChunk {
  text: string;
  yaml: Document.Parsed;
  templates: Span[];
}

/**
 * Parses one document. `fast` (the default) first tries the fast path for the plain block
 * YAML of generated manifests, which builds the same nodes `yaml` would; anything it does
 * not handle (and every document with an error) goes through `yaml` itself.
 */
export function parseChunk(source: string, fast = true): ParsedChunk {
  const masked = hasTemplate(source) ? maskTemplates(source) : { text: source, spans: [] };
  const yaml = (fast ? fastParse(masked.text) : undefined) ?? parseDocument(masked.text, PARSE_OPTIONS);
  dropExclusiveDuplicates(source, masked.text, masked.spans, yaml);
  return { text: masked.text, yaml, templates: masked.spans };
}

/**
 * Identifies the resource in a parsed chunk. A document without a string apiVersion
 * and kind (or whose top level is not a mapping) gets empty strings and an empty root:
 * only rules that apply to every document (yaml-syntax) look at it.
 */
export function toResource(chunk: ParsedChunk, index: number): ResourceDoc {
  const doc = chunk.yaml;
  const root = isMap(doc.contents) ? doc.contents : new YAMLMap();
  const apiVersion = str(getIn(root, ['apiVersion'], doc), doc) ?? '';
  const kind = str(getIn(root, ['kind'], doc), doc) ?? '';
  const { group, version } = splitApiVersion(apiVersion);
  const templated = (v: string | undefined) => (v !== undefined && v.includes(TEMPLATE_PLACEHOLDER) ? undefined : v);
  let memos: Map<object, unknown> | undefined;
  return {
    text: chunk.text,
    index,
    apiVersion,
    group,
    version,
    kind,
    name: templated(strIn(root, ['metadata', 'name'], doc)),
    namespace: templated(strIn(root, ['metadata', 'namespace'], doc)),
    yaml: doc,
    root,
    templates: chunk.templates,
    errors: [...doc.errors, ...doc.warnings],
    memo<T>(key: object, compute: () => T): T {
      memos ??= new Map();
      if (memos.has(key)) return memos.get(key) as T;
      const value = compute();
      memos.set(key, value);
      return value;
    },
  };
}
