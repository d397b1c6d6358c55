import type { YAMLError } from 'yaml';
import type { DocRule } from '../rule';

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
      badEscape: 'Write "\\{escape}" or use single quotes: "{escape}" is an invalid escape in double quotes, so kubectl rejects this file',
      duplicateKey: 'Duplicate key "{key}": kubectl rejects the document',
    },
    details: {
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
        'double-quoted string a backslash starts a YAML escape, so `"\\d+"` is an error; write `"\\\\d+"` or use single quotes `\'\\d+\'`.',
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
    for (const error of doc.yaml.errors) {
      const [start, end] = error.pos;
      const text = doc.text.slice(start, end);
      if (error.code === 'BAD_DQ_ESCAPE') {
        ctx.report({ start, end: Math.max(end, start + 2), messageId: 'badEscape', data: { escape: doc.text.slice(start, start + 2) } });
      } else if (error.code === 'DUPLICATE_KEY') {
        const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^\s:#,{}[\]]+)/.exec(doc.text.slice(start, start + 256))?.[0] ?? text;
        ctx.report({ start, end: start + Math.max(1, key.length), messageId: 'duplicateKey', data: { key } });
      } else {
        ctx.report({ start, end: Math.max(end, start + 1), messageId: 'parse', data: { detail: firstSentence(error) } });
      }
    }
  },
};
