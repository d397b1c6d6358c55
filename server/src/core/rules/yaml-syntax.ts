import type { YAMLError } from 'yaml';
import type { DocRule } from '../rule';

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
      duplicateKey: 'Duplicate key "{key}": kubectl rejects the document, and tools that accept it keep only one value.',
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
