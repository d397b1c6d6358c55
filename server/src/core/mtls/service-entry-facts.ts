/**
 * ServiceEntry facts: the hosts a ServiceEntry adds to Istio's registry and where they live
 * (MESH_EXTERNAL: outside the mesh, no sidecar; MESH_INTERNAL, the default: inside it).
 */
import type { Indexer } from '../rule';
import type { Span } from '../types';
import { get, seqItems, str } from '../yaml/nodes';
import { anchorOf, isTemplated, namespaceOf } from './fact-read';
import { specOf } from './read';

export interface ServiceEntryFact {
  name: string | undefined;
  namespace: string;
  anchor: Span;
  /** Hosts as written, lower-cased; templated ones left out. */
  hosts: string[];
  /** A host is templated: which hosts it adds is unknown. */
  hostsUnknown: boolean;
  location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
}

export const SERVICE_ENTRIES: Indexer<ServiceEntryFact> = {
  key: 'mtls.serviceEntries',
  kinds: ['ServiceEntry'],
  extract(doc, config) {
    const namespace = namespaceOf(doc, config);
    const spec = specOf(doc);
    if (namespace === undefined || !spec) return [];
    const written = seqItems(get(spec, 'hosts', doc.yaml), doc.yaml).map((n) => str(n, doc.yaml));
    const hosts = written.filter((h): h is string => h !== undefined && !isTemplated(h)).map((h) => h.trim().toLowerCase());
    const location = str(get(spec, 'location', doc.yaml), doc.yaml) === 'MESH_EXTERNAL' ? 'MESH_EXTERNAL' : 'MESH_INTERNAL';
    return [{ name: doc.name, namespace, anchor: anchorOf(doc), hosts, hostsUnknown: hosts.length !== written.length, location }];
  },
};
