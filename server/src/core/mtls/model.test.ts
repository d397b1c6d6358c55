import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, buildIndex } from '../engine';
import { defaultConfig, type Config } from '../config';
import { dedent } from '../../test-support/rule-tester';
import { rule as plaintext } from '../rules/mtls-plaintext-to-strict';
import { MtlsModel, type Decision } from './model';
import { peerAuthentication } from './test-fixtures';

function model(docs: string[], config: Config = defaultConfig()): MtlsModel {
  const a = new Analyzer({ rules: [plaintext] });
  const files = docs.map((d, i) => a.analyzeFile(`f${i}.yaml`, dedent(d), config));
  return MtlsModel.of(buildIndex(files, config));
}

const pa = (ns: string, mode: string | undefined, extra = '', name = 'p') => peerAuthentication({ name, namespace: ns, mode, spec: extra });
const sel = (labels: string, ports = '') => `  selector:\n    matchLabels:\n${labels}${ports ? `  portLevelMtls:\n${ports}` : ''}`;
const brief = (d: Decision) => `${d.mode ?? 'unknown'}@${d.level}${d.port !== undefined ? `:${d.port}` : ''}${d.policy ? `/${d.policy.value.name}` : ''}`;

describe('MtlsModel', () => {
  it('defaults to PERMISSIVE with no policy, and inherits through UNSET', () => {
    assert.equal(brief(model([]).namespace('shop')), 'PERMISSIVE@default');
    const m = model([pa('istio-system', 'STRICT', '', 'mesh'), pa('shop', 'UNSET', '', 'ns'), pa('web', undefined, '', 'empty')]);
    assert.equal(brief(m.namespace('shop')), 'STRICT@mesh/mesh');
    assert.equal(brief(m.namespace('web')), 'STRICT@mesh/mesh', 'a policy without mtls inherits');
    assert.equal(brief(m.namespace('istio-system')), 'STRICT@mesh/mesh');
  });

  it('lets a workload policy beat the namespace, and a port-level mode beat the workload', () => {
    const m = model([
      pa('shop', 'STRICT', '', 'ns'),
      pa('shop', 'UNSET', sel('      app: cart\n', '    8080:\n      mode: DISABLE\n    9090:\n      mode: UNSET\n'), 'cart'),
      pa('shop', 'PERMISSIVE', sel('      app: web\n'), 'web'),
    ]);
    const cart = { namespace: 'shop', labels: { app: 'cart', version: 'v1' } };
    assert.equal(brief(m.workload(cart)), 'STRICT@namespace/ns');
    assert.equal(brief(m.workload({ ...cart, port: 8080 })), 'DISABLE@port:8080/cart');
    assert.equal(brief(m.workload({ ...cart, port: 9090 })), 'STRICT@namespace/ns', 'UNSET port inherits');
    assert.equal(brief(m.workload({ ...cart, port: null })), 'unknown@port/cart', 'an unknown port with exceptions');
    assert.equal(brief(m.workload({ namespace: 'shop', labels: { app: 'web' }, port: 8080 })), 'PERMISSIVE@workload/web');
    assert.equal(brief(m.workload({ namespace: 'shop', labels: { app: 'other' } })), 'STRICT@namespace/ns');
  });

  it('ignores selector policies in the root namespace', () => {
    const m = model([pa('istio-system', 'DISABLE', sel('      app: cart\n'), 'ignored')]);
    assert.equal(brief(m.workload({ namespace: 'istio-system', labels: { app: 'cart' } })), 'PERMISSIVE@default');
  });

  it('treats empty selectors as namespace-wide', () => {
    const m = model([pa('shop', 'STRICT', '  selector: {}\n', 'a'), pa('web', 'STRICT', '  selector:\n    matchLabels: {}\n', 'b')]);
    assert.equal(brief(m.namespace('shop')), 'STRICT@namespace/a');
    assert.equal(brief(m.namespace('web')), 'STRICT@namespace/b');
  });

  it('answers unknown when copies disagree, modes are invalid or templated, or partial labels may match', () => {
    const m = model([pa('shop', 'STRICT', '', 'a'), pa('shop', 'PERMISSIVE', '', 'b'), pa('web', 'Strict', '', 'c'), pa('tpl', '{{ .Values.mode }}', '', 'd')]);
    assert.equal(m.namespace('shop').mode, undefined);
    assert.equal(m.namespace('shop').conflicting?.length, 2);
    // A mode outside the enum fails the CRD schema: the object never exists, the mesh default applies.
    assert.equal(brief(m.namespace('web')), 'PERMISSIVE@default');
    assert.equal(m.namespace('tpl').mode, undefined);
    const agree = model([pa('shop', 'STRICT', '', 'a'), pa('shop', 'STRICT', '', 'b')]);
    assert.equal(brief(agree.namespace('shop')), 'STRICT@namespace/a', 'copies that agree decide');
    const partial = model([pa('shop', 'STRICT', '', 'ns'), pa('shop', 'PERMISSIVE', sel('      app: cart\n      version: v1\n'), 'v1')]);
    assert.equal(partial.workload({ namespace: 'shop', labels: { app: 'cart' }, partial: true }).mode, undefined);
    assert.equal(partial.workload({ namespace: 'shop', labels: { app: 'cart', version: 'v2' }, partial: true }).mode, 'STRICT');
  });

  it('treats a templated selector as unknown, not as namespace-wide', () => {
    const tpl = '  selector:\n    matchLabels:\n      {{- include "labels" . | nindent 6 }}\n';
    const m = model([pa('shop', 'DISABLE', tpl, 'tpl')]);
    assert.equal(brief(m.namespace('shop')), 'PERMISSIVE@default');
    assert.equal(m.workload({ namespace: 'shop', labels: { app: 'x' } }).mode, undefined);
  });

  // Class 4. Decided by pkg/config/validation ValidatePeerAuthentication ("mesh/namespace peer
  // authentication cannot have port level mTLS") and the CRD's CEL rule "portLevelMtls requires
  // selector" (istio/api): the API server refuses the object, so it never reaches pilot.
  it('leaves out a namespace-wide policy with portLevelMtls: the API server rejects it', () => {
    const bad = pa('shop', 'PERMISSIVE', '  portLevelMtls:\n    8080:\n      mode: DISABLE\n', 'bad');
    assert.equal(brief(model([bad]).namespace('shop')), 'PERMISSIVE@default');
    const m = model([pa('shop', 'STRICT', '', 'real'), bad]);
    assert.equal(brief(m.namespace('shop')), 'STRICT@namespace/real', 'not a duplicate of the real namespace policy');
    const empty = model([pa('shop', 'STRICT', '', 'real'), pa('shop', 'DISABLE', '  portLevelMtls: {}\n', 'empty')]);
    assert.equal(brief(empty.namespace('shop')), 'STRICT@namespace/real', 'CEL has() is true for an empty map too');
  });
});
