/**
 * One MtlsWorld per workspace index and config, shared by the mTLS rules of a pass: the same
 * index and config give the same world (and the same reaches), another config its own world.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer, buildIndex } from '../engine';
import { defaultConfig, mergeConfig } from '../config';
import { ALL_RULES } from '../registry';
import { dedent } from '../../test-support/rule-tester';
import { MtlsWorld } from './world';

const files = {
  'file:///dr.yaml': `
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: { name: reviews, namespace: prod }
    spec:
      host: reviews
      trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  `,
  'file:///svc.yaml': `
    apiVersion: v1
    kind: Service
    metadata: { name: reviews, namespace: prod }
    spec:
      selector: { app: reviews }
      ports: [{ port: 9080 }]
  `,
};

describe('MtlsWorld.of', () => {
  const config = defaultConfig();
  const a = new Analyzer({ rules: ALL_RULES });
  const index = buildIndex(Object.entries(files).map(([u, t]) => a.analyzeFile(u, dedent(t), config)), config);

  it('gives every rule of a pass the same world, and the same reaches of a tls block', () => {
    const world = MtlsWorld.of(index);
    assert.equal(MtlsWorld.of(index, index.config), world);
    const [dr] = world.destinationRules;
    const [tls] = dr.value.tls;
    const reaches = world.reaches(dr.value, tls);
    assert.equal(reaches.length, 1);
    assert.equal(world.reaches(dr.value, tls), reaches);
    // What a fresh world computes is the same.
    assert.deepEqual(new MtlsWorld(index).reaches(dr.value, tls), reaches);
  });

  it('builds another world for another config (the root namespace decides the model)', () => {
    const other = mergeConfig(config, { rootNamespace: 'mesh-root' }, new Set(), '--root-namespace').config;
    const world = MtlsWorld.of(index, other);
    assert.notEqual(world, MtlsWorld.of(index));
    assert.equal(world.config.rootNamespace, 'mesh-root');
    assert.equal(MtlsWorld.of(index).config.rootNamespace, 'istio-system');
    // Another index (the next pass) gets its own world.
    const next = buildIndex(Object.entries(files).map(([u, t]) => a.analyzeFile(u, dedent(t), config)), config);
    assert.notEqual(MtlsWorld.of(next), MtlsWorld.of(index));
  });
});

describe('MtlsWorld reaches across analyses', () => {
  const config = defaultConfig();
  const a = new Analyzer({ rules: ALL_RULES });
  const rootRule = a.analyzeFile(
    'file:///root.yaml',
    dedent(`
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: { name: all, namespace: istio-system }
      spec:
        host: reviews.prod.svc.cluster.local
        trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
    `),
    config,
  );
  const service = a.analyzeFile('file:///svc.yaml', dedent(files['file:///svc.yaml']), config);
  const exact = (host: string) =>
    a.analyzeFile(
      'file:///exact.yaml',
      dedent(`
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: { name: reviews, namespace: prod }
        spec:
          host: ${host}
      `),
      config,
    );
  const reachesOfRootRule = (index: ReturnType<typeof buildIndex>) => {
    const world = MtlsWorld.of(index);
    const dr = world.destinationRules.find((d) => d.value.name === 'all')!;
    return world.reaches(dr.value, dr.value.tls[0]).map((r) => r.serviceName ?? '*');
  };

  it('follows the chooser when another DestinationRule takes the host over (untouched blocks reused otherwise)', () => {
    // PushContext.destinationRule: the Service's namespace's rule comes before the root namespace's.
    assert.deepEqual(reachesOfRootRule(buildIndex([rootRule, service, exact('ratings')], config)), ['reviews']);
    assert.deepEqual(reachesOfRootRule(buildIndex([rootRule, service, exact('reviews')], config)), []);
    assert.deepEqual(reachesOfRootRule(buildIndex([rootRule, service, exact('ratings')], config)), ['reviews']);
  });

  it('recomputes when a fact it reads changes (the Service gone: its port no longer known)', () => {
    const ports = (index: ReturnType<typeof buildIndex>) => {
      const world = MtlsWorld.of(index);
      const dr = world.destinationRules.find((d) => d.value.name === 'all')!;
      return world.reaches(dr.value, dr.value.tls[0]).map((r) => r.servicePort);
    };
    assert.deepEqual(ports(buildIndex([rootRule, service, exact('ratings')], config)), [9080]);
    assert.deepEqual(ports(buildIndex([rootRule, exact('ratings')], config)), [undefined]);
  });
});
