import type { FactEntry, WorkspaceRule } from '../rule';
import { WORKLOADS } from '../mtls/k8s-facts';
import { formatLabels } from '../mtls/fact-read';
import { quote } from '../regex/compile-rules';
import { gatewayExample, httpsServerExample } from '../traffic/examples';
import { GATEWAY_SERVERS, gatewayKey, selection, type GwFact, type GwServerFact } from '../traffic/gateway-servers';
import { WORKLOAD_KINDS } from '../kinds';

const example = (name: string, host: string) => gatewayExample(name, 'web', '    istio: ingressgateway\n', httpsServerExample(host, `${name}-cert`));

interface Entry {
  gw: FactEntry<GwFact>;
  server: GwServerFact;
}

/** The name to show for another Gateway: `"name"` in the same namespace, `"ns/name"` elsewhere. */
export const otherGateway = (other: GwFact, from: GwFact): string => `Gateway "${quote(other.namespace === from.namespace ? other.name : gatewayKey(other), 40)}"`;

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [GATEWAY_SERVERS, WORKLOADS],
  meta: {
    id: 'gateway-conflict',
    family: 'gateway',
    severity: 'error',
    kinds: ['Gateway', ...WORKLOAD_KINDS],
    messages: {
      conflict: 'Serve {host}:{port} from one Gateway: {other} serves it on the same pods too; only one takes effect',
    },
    details: {
      conflict:
        'Both Gateways are merged into the configuration of the pods they select. For TLS servers Istio skips the server created later (MergeGateways, CheckDuplicates: "duplicate host names"); for plaintext ones, which server or route wins depends on creation order, which files cannot tell.',
    },
    docs: {
      summary: 'Two Gateways selecting the same gateway pods serve the same host on the same port (and bind address).',
      why: [
        'Every Gateway whose selector matches a gateway pod is merged into that pod\'s listeners. When two of them',
        'declare the same host on the same port and `bind`, Envoy cannot have two filter chains with the same match:',
        'Istio keeps the TLS server of the Gateway created first and drops the other (`pilot/pkg/model/gateway.go`',
        'MergeGateways, CheckDuplicates), and for plaintext servers the order of creation decides which routes win.',
        'Either way one file does not do what it says.',
        '',
        'Two Gateways select the same pods when their selectors are identical, or when a workload of the workspace',
        'carries the labels of both (Gateway selectors pick pods in every namespace). Hosts are compared as written,',
        'like istioctl does; every server of a Gateway on the port counts (istioctl looks at the last one only).',
      ].join('\n'),
      bad: `${example('shop', 'shop.example.com')}---\n${example('shop-v2', 'shop.example.com')}`,
      good: `${example('shop', 'shop.example.com')}---\n${example('shop-v2', 'v2.shop.example.com')}`,
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0145/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0145', analyzer: 'gateway.ConflictingGatewayAnalyzer' }],
  },
  check(ws, ctx) {
    const byPort = new Map<number, Entry[]>();
    for (const gw of ws.facts(GATEWAY_SERVERS)) {
      if (gw.value.selectorPartial) continue;
      for (const server of gw.value.servers) {
        if (server.port === undefined || server.hostsPartial) continue;
        const list = byPort.get(server.port);
        if (list) list.push({ gw, server });
        else byPort.set(server.port, [{ gw, server }]);
      }
    }
    const workloads = ws.facts(WORKLOADS);
    const shared = new Map<string, boolean>();
    /** Whether the two selectors pick the same pods: identical, or both match a workload of the workspace. */
    const sameWorkload = (a: GwFact, b: GwFact): boolean => {
      const sa = formatLabels(a.selector);
      const sb = formatLabels(b.selector);
      if (sa === sb) return true;
      const key = sa < sb ? `${sa}|${sb}` : `${sb}|${sa}`;
      let v = shared.get(key);
      if (v === undefined) shared.set(key, (v = workloads.some((w) => selection(a.selector, w.value) === 'yes' && selection(b.selector, w.value) === 'yes')));
      return v;
    };
    const reported = new Set<string>();
    for (const [port, list] of byPort) {
      if (list.length < 2) continue;
      for (const a of list) {
        for (const b of list) {
          if (gatewayKey(a.gw.value) === gatewayKey(b.gw.value) || a.server.bind !== b.server.bind) continue;
          const host = a.server.hosts.find((h) => b.server.hosts.some((x) => x.value === h.value));
          if (!host || !sameWorkload(a.gw.value, b.gw.value)) continue;
          const at = `${a.gw.doc.uri}#${a.gw.doc.index}@${host.start}`;
          if (reported.has(at)) continue;
          reported.add(at);
          ctx.report(a.gw.doc, {
            start: host.start,
            end: host.end,
            messageId: 'conflict',
            data: { host: quote(host.value, 40), port, other: otherGateway(b.gw.value, a.gw.value) },
          });
        }
      }
    }
  },
};
