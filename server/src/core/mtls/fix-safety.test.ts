/**
 * Every safe fix of the mTLS rules leaves the effective mode of every namespace, workload and
 * port (and what every tls block sends) unchanged, on each rule's documentation examples.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../registry';
import { assertSafeFixesKeepModes, modeSnapshot } from '../../test-support/mtls-fix-safety';

describe('safe mTLS fixes keep every effective mode', () => {
  for (const r of ALL_RULES.filter((x) => x.meta.id.startsWith('mtls-'))) {
    it(`${r.meta.id}: docs.bad`, () => {
      const files = Object.fromEntries(r.meta.docs.bad.split(/^---$/m).map((d, i) => [`f${i}.yaml`, d.replace(/^\n/, '')]));
      assertSafeFixesKeepModes(files);
    });
  }

  // The API server rejects `mode: strict` and `mtls: STRICT`: the CRD schema in istio/api
  // (kubernetes/customresourcedefinitions.gen.yaml, mtls.mode `enum: [UNSET, DISABLE, PERMISSIVE,
  // STRICT]`, mtls `type: object`), and protobuf's case-sensitive enum decoding in the webhook.
  // Until corrected the policy does not exist, so the corrected one changes the namespace's mode.
  it('mtls-invalid-mode: capitalising a rejected mode, or writing it as a mapping, changes the mode', () => {
    for (const mtls of ['\n    mode: strict', ' STRICT']) {
      const files = { 'pa.yaml': `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:${mtls}\n` };
      assert.equal(assertSafeFixesKeepModes(files), 0);
      assert.ok(modeSnapshot(files).includes('namespace shop PERMISSIVE'));
      const fixed = { 'pa.yaml': files['pa.yaml'].replace(mtls, '\n    mode: STRICT') };
      assert.ok(modeSnapshot(fixed).includes('namespace shop STRICT'));
    }
  });

  it('a MeshPolicy asking for STRICT: the safe conversion keeps PERMISSIVE, the STRICT one would change it', () => {
    const files = { 'mesh.yaml': 'apiVersion: authentication.istio.io/v1alpha1\nkind: MeshPolicy\nmetadata:\n  name: default\nspec:\n  peers:\n  - mtls: {}\n' };
    assert.equal(assertSafeFixesKeepModes(files), 1);
    assert.ok(modeSnapshot(files).includes('mesh PERMISSIVE'));
  });
});
