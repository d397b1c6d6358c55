import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kindPrefilter, topLevelKind } from './kinds';

describe('topLevelKind: the kind a document declares, read without parsing', () => {
  it('reads the one kind line at column 0, wherever it stands and however it is quoted', () => {
    assert.equal(topLevelKind('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n'), 'ConfigMap');
    assert.equal(topLevelKind('kind: ConfigMap\napiVersion: v1\n'), 'ConfigMap');
    assert.equal(topLevelKind('kind: ConfigMap'), 'ConfigMap');
    assert.equal(topLevelKind('"kind": "ConfigMap"\n'), 'ConfigMap');
    assert.equal(topLevelKind("'kind' : 'ConfigMap'\n"), 'ConfigMap');
    assert.equal(topLevelKind('kind:\tConfigMap   # rendered by helm\n'), 'ConfigMap');
    assert.equal(topLevelKind('apiVersion: v1\r\nkind: ConfigMap\r\n'), 'ConfigMap');
  });

  it('gives up (so the document is parsed) whenever the text does not say it plainly', () => {
    const unclear = [
      'apiVersion: v1\nmetadata:\n  name: x\n', // no kind
      'kind: ConfigMap\nkind: Service\n', // two: a duplicate key, the parser decides
      'kind: ConfigMap\n"kind": Service\n',
      'spec:\n  kind: Deployment\n', // not the root's
      '{kind: ConfigMap, apiVersion: v1}\n', // flow mapping
      'kind:ConfigMap\n', // a plain scalar "kind:ConfigMap", not a key
      'kind:\n', // null
      'kind: Foo#bar\n', // the value is "Foo#bar"
      'kind: !!str ConfigMap\n', // a tag
      'kind: Config Map\n',
      'kinds: ConfigMap\n',
    ];
    for (const text of unclear) assert.equal(topLevelKind(text), undefined, JSON.stringify(text));
  });
});

describe('kindPrefilter', () => {
  const wanted = kindPrefilter(['Service', 'Deployment', 'VirtualService']);

  it('skips documents that name none of the kinds, and those that declare another kind', () => {
    assert.equal(wanted('apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n'), false);
    const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  scaleTargetRef:\n    kind: Deployment\n    name: a\n';
    assert.equal(wanted(hpa), false);
    assert.equal(wanted('apiVersion: v1\nkind: ConfigMap\ndata:\n  note: "the Service is behind a VirtualService"\n'), false);
  });

  it('keeps documents of the kinds, and every document whose kind it cannot read plainly', () => {
    assert.equal(wanted('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n'), true);
    assert.equal(wanted('{apiVersion: v1, kind: Service}\n'), true);
    assert.equal(wanted('apiVersion: v1\nkind: ConfigMap\nkind: Service\n'), true);
    assert.equal(wanted('apiVersion: v1\nmetadata:\n  name: a-Service\n'), true);
  });

  it('takes nothing when no kind is wanted', () => {
    assert.equal(kindPrefilter([])('kind: Service\n'), false);
    // Kinds an indexer reads outside the analysed set pass only their own text test (engine: Indexer.extraKinds).
    const extra = kindPrefilter(['Service'], new Map([['ConfigMap', (s: string) => s.includes('mesh:')], ['', (s: string) => s.startsWith('meshConfig:')]]));
    assert.equal(extra('kind: ConfigMap\ndata:\n  mesh: |-\n'), true);
    assert.equal(extra('kind: ConfigMap\ndata:\n  dashboard.json: "{}"\n'), false);
    assert.equal(extra('meshConfig:\n  enableAutoMtls: false\n'), true);
    assert.equal(extra('name: build\n'), false);
  });
});
