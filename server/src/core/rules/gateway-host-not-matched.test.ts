// istioctl virtualservice.GatewayAnalyzer vsHostInGateway / vsHostInKubernetesGateway
// (virtualservice/gateways.go): server hosts as pkg/config/host NamesForNamespace sees them,
// matched with host.Name.Matches; cases of testdata/virtualservice_gateways.yaml and
// virtualservice_kubernetes_gateways.yaml.
import { describe, it } from 'node:test';
import { expectWorkspace } from '../../test-support/ws-tester';
import { boundService, gateway } from '../traffic/test-fixtures';

const ID = 'gateway-host-not-matched';

describe(ID, () => {
  it('flags a Gateway without servers or without a common host, on the reference', () => {
    expectWorkspace(ID, {
      'gw.yaml': gateway('empty', 'web', []) + '---' + gateway('shop', 'web', [['*.shop.example.com']]),
      'a.yaml': boundService('a', 'web', ['*'], '  - empty\n#   ^^^^^ serves none of *\n'),
      'b.yaml': boundService('b', 'web', ['api.example.org'], '  - shop\n#   ^^^^\n'),
    });
  });

  it('matches wildcards on either side and honours ns/host server hosts', () => {
    const gw = gateway('shop', 'web', [['*.shop.example.com', 'team-a/api.example.org', './local.example.org', '*/any.example.org']]);
    expectWorkspace(ID, {
      'gw.yaml': gw,
      'a.yaml': boundService('a', 'web', ['www.shop.example.com'], '  - shop\n'),
      'b.yaml': boundService('b', 'web', ['*'], '  - shop\n'),
      'c.yaml': boundService('c', 'team-a', ['api.example.org'], '  - web/shop\n'),
      'd.yaml': boundService('d', 'team-b', ['api.example.org'], '  - web/shop\n#   ^^^^^^^^\n'),
      'e.yaml': boundService('e', 'web', ['local.example.org'], '  - shop\n'),
      'f.yaml': boundService('f', 'team-b', ['any.example.org'], '  - web/shop\n'),
    });
  });

  it('reads Gateway API listeners: a listener without hostname accepts every host', () => {
    const k8s = (hostname: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: public\n  namespace: web\nspec:\n  gatewayClassName: istio\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n${hostname}`;
    expectWorkspace(ID, { 'gw.yaml': k8s(''), 'vs.yaml': boundService('a', 'web', ['anything.example.org'], '  - public\n') });
    expectWorkspace(ID, { 'gw.yaml': k8s('    hostname: "*.example.com"\n'), 'vs.yaml': boundService('a', 'web', ['a.example.org'], '  - public\n#   ^^^^^^\n') });
  });
});
