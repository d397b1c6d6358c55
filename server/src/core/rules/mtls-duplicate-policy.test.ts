import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { expectWorkspace } from '../../test-support/ws-tester';
import { peerAuthentication } from '../mtls/test-fixtures';

const ID = 'mtls-duplicate-policy';

const pa = (name: string, ns: string, mode: string, selector = '') => peerAuthentication({ name, namespace: ns, mode, spec: selector });
const marker = (col: number, len: number, note = '') => `#${' '.repeat(col - 1)}${'^'.repeat(len)} ${note}\n`;
const APP = '  selector:\n    matchLabels:\n      app: cart\n';

describe(ID, () => {
  it('flags every namespace-wide copy in one namespace, across files, naming the others', () => {
    const out = expectWorkspace(ID, {
      'a.yaml': pa('default', 'shop', 'STRICT').replace('  name: default\n', `  name: default\n${marker(8, 7, 'Istio applies only the oldest')}`),
      'b.yaml': pa('permissive', 'shop', 'PERMISSIVE').replace('  name: permissive\n', `  name: permissive\n${marker(8, 10)}`),
    });
    assert.match(out.get('a.yaml')![0].message, /"permissive" \(b\.yaml\)/);
    assert.match(out.get('b.yaml')![0].message, /"default" \(a\.yaml\)/);
    assert.equal(out.get('a.yaml')![0].severity, 'error');
  });

  it('treats empty selectors as namespace-wide, and names the mesh for the root namespace', () => {
    const first = pa('one', 'istio-system', 'STRICT').replace('  name: one\n', `  name: one\n${marker(8, 3, 'the mesh (namespace istio-system)')}`);
    const second = pa('two', 'istio-system', 'STRICT', '  selector: {}\n').replace('  name: two\n', `  name: two\n${marker(8, 3)}`);
    expectFindings(ID, `${first}---${second}`);
  });

  it('warns for identical workload selectors, not for different ones', () => {
    const first = pa('a', 'shop', 'STRICT', APP).replace('  name: a\n', `  name: a\n${marker(8, 1, 'same pods {app=cart}')}`);
    const second = pa('b', 'shop', 'PERMISSIVE', APP).replace('  name: b\n', `  name: b\n${marker(8, 1)}`);
    const found = expectFindings(ID, `${first}---${second}`);
    assert.deepEqual(found.map((f) => f.severity), ['warning', 'warning']);
    expectNoFindings(ID, `${pa('a', 'shop', 'STRICT', APP)}---${pa('b', 'shop', 'STRICT', APP.replace('cart', 'web'))}`);
  });

  it('does not count copies of one resource, other namespaces, or selector policies in the root namespace', () => {
    expectWorkspace(ID, { 'base/pa.yaml': pa('default', 'shop', 'PERMISSIVE'), 'overlay/pa.yaml': pa('default', 'shop', 'STRICT') });
    expectNoFindings(ID, `${pa('default', 'shop', 'STRICT')}---${pa('default', 'web', 'STRICT')}`);
    expectNoFindings(ID, `${pa('a', 'istio-system', 'STRICT', APP)}---${pa('b', 'istio-system', 'STRICT', APP)}`);
    expectNoFindings(ID, `${pa('default', 'shop', 'STRICT')}---${pa('cart', 'shop', 'STRICT', APP)}`);
    const helm = `{{- if .Values.strict }}${pa('strict', 'shop', 'STRICT')}{{- else }}\n---${pa('permissive', 'shop', 'PERMISSIVE')}{{- end }}\n`;
    expectNoFindings(ID, helm);
  });

  it('uses the default namespace for policies without one', () => {
    const noNs = (name: string) => pa(name, 'x', 'STRICT').replace('  namespace: x\n', '');
    const first = noNs('a').replace('  name: a\n', `  name: a\n${marker(8, 1)}`);
    const second = pa('b', 'default', 'STRICT').replace('  name: b\n', `  name: b\n${marker(8, 1, 'namespace default')}`);
    expectFindings(ID, `${first}---${second}`);
    expectNoFindings(ID, `${noNs('a')}---${pa('b', 'default', 'STRICT')}`, { defaultNamespace: 'team' });
  });
});

// ComposePeerAuthentication (istio/istio pilot/pkg/security/authn/policy_applier.go) keeps, among
// the workload-level policies selecting a pod, the one with the older CreationTimestamp, whatever
// the selectors' specificity; ties go to configCompareByCreationTime's name/namespace order
// (pilot/pkg/model/config.go). Creation time is only in files exported from a cluster.
describe(`${ID}: overlapping, non-identical selectors`, () => {
  const marked = (src: string, name: string) => src.replace(`  name: ${name}\n`, `  name: ${name}\n${marker(8, name.length)}`);
  const sel = (labels: Record<string, string>) => `  selector:\n    matchLabels:\n${Object.entries(labels).map(([k, v]) => `      ${k}: ${v}\n`).join('')}`;
  const deployment = (labels: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  template:
    metadata:
      labels: {${labels}}
`;

  it('warns on both policies when one selector contains the other, saying the creation time decides', () => {
    const out = expectFindings(ID, `${marked(pa('cart', 'shop', 'STRICT', sel({ app: 'cart' })), 'cart')}---${marked(pa('cart-v2', 'shop', 'PERMISSIVE', sel({ app: 'cart', version: 'v2' })), 'cart-v2')}`);
    assert.equal(out.length, 2);
    for (const f of out) {
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /pods \{app=cart, version=v2\}; Istio applies the older, which the files do not tell/);
      assert.ok(f.message.length <= 160);
    }
  });

  it('warns when a workload of the workspace carries both label sets, and not without one', () => {
    const two = `${pa('by-app', 'shop', 'STRICT', sel({ app: 'cart' }))}---${pa('by-tier', 'shop', 'DISABLE', sel({ tier: 'web' }))}`;
    expectNoFindings(ID, two);
    const out = expectFindings(ID, `${marked(marked(two, 'by-app'), 'by-tier')}---${deployment('app: cart, tier: web')}`);
    assert.deepEqual(out.map((f) => /Deployment cart/.test(f.message)), [true, true]);
    expectNoFindings(ID, `${two}---${deployment('app: cart, tier: db')}`);
    // Another namespace's workload does not count.
    expectNoFindings(ID, `${two}---${deployment('app: cart, tier: web').replace('namespace: shop', 'namespace: web')}`);
  });

  it('names the policy that applies when both carry a creationTimestamp (older wins, then the name)', () => {
    const stamped = (name: string, at: string, labels: Record<string, string>) =>
      marked(pa(name, 'shop', 'STRICT', sel(labels)).replace(`  name: ${name}\n`, `  name: ${name}\n  creationTimestamp: "${at}"\n`), name);
    const [newer, old] = expectFindings(ID, `${stamped('a-new', '2024-05-01T10:00:00Z', { app: 'cart' })}---${stamped('b-old', '2023-01-01T10:00:00Z', { app: 'cart', version: 'v2' })}`);
    assert.match(newer.message, /"b-old" \(.*\) also selects .*; it is older and wins there: this one is ignored/);
    assert.match(old.message, /"a-new" \(.*\) also selects .*; this older policy \(creationTimestamp\) wins there/);
    const [first, second] = expectFindings(ID, `${stamped('b', '2024-05-01T10:00:00Z', { app: 'cart' })}---${stamped('a', '2024-05-01T10:00:00Z', { app: 'cart', version: 'v2' })}`);
    assert.match(first.message, /this one is ignored/);
    assert.match(second.message, /this older policy \(creationTimestamp\) wins there/);
  });
});
