import type { YAMLError } from 'yaml';
import type { DocContext, DocRule } from '../rule';
import type { ResourceDoc } from '../document/resource';
import { overlapsAny } from '../document/template';

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
      duplicateKey: 'kubectl rejects a mapping with a repeated key, and tools that accept it keep only one of the values.',
    },
    docs: {
      summary: 'The document is not valid YAML, so kubectl (and Istio) will reject it.',
      why:
        'A YAML error makes `kubectl apply` fail for the whole file. Each document of a multi-document file is checked on ' +
        'its own, so one broken document does not hide findings in the others. A common trap with Istio regexes: in a ' +
        'double-quoted string a backslash starts a YAML escape, so `"\\d+"` is an error; write `"\\\\d+"` or use single quotes `\'\\d+\'`.' +
        '\n\nA document broken in many places is reported once, at its first error (the rest usually follow from it); a ' +
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
    fix: 'none',
  },
  check(doc, ctx) {
    // One broken document is one finding: the first parse error stands for the cascade after it.
    const broken = doc.yaml.errors.filter((e) => e.code !== 'BAD_DQ_ESCAPE' && e.code !== 'DUPLICATE_KEY');
    if (broken.length) reportBroken(doc, broken, ctx);
    for (const error of doc.yaml.errors) {
      const [start, end] = error.pos;
      const text = doc.text.slice(start, end);
      if (error.code === 'BAD_DQ_ESCAPE') {
        ctx.report({ start, end: Math.max(end, start + 2), messageId: 'badEscape', data: { escape: doc.text.slice(start, start + 2) } });
      } else if (error.code === 'DUPLICATE_KEY') {
        const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s:#,{}[\]]+)/.exec(doc.text.slice(start, start + 256))?.[0] ?? text;
        ctx.report({ start, end: start + Math.max(1, key.length), messageId: 'duplicateKey', data: { key: key.length > 40 ? `${key.slice(0, 39)}…` : key } });
      }
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
