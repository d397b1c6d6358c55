import { visit, isScalar, type Alias, type Scalar, type YAMLError } from 'yaml';
import type { DocContext, DocRule } from '../rule';
import type { ResourceDoc } from '../document/resource';
import { overlapsAny } from '../document/template';
import type { Fix, Span } from '../types';
import { NOT_SINGLE_QUOTABLE } from '../regex/match-edits';

/**
 * `yaml` appends " at line L, column C:" and a code excerpt; editors show the position already.
 * Kept plain and short for the message: no Markdown backticks, no closing period, at most 120 characters.
 */
function firstSentence(error: YAMLError): string {
  const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/`/g, '"').replace(/\.+$/, '');
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'yaml-syntax',
    family: 'yaml',
    severity: 'error',
    kinds: [],
    messages: {
      parse: 'YAML syntax error: {detail}',
      parseMore: 'YAML syntax error: {detail} ({more} more in this document)',
      elided: 'Incomplete document: "..." stands for omitted lines, so this is not valid YAML. Fill in what is left out',
      badEscape: 'Write "\\{escape}" or use single quotes: "{escape}" is an invalid escape in double quotes, so kubectl rejects this file',
      duplicateKey: 'Duplicate key "{key}": kubectl rejects the document',
      badEscapes: 'Use single quotes: "{escape}"{more} is not a YAML escape inside double quotes, so kubectl rejects the file',
      undefinedAlias: 'Quote this value: a leading "*" makes it a YAML alias, and no anchor "{name}" is defined, so kubectl rejects the file',
    },
    details: {
      parseMore:
        'Only the first of this document\'s {total} YAML errors is listed: the others usually follow from it, and kubectl ' +
        'stops at the first anyway. Fix it and the rest is checked again.{templated}',
      elided:
        'Documentation elides parts of a manifest with `...`; in a real file that line breaks the YAML ({total} parse errors ' +
        'here) and kubectl rejects the document. Istio Tips reports it once, on the first elision, instead of once per error.',
      badEscape:
        'Inside double quotes a backslash starts a YAML escape, and `{escape}` is not one of them, so the file is not valid YAML ' +
        'and `kubectl apply` rejects it. For a regex escape, double the backslash or switch the value to single quotes.',
      badEscapes:
        'Inside double quotes a backslash starts a YAML escape, and "{escape}"{more} is not one of them, so kubectl rejects ' +
        'the file. The safe fix (when the value fits on one single-quoted line) writes the same value in single quotes, ' +
        'where a backslash is an ordinary character.',
      undefinedAlias:
        'Unquoted, a value starting with "*" is a YAML alias, a reference to an anchor (&{name}) defined earlier in the ' +
        'document. None is, so the document is invalid YAML. Quoted, it is the plain string it looks like.',
      duplicateKey: 'kubectl rejects a mapping with a repeated key, and tools that accept it keep only one of the values.',
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
        'The safe fix quotes the value (`\'*.example.com\'`): the text has no other reading, and the file did not apply before.\n\n' +
        'A document broken in many places is reported once, at its first error (the rest usually follow from it); a ' +
        'document with a docs-style `...` elision is reported once as incomplete. In Helm templates a key written once per ' +
        'branch of `if`/`else` (or `with`/`else`, `range`/`else`) is not a duplicate: only one branch renders.',
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
    // One broken document is one finding: the first parse error stands for the cascade after it.
    const broken = doc.yaml.errors.filter((e) => e.code !== 'BAD_DQ_ESCAPE' && e.code !== 'DUPLICATE_KEY');
    if (broken.length) reportBroken(doc, broken, ctx);
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
        ctx.report({ start, end: start + Math.max(1, key.length), messageId: 'duplicateKey', data: { key: key.length > 40 ? `${key.slice(0, 39)}…` : key } });
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

/** A docs-style elision: a line that is only `...` (or `…`), possibly as a list item or before a comment. */
const ELISION_LINE = /^[ \t]*(?:-[ \t]+)?(\.\.\.|\u2026)[ \t]*(?:#.*)?$/m;

function reportBroken(doc: ResourceDoc, errors: readonly YAMLError[], ctx: DocContext): void {
  const total = String(errors.length);
  const elision = ELISION_LINE.exec(doc.text);
  if (elision) {
    const start = elision.index + elision[0].indexOf(elision[1]);
    ctx.report({ start, end: start + elision[1].length, messageId: 'elided', data: { total } });
    return;
  }
  // The engine drops findings on template directives (the text there is not the real one): report the first error off them.
  const first = errors.find((e) => !overlapsAny(doc.templates, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)));
  if (!first) return;
  const [start, end] = first.pos;
  const templated = doc.templates.length
    ? ' Helm/Go template directives are masked before parsing, so a template whose YAML only takes shape when rendered (indentation from `indent` or `toYaml`) can fail here too.'
    : '';
  const more = errors.length - 1;
  const data = { detail: firstSentence(first), more, total, templated };
  ctx.report({ start, end: Math.max(end, start + 1), messageId: more ? 'parseMore' : 'parse', data });
}

/** What may stand before an alias's `*`: a space or line break (`\s`), or a flow indicator. */
const BEFORE_ALIAS = /[\s[{,]/;

/**
 * Whether some `*` could start an alias: at the text's start, after a space or line break, or
 * after a flow indicator (not `.*`). The same test as the multiline regex `(?:^|[\s[{,])\*`
 * (every line terminator `^` follows is in `\s`), by `indexOf`: that regex tried every position
 * of every document, about 25 ms of a 2,000-document file's first analysis.
 */
export function mayHaveAlias(text: string): boolean {
  for (let i = text.indexOf('*'); i !== -1; i = text.indexOf('*', i + 1)) {
    if (i === 0 || BEFORE_ALIAS.test(text[i - 1])) return true;
  }
  return false;
}

/** Aliases (`*name`) with no anchor before them in the document: `yaml` only fails when the value is read. */
function undefinedAliases(doc: ResourceDoc): Alias[] {
  // An alias starts a node: a `*` at a line start or after a space or flow indicator (not `.*`).
  if (!mayHaveAlias(doc.text)) return [];
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
