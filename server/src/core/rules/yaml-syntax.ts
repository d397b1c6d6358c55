import { visit, isScalar, type Alias, type Scalar, type YAMLError } from 'yaml';
import type { DocRule } from '../rule';
import type { ResourceDoc } from '../document/resource';
import type { Fix, Span } from '../types';
import { NOT_SINGLE_QUOTABLE } from '../regex/match-edits';

/** `yaml` appends " at line L, column C:" and a code excerpt; editors show the position already. */
function firstSentence(error: YAMLError): string {
  return error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'yaml-syntax',
    family: 'yaml',
    severity: 'error',
    kinds: [],
    messages: {
      parse: 'YAML syntax error: {detail}.',
      badEscape:
        'Invalid escape sequence "{escape}" in a double-quoted string: kubectl rejects this file. ' +
        'Inside double quotes a backslash starts a YAML escape; for a regex escape write "\\{escape}" or use single quotes.',
      badEscapes: 'Use single quotes: "{escape}"{more} is not a YAML escape inside double quotes, so kubectl rejects the file',
      undefinedAlias: 'Quote this value: a leading "*" makes it a YAML alias, and no anchor "{name}" is defined, so kubectl rejects the file',
      duplicateKey: 'Duplicate key "{key}": kubectl rejects the document, and tools that accept it keep only one value.',
    },
    docs: {
      summary: 'The document is not valid YAML, so kubectl (and Istio) will reject it.',
      why:
        'A YAML error makes `kubectl apply` fail for the whole file. Each document of a multi-document file is checked on ' +
        'its own, so one broken document does not hide findings in the others. A common trap with Istio regexes: in a ' +
        'double-quoted string a backslash starts a YAML escape, so `"\\d+"` is an error; write `"\\\\d+"` or use single quotes `\'\\d+\'`.\n\n' +
        'A one-line double-quoted value with invalid escapes is one finding over the whole value, with a safe fix that ' +
        'writes it in single quotes. Safe because the string does not change: the fix writes exactly the text the ' +
        'escapes stand for when read as written (`\\d` stays `\\d`, `\\t` stays a tab), and a file that kubectl ' +
        'rejected has no applied behaviour to preserve. When a regex rule reports the same value (a Markdown-escaped ' +
        '`.\\*`), that finding explains the escape and this one is not repeated.\n\n' +
        'An unquoted value starting with `*` (`host: *.example.com`, `- *.example.com`, `regex: *foo`) is a YAML alias: a ' +
        'reference to an anchor (`&name`) defined earlier in the document. With no such anchor the document is invalid YAML ' +
        '(kubectl reports an unknown anchor), although `yaml` parsers that read lazily only fail when the value is used. ' +
        'The safe fix quotes the value (`\'*.example.com\'`): the text has no other reading, and the file did not apply before.',
      bad: [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata:',
        '  name: reviews',
        'spec:',
        '  hosts: [reviews]',
        '  http:',
        '  - match:',
        '    - uri:',
        '        regex: "/api/v\\d+/.*"',
        '    route:',
        '    - destination:',
        '        host: reviews',
      ].join('\n'),
      good: [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata:',
        '  name: reviews',
        'spec:',
        '  hosts: [reviews]',
        '  http:',
        '  - match:',
        '    - uri:',
        "        regex: '/api/v\\d+/.*'",
        '    route:',
        '    - destination:',
        '        host: reviews',
      ].join('\n'),
      link: 'https://yaml.org/spec/1.2.2/#double-quoted-style',
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    const escapes = new Map<Scalar, YAMLError[]>();
    for (const error of doc.yaml.errors) {
      const [start, end] = error.pos;
      const text = doc.text.slice(start, end);
      if (error.code === 'BAD_DQ_ESCAPE') {
        const scalar = oneLineDoubleQuoted(doc, start);
        if (scalar) escapes.set(scalar, [...(escapes.get(scalar) ?? []), error]);
        else ctx.report({ start, end: Math.max(end, start + 2), messageId: 'badEscape', data: { escape: doc.text.slice(start, start + 2) } });
      } else if (error.code === 'DUPLICATE_KEY') {
        const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s:#,{}[\]]+)/.exec(doc.text.slice(start, start + 256))?.[0] ?? text;
        ctx.report({ start, end: start + Math.max(1, key.length), messageId: 'duplicateKey', data: { key } });
      } else {
        ctx.report({ start, end: Math.max(end, start + 1), messageId: 'parse', data: { detail: firstSentence(error) } });
      }
    }
    for (const alias of undefinedAliases(doc)) {
      const [start, end] = alias.range!;
      const newText = `'*${alias.source.replace(/'/g, "''")}'`;
      ctx.report({
        start,
        end,
        messageId: 'undefinedAlias',
        data: { name: alias.source.length > 40 ? `${alias.source.slice(0, 39)}…` : alias.source },
        fixes: [{ title: `Write ${newText} (quoted: a string, not an alias)`, safe: true, edits: [{ start, end, newText }] }],
      });
    }
    for (const [scalar, errors] of escapes) {
      const [start, end] = scalar.range!;
      const first = errors[0].pos[0];
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      const fix = singleQuoted(scalar, { start, end });
      ctx.report({ start, end, messageId: 'badEscapes', data: { escape: doc.text.slice(first, first + 2), more }, fixes: fix ? [fix] : [] });
    }
  },
};

const ALIAS_START = /(?:^|[\s[{,])\*/m;

/** Aliases (`*name`) with no anchor before them in the document: `yaml` only fails when the value is read. */
function undefinedAliases(doc: ResourceDoc): Alias[] {
  // An alias starts a node: a `*` at a line start or after a space or flow indicator (not `.*`).
  if (!ALIAS_START.test(doc.text)) return [];
  const found: Alias[] = [];
  visit(doc.yaml, {
    Alias(_, node) {
      if (node.range && node.resolve(doc.yaml) === undefined) found.push(node);
    },
  });
  return found;
}

/** The one-line double-quoted scalar holding `offset`, if any (found once per document). */
function oneLineDoubleQuoted(doc: ResourceDoc, offset: number): Scalar | undefined {
  const scalars = doc.memo(oneLineDoubleQuoted, () => {
    const found: Scalar[] = [];
    visit(doc.yaml, {
      Scalar(_, node) {
        if (node.type === 'QUOTE_DOUBLE' && node.range && !doc.text.slice(node.range[0], node.range[1]).includes('\n')) found.push(node);
      },
    });
    return found;
  });
  return scalars.find((s) => s.range![0] <= offset && offset < s.range![1]);
}

/** The value rewritten in single quotes: the same string, now valid YAML (undefined if single quotes cannot hold it). */
function singleQuoted(scalar: Scalar, at: Span): Fix | undefined {
  const value = scalar.value;
  if (!isScalar(scalar) || typeof value !== 'string' || NOT_SINGLE_QUOTABLE.test(value)) return undefined;
  const newText = `'${value.replace(/'/g, "''")}'`;
  return { title: `Write ${newText} in single quotes (same value, valid YAML)`, safe: true, edits: [{ start: at.start, end: at.end, newText }] };
}
