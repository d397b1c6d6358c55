import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocResult } from '../core/engine';
import { KindCensus } from './kind-census';

const doc = (index: number, apiVersion: string, kind: string, parsed = true): DocResult => ({
  index, apiVersion, kind, name: undefined, namespace: undefined, parsed, suppressions: false, findings: [], facts: new Map(), templates: [],
});

describe('kind census', () => {
  it('counts parsed Istio resources, kinds in order of first appearance; workloads and Services are not Istio resources', () => {
    const docs = [
      doc(0, 'v1', 'Service'),
      doc(1, 'example.com/v1', 'Widget'),
      doc(2, 'networking.istio.io/v1', 'VirtualService'),
      doc(3, 'apps/v1', 'Deployment'),
      doc(4, 'security.istio.io/v1', 'PeerAuthentication'),
      doc(5, '', '', false),
    ];
    assert.deepEqual(new KindCensus().count(docs), { resources: 2, kinds: ['VirtualService', 'PeerAuthentication'] });
    assert.deepEqual(new KindCensus().count([doc(0, 'apps/v1', 'Deployment')]), { resources: 0, kinds: [] });
  });

  it('follows edits: new results of the same kind keep the count, a changed kind recounts', () => {
    const census = new KindCensus();
    const docs = [doc(0, 'v1', 'Service'), doc(1, 'networking.istio.io/v1', 'VirtualService')];
    const first = census.count(docs);
    assert.equal(census.count([docs[0], doc(1, 'networking.istio.io/v1', 'VirtualService')]), first);
    assert.deepEqual(census.count([docs[0], doc(1, 'networking.istio.io/v1', 'DestinationRule')]), { resources: 1, kinds: ['DestinationRule'] });
    assert.deepEqual(census.count([docs[0]]), { resources: 0, kinds: [] });
    assert.deepEqual(census.count([doc(0, 'networking.istio.io/v1', 'Gateway', false)]), { resources: 0, kinds: [] });
  });
});
