import type { FactEntry, WorkspaceRule } from '../rule';
import { quote } from '../regex/compile-rules';
import { SE_PORTS, type SePortFact, type SePortsFact } from '../traffic/service-entry-ports';
import { exportScopes } from '../traffic/hosts';

const entry = (name: string, portName: string, protocol: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts:
  - api.example.com
  ports:
  - number: 8443
    name: ${portName}
    protocol: ${protocol}
  resolution: DNS
`;

const example = (protocol: string) => `${entry('api-https', 'https', 'HTTPS')}---\n${entry('api-legacy', 'legacy', protocol)}`;

interface Use {
  se: FactEntry<SePortsFact>;
  port: SePortFact;
}

const protocolName = (u: Use) => u.port.protocol.toUpperCase() || 'unset';

export const rule: WorkspaceRule = {
  scope: 'workspace',
  uses: [SE_PORTS],
  meta: {
    id: 'traffic-serviceentry-protocol-conflict',
    family: 'traffic',
    severity: 'warning',
    kinds: ['ServiceEntry'],
    messages: {
      conflict: 'Use one protocol for {host}:{port}: {protocol} here, {otherProtocol} in ServiceEntry {other}',
    },
    details: {
      conflict: 'ServiceEntries {all} give {host}:{port} different protocols. Istio builds one listener and cluster per host and port, with one protocol: the traffic of the others is handled with the wrong one.',
    },
    docs: {
      summary: 'Several ServiceEntries visible in one namespace give the same host and port different protocols.',
      why: [
        'Istio merges ServiceEntries by host: for one host and port it builds one listener and cluster, with one',
        'protocol. When two ServiceEntries give the same host and port different protocols (HTTP and HTTPS, TCP and',
        'unset…), which one wins is not defined, and the other\'s traffic is handled with the wrong protocol (istioctl',
        'IST0177). Protocols compare case-insensitively; an unset protocol differs from every set one. Only',
        'ServiceEntries exported to a common namespace (`exportTo`) conflict.',
      ].join('\n'),
      bad: example('HTTP'),
      good: example('HTTPS'),
      link: 'https://istio.io/latest/docs/reference/config/analysis/ist0177/',
    },
    fix: 'none',
    istioctl: [{ code: 'IST0177', analyzer: 'serviceentry.ConflictingServiceEntryProtocolAnalyzer' }],
  },
  check(ws, ctx) {
    // By scope (a namespace, or * for all), host and port, as the analyzer keys them.
    const index = new Map<string, Use[]>();
    for (const se of ws.facts(SE_PORTS)) {
      for (const scope of exportScopes(se.value.exportTo, se.value.namespace)) {
        for (const host of new Set(se.value.hosts)) {
          for (const port of se.value.ports) {
            const key = `${scope}\n${host}\n${port.number}`;
            const list = index.get(key);
            if (list) list.push({ se, port });
            else index.set(key, [{ se, port }]);
          }
        }
      }
    }
    const reported = new Set<string>();
    for (const [key, own] of index) {
      const [scope, host, port] = key.split('\n');
      const uses = scope === '*' ? own : [...own, ...(index.get(`*\n${host}\n${port}`) ?? [])];
      if (new Set(uses.map(protocolName)).size < 2) continue;
      for (const u of uses) {
        const id = `${u.se.doc.uri}#${u.se.doc.index}@${u.port.at.start}`;
        const other = uses.find((o) => protocolName(o) !== protocolName(u));
        if (reported.has(id) || !other) continue;
        reported.add(id);
        ctx.report(u.se.doc, {
          ...u.port.at,
          messageId: 'conflict',
          data: {
            host: quote(host, 40),
            port,
            protocol: quote(protocolName(u), 12),
            otherProtocol: quote(protocolName(other), 12),
            other: quote(`${other.se.value.namespace}/${other.se.value.name}`, 40),
            all: [...new Set(uses.map((x) => `${x.se.value.namespace}/${x.se.value.name}`))].sort().join(', '),
          },
          related: [{ at: other.se.doc, start: other.port.at.start, end: other.port.at.end, message: `${protocolName(other)} in ServiceEntry ${other.se.value.name}` }],
        });
      }
    }
  },
};
