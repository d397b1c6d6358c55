import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, toResource } from './resource';

describe('ResourceDoc', () => {
  it('memo computes a derived value once per key and per document', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n';
    const doc = toResource(parseChunk(text), 0);
    const other = toResource(parseChunk(text), 0);
    const key = {};
    let calls = 0;
    const count = () => ++calls;
    assert.equal(doc.memo(key, count), 1);
    assert.equal(doc.memo(key, count), 1);
    assert.equal(doc.memo({}, count), 2);
    assert.equal(other.memo(key, count), 3);
    assert.equal(doc.memo(key, () => undefined), 1);
  });

  it('reads identity through the fast path and through yaml alike', () => {
    const text = '---\n# Source: x\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  namespace: ns\n';
    for (const fast of [true, false]) {
      const doc = toResource(parseChunk(text, fast), 2);
      assert.deepEqual([doc.group, doc.version, doc.kind, doc.name, doc.namespace, doc.index], ['networking.istio.io', 'v1', 'VirtualService', 'r', 'ns', 2]);
    }
  });
});
