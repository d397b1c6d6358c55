/**
 * ServiceEntry ports with where they are written, for istioctl's serviceentry analyzers
 * (ProtocolAddressesAnalyzer IST0134, ConflictingServiceEntryProtocolAnalyzer IST0177).
 */
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { ISTIO_NETWORKING } from '../kinds';
import { isScalar, isSeq } from 'yaml';
import { asMap, get, getIn, getPair, seqItems, span, str } from '../yaml/nodes';
import { isTemplated, namespaceOf, portNumber, templatedBlock } from '../mtls/fact-read';

export interface SePortFact {
  number: number;
  /** As written; '' when absent. */
  protocol: string;
  /** The `protocol` value, else the `number` value. */
  at: Span;
}

export interface SePortsFact {
  name: string;
  namespace: string;
  hosts: string[];
  exportTo?: string[];
  /** `spec.addresses` holds at least one entry (or is templated). */
  hasAddresses: boolean;
  /** `status.addresses` holds at least one entry: istiod allocated addresses. */
  allocated: boolean;
  ports: SePortFact[];
}

const count = (node: unknown, doc: Parameters<Indexer['extract']>[0]): number => seqItems(node, doc.yaml).length;

export const SE_PORTS: Indexer<SePortsFact> = {
  key: 'traffic.serviceEntryPorts',
  kinds: ['ServiceEntry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    if (doc.group !== ISTIO_NETWORKING || namespace === undefined || !doc.name || isTemplated(doc.name)) return [];
    const spec = asMap(get(doc.root, 'spec', doc.yaml), doc.yaml);
    // Absent, null and [] are no addresses; a templated block or a value of another shape may hold some.
    const addressesPair = getPair(spec, 'addresses');
    const addresses = get(spec, 'addresses', doc.yaml);
    const hasAddresses =
      count(addresses, doc) > 0 || templatedBlock(doc, addressesPair) || (addresses !== undefined && !isSeq(addresses) && !(isScalar(addresses) && (addresses.value === null || addresses.value === '')));
    const allocated = count(getIn(doc.root, ['status', 'addresses'], doc.yaml), doc) > 0;
    const hostNodes = seqItems(get(spec, 'hosts', doc.yaml), doc.yaml).map((n) => str(n, doc.yaml) ?? '');
    if (hostNodes.some((h) => !h || isTemplated(h))) return [];
    const exportNodes = get(spec, 'exportTo', doc.yaml);
    const exportTo = exportNodes === undefined ? undefined : seqItems(exportNodes, doc.yaml).map((n) => str(n, doc.yaml) ?? '');
    if (exportTo?.some((e) => !e || isTemplated(e))) return [];
    const ports: SePortFact[] = [];
    for (const item of seqItems(get(spec, 'ports', doc.yaml), doc.yaml)) {
      const m = asMap(item, doc.yaml);
      const numberNode = get(m, 'number', doc.yaml);
      const number = portNumber(numberNode, doc);
      const protocolNode = get(m, 'protocol', doc.yaml);
      const protocol = str(protocolNode, doc.yaml) ?? '';
      const at = span(protocolNode) ?? span(numberNode);
      if (number === undefined || !at || isTemplated(protocol)) continue;
      ports.push({ number, protocol, at });
    }
    return [{ name: doc.name, namespace, hosts: hostNodes, ...(exportTo ? { exportTo } : {}), hasAddresses, allocated, ports }];
  },
};
