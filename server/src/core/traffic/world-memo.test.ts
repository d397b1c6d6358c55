/**
 * The traffic world outlives an analysis while Services, ServiceEntries, Gateways and
 * DestinationRules stay the same, and a VirtualService whose fact is unchanged is not checked
 * again: typing in one VirtualService checks that one only. A new world keeps what each
 * VirtualService was found to have unless its check looked up an index entry that changed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../engine';
import { defaultConfig } from '../config';
import type { WorkspaceRule } from '../rule';
import { TRAFFIC_INDEXERS, TrafficWorld } from './world';

const vs = (name: string, host: string) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  hosts:\n  - ${host}\n  http:\n  - route:\n    - destination:\n        host: ${host}\n`;
const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n`;

describe('TrafficWorld memo', () => {
  it('checks only the VirtualServices whose facts changed, and all of them when the world changes', () => {
    const checked: string[] = [];
    const counting: WorkspaceRule = {
      scope: 'workspace',
      uses: TRAFFIC_INDEXERS,
      meta: { id: 'count-vs', family: 'core', severity: 'info', kinds: [], messages: {}, docs: { summary: 'unknown host', why: '', bad: '', good: '', link: '' }, fix: 'none' },
      check(ws, ctx) {
        const world = TrafficWorld.of(ws);
        world.eachVirtualService(ws, ctx, 'count-vs', (v, report) => {
          checked.push(v.value.name ?? '?');
          for (const d of v.value.destinations) if (d.host && !world.destination(d.host.value, v.value.namespace, v.value.exportTo)) report({ start: d.host.start, end: d.host.end });
        });
      },
    };
    const a = new Analyzer({ rules: [counting] });
    const config = defaultConfig();
    const lint = (files: Record<string, string>) => {
      const out = a.analyzeWorkspace(Object.entries(files).map(([u, t]) => a.analyzeFile(u, t, config)), config);
      return [...out.values()].flat().map((f) => `${f.uri}:${f.start}`);
    };
    const files = { 'svc.yaml': svc('cart'), 'a.yaml': vs('a', 'cart'), 'b.yaml': vs('b', 'carts'), 'c.yaml': vs('c', 'cart') };
    const first = lint(files);
    assert.deepEqual(checked.sort(), ['a', 'b', 'c']);
    assert.equal(first.length, 1);
    checked.length = 0;
    // One VirtualService changes: only it is checked; the others' reports are kept.
    const second = lint({ ...files, 'b.yaml': vs('b', 'cartz') });
    assert.deepEqual(checked, ['b']);
    assert.deepEqual(second, first);
    checked.length = 0;
    // A Service changes: the world is new, every VirtualService is checked again.
    const third = lint({ ...files, 'b.yaml': vs('b', 'cartz'), 'svc.yaml': svc('cartz') });
    assert.deepEqual(checked.sort(), ['a', 'b', 'c']);
    assert.equal(third.length, 2);
    checked.length = 0;
    // Another Service: a new world, but only the VirtualServices that looked its name up are checked again.
    const fourth = lint({ ...files, 'b.yaml': vs('b', 'cartz'), 'svc.yaml': `${svc('cartz')}---\n${svc('cart')}` });
    assert.deepEqual(checked.sort(), ['a', 'c']);
    assert.equal(fourth.length, 0);
    checked.length = 0;
    // A DestinationRule: a new world, and no VirtualService looked DestinationRules up.
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  host: cart\n';
    const fifth = lint({ ...files, 'b.yaml': vs('b', 'cartz'), 'svc.yaml': `${svc('cartz')}---\n${svc('cart')}`, 'dr.yaml': dr });
    assert.deepEqual(checked, []);
    assert.deepEqual(fifth, fourth);
    // The world that replayed every report keeps what each VirtualService found: a Service only a and c look up is gone, they alone are checked.
    const sixth = lint({ ...files, 'b.yaml': vs('b', 'cartz'), 'svc.yaml': svc('cartz'), 'dr.yaml': dr });
    assert.deepEqual(checked.sort(), ['a', 'c']);
    assert.equal(sixth.length, 2);
  });
});
