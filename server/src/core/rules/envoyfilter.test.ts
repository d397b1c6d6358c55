// istioctl envoyfilter.EnvoyPatchAnalyzer (envoyfilter/envoyfilter.go), cases of testdata/
// relative-envoy-filter-operation.yaml, envoy-filter-replace-operation.yaml, envoy-filter-add-operation.yaml
// and envoy-filter-remove-operation.yaml, checked against where pilot applies each operation
// (pilot/pkg/networking/core/envoyfilter: rc_patch.go ApplyRouteConfigurationPatches and patchHTTPRoutes,
// listener_patch.go patchListenerFilters / network and HTTP filter patches).
import { describe, it } from 'node:test';
import { expectFindings } from '../../test-support/rule-tester';
import { expectWorkspace } from '../../test-support/ws-tester';

const ef = (name: string, priority: string, patches: string) => `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: ${name}
  namespace: bookinfo
spec:
${priority}  configPatches:
${patches}`;
/** A patch; `marker` goes under the operation line; `match` replaces the default match lines. */
const patch = (applyTo: string, operation: string, opts: { marker?: string; value?: string; proxyVersion?: boolean; filter?: string } = {}) => `  - applyTo: ${applyTo}
    match:
      context: SIDECAR_OUTBOUND
${opts.proxyVersion ? "      proxy:\n        proxyVersion: '^1\\.11.*'\n" : ''}      listener:
        filterChain:
          filter:
            name: "${opts.filter ?? 'envoy.filters.network.http_connection_manager'}"
    patch:
      operation: ${operation}
${opts.marker ? `${opts.marker}\n` : ''}${opts.value === '' ? '' : `      value:\n        name: ${opts.value ?? 'envoy.lua'}\n`}`;
const mark = (n: number, note: string) => `#                ${'^'.repeat(n)} ${note}`;

describe('envoyfilter-relative-operation', () => {
  const ID = 'envoyfilter-relative-operation';
  it('flags INSERT_BEFORE/INSERT_AFTER without priority on the operation, not ADD (test-relative-1/2)', () => {
    expectWorkspace(ID, {
      'r1.yaml': ef('test-relative-1', '', patch('HTTP_FILTER', 'INSERT_BEFORE', { marker: mark(13, 'spec.priority') }) + patch('CLUSTER', 'ADD', { value: 'lua_cluster' })),
      'r2.yaml': ef('test-relative-2', '', patch('HTTP_FILTER', 'INSERT_AFTER', { marker: mark(12, 'INSERT_AFTER'), value: 'envoy.lua2' })),
      'ok.yaml': ef('with-priority', '  priority: 10\n', patch('HTTP_FILTER', 'INSERT_BEFORE')),
      'first.yaml': ef('insert-first', '', patch('HTTP_FILTER', 'INSERT_FIRST') + patch('HTTP_FILTER', 'MERGE')),
    });
  });

  it('says proxyVersion when an earlier patch for the same filter is pinned to one (test-relative-3)', () => {
    expectWorkspace(ID, {
      'r3.yaml': ef(
        'test-relative-3',
        '',
        patch('HTTP_FILTER', 'INSERT_AFTER', { marker: mark(12, 'INSERT_FIRST/ADD'), proxyVersion: true, value: 'envoy.lua1' }) +
          patch('CLUSTER', 'INSERT_AFTER', { marker: mark(12, 'proxyVersion-pinned patch of envoy.lua1'), value: 'envoy.lua1' }),
      ),
    });
  });

  it('counts REPLACE where Istio applies it and REMOVE (test-replace-3, test-remove-1/5), not a patch-less list tail (test-remove-4)', () => {
    expectWorkspace(ID, {
      'rep.yaml': ef(
        'test-replace-3',
        '',
        patch('HTTP_FILTER', 'REPLACE', { marker: mark(7, 'REPLACE'), proxyVersion: true }) +
          patch('HTTP_FILTER', 'REPLACE', { marker: mark(7, 'proxyVersion'), filter: 'other' }) +
          patch('CLUSTER', 'REPLACE', { value: 'lua_cluster' }),
      ),
      'rm.yaml': ef('test-remove-1', '', patch('NETWORK_FILTER', 'REMOVE', { marker: mark(6, 'REMOVE'), value: '' }) + patch('ROUTE_CONFIGURATION', 'REMOVE', { value: '' })),
      'rm4.yaml': ef('test-remove-4', '', '  - applyTo: NETWORK_FILTER\n    patch:\n' + patch('NETWORK_FILTER', 'REMOVE', { value: '' })),
    });
  });
});

describe('envoyfilter-operation-ignored', () => {
  const ID = 'envoyfilter-operation-ignored';
  it('flags REPLACE outside filters and virtual hosts (test-replace-1), not on HTTP/network/listener filters or virtual hosts', () => {
    expectFindings(ID, ef('test-replace-1', '  priority: 10\n', patch('CLUSTER', 'REPLACE', { marker: mark(7, 'REPLACE on CLUSTER'), value: 'lua_cluster' })));
    expectFindings(ID, ef('test-replace-2', '  priority: 10\n', ['HTTP_FILTER', 'NETWORK_FILTER', 'LISTENER_FILTER', 'VIRTUAL_HOST'].map((a) => patch(a, 'REPLACE')).join('')));
  });

  it('flags ADD and REMOVE on ROUTE_CONFIGURATION (test-auth-2, test-remove-2), not on HTTP_ROUTE where pilot applies them (test-auth-3, test-remove-3)', () => {
    expectFindings(ID, ef('test-auth-2', '', patch('ROUTE_CONFIGURATION', 'ADD', { marker: mark(3, 'ignores ADD') })));
    expectFindings(ID, ef('test-remove-2', '', patch('ROUTE_CONFIGURATION', 'REMOVE', { marker: mark(6, 'MERGE'), value: '' })));
    expectFindings(ID, ef('test-auth-3', '', patch('HTTP_ROUTE', 'ADD') + patch('HTTP_ROUTE', 'REMOVE', { value: '' }) + patch('ROUTE_CONFIGURATION', 'MERGE')));
  });
});
