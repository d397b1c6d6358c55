// istioctl deprecation.FieldAnalyzer (deprecation/deprecation.go), cases of testdata/deprecation.yaml:
// HTTPRoute.fault.delay.percent > 0 and Sidecar outboundTrafficPolicy.egressProxy. The fix follows
// pilot route.TranslateFault (percentage wins over percent; percent N is N/100, percentage N is
// N*10000/1000000) and the egressProxy case util.IsAllowAnyOutbound.
import { describe, it } from 'node:test';
import { expectFindings, expectFixReplaces } from '../../test-support/rule-tester';

const ID = 'deprecated-field';
const vs = (delay: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: productpage
  namespace: foo
spec:
  hosts:
  - productpage
  http:
  - fault:
      delay:
${delay}    route:
    - destination:
        host: productpage
`;
const sidecar = (policy: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: no-selector
  namespace: default
spec:
  egress:
  - hosts:
    - "./*"
  outboundTrafficPolicy:
${policy}`;

describe(ID, () => {
  it('flags fault.delay.percent above 0 on the field (deprecation.yaml: VirtualService foo/productpage)', () => {
    expectFindings(ID, vs('        percent: 50\n#       ^^^^^^^^^^^ percentage: value: 50\n        fixedDelay: 5s\n'));
    expectFindings(ID, vs('        percent: 0\n        fixedDelay: 5s\n'));
    expectFindings(ID, vs('        percentage:\n          value: 50\n        fixedDelay: 5s\n'));
  });

  it('rewrites percent as percentage (safe), block and flow, and drops percent when percentage is set', () => {
    expectFixReplaces(ID, vs('        percent: 50\n        fixedDelay: 5s\n'), 'percentage', 'percent: 50', 'percentage:\n          value: 50');
    expectFixReplaces(ID, vs('        {percent: 5, fixedDelay: 5s}\n').replace('delay:\n ', 'delay:'), 'percentage', 'percent: 5', 'percentage: {value: 5}');
    expectFixReplaces(ID, vs('        percentage:\n          value: 10\n        percent: 50\n        fixedDelay: 5s\n'), 'Remove', '        percent: 50\n', '');
  });

  it('flags egressProxy where Istio ignores it (mode REGISTRY_ONLY or unset), not with ALLOW_ANY', () => {
    expectFindings(ID, sidecar('    egressProxy:\n#   ^^^^^^^^^^^ REGISTRY_ONLY\n      host: example\n      port:\n        number: 9080\n'));
    expectFindings(ID, sidecar('    mode: REGISTRY_ONLY\n    egressProxy:\n#   ^^^^^^^^^^^ mode: ALLOW_ANY\n      host: example\n'));
    // deprecation.yaml's Sidecar default/no-selector has mode ALLOW_ANY: istioctl calls egressProxy
    // ignored there, but pilot routes unknown traffic to it (httproute.go, listener_builder.go).
    expectFindings(ID, sidecar('    mode: ALLOW_ANY\n    egressProxy:\n      host: example\n      port:\n        number: 9080\n'));
  });
});
