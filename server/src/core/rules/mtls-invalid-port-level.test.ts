import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, expectFindings, expectNoFindings, lint, parseMarked } from '../../test-support/rule-tester';

const ID = 'mtls-invalid-port-level';

const PA = (portLevel: string, version = 'v1') => `
apiVersion: security.istio.io/${version}
kind: PeerAuthentication
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    matchLabels:
      app: reviews
  mtls:
    mode: STRICT
${portLevel}`;

describe(ID, () => {
  it('flags an empty portLevelMtls, with an unsafe removal', () => {
    const src = PA(`  portLevelMtls: {}\n# ^^^^^^^^^^^^^ rejects it empty\n`);
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes[0].safe, false);
    assert.ok(applyFix(ID, src).endsWith('  mtls:\n    mode: STRICT\n'));
  });

  it('flags the DestinationRule-style list', () => {
    expectFindings(ID, PA(`  portLevelMtls:\n# ^^^^^^^^^^^^^ not a list\n  - port: 8080\n    mode: DISABLE\n`));
  });

  it('flags port names, zero, negative and too-large ports at the key (v1beta1)', () => {
    expectFindings(
      ID,
      PA(
        [
          '  portLevelMtls:',
          '    http:',
          '#   ^^^^ "http" must be a container port number',
          '      mode: DISABLE',
          '    0: {mode: DISABLE}',
          '#   ^ within 1-65535',
          '    -1: {mode: DISABLE}',
          '#   ^^ within 1-65535',
          '    65536: {mode: DISABLE}',
          '#   ^^^^^ within 1-65535',
          '    "8080": {mode: DISABLE}',
          '    65535: {mode: DISABLE}',
          '',
        ].join('\n'),
        'v1beta1',
      ),
    );
  });

  it('flags a bare mode per port and wraps it safely', () => {
    const src = PA(`  portLevelMtls:\n    8080: DISABLE\n#   ^^^^ needs a mapping\n    9090: 'PERMISSIVE' # keep\n#   ^^^^ needs a mapping\n`);
    const [a, b] = expectFindings(ID, src);
    assert.equal(a.fixes[0].safe, true);
    assert.equal(b.fixes[0].safe, true);
    assert.ok(applyFix(ID, src).includes('    8080: {mode: DISABLE}\n'));
  });

  it('warns about an entry without a mode', () => {
    const [f] = expectFindings(ID, PA(`  portLevelMtls:\n    8080: {}\n#   ^^^^ has no mode\n    9090:\n#   ^^^^ changes nothing\n`));
    assert.equal(f.severity, 'warning');
  });

  it('warns about ports the sidecar never captures and removes them safely', () => {
    const src = PA(`  portLevelMtls:\n    15020:\n#   ^^^^^ never applies\n      mode: DISABLE\n    8080:\n      mode: PERMISSIVE\n`);
    const [f] = expectFindings(ID, src);
    assert.equal(f.severity, 'warning');
    assert.equal(f.fixes[0].safe, true);
    assert.ok(applyFix(ID, src).endsWith('  portLevelMtls:\n    8080:\n      mode: PERMISSIVE\n'));
    // The only entry: the whole key goes, since an empty portLevelMtls would be rejected.
    const only = PA(`  portLevelMtls:\n    15090: {mode: DISABLE}\n`);
    assert.ok(applyFix(ID, only).endsWith('  mtls:\n    mode: STRICT\n'));
    expectFindings(ID, PA(`  portLevelMtls: {15021: {mode: DISABLE}, 8080: {mode: DISABLE}}\n#                 ^^^^^ health check\n`));
    assert.ok(applyFix(ID, PA(`  portLevelMtls: {15021: {mode: DISABLE}, 8080: {mode: DISABLE}}\n`)).includes('portLevelMtls: {8080: {mode: DISABLE}}'));
  });

  it('accepts valid entries, null portLevelMtls, templated entries; never crashes on odd shapes', () => {
    expectNoFindings(ID, PA(`  portLevelMtls:\n    8080:\n      mode: DISABLE\n    "9000": {mode: STRICT}\n    443: {mode: UNSET}\n`));
    expectNoFindings(ID, PA(`  portLevelMtls:\n`));
    expectNoFindings(ID, PA(`  portLevelMtls:\n    {{ .Values.port }}: {mode: DISABLE}\n    8080: {{ .Values.mode }}\n`));
    const odd = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x}\nspec: [1]\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: y}\nspec:\n  portLevelMtls:\n    ? [a]\n    : {mode: DISABLE}\n`;
    assert.equal(lint(parseMarked(odd).text).filter((f) => f.rule === 'internal-error').length, 0);
  });
});
