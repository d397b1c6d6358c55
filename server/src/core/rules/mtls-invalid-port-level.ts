import { isMap, isScalar, isSeq } from 'yaml';
import type { DocRule, DocContext } from '../rule';
import type { Fix } from '../types';
import type { ResourceDoc } from '../document/resource';
import { get, keySpan, span, str } from '../yaml/nodes';
import { PA_MODES, isNullish, isPeerAuthentication, isTemplatedValue, pairTemplated, readPortLevel, removePairEdit, specOf, type PortEntry, type PortLevel } from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

/** Sidecar ports that istio-iptables never redirects to Envoy, so no inbound mTLS setting reaches them. */
const UNCAPTURED_PORTS: Readonly<Record<number, string>> = {
  15020: 'the pilot-agent status and merged Prometheus metrics port',
  15021: 'the sidecar health check port',
  15090: 'the Envoy Prometheus telemetry port',
};

function removeEntryFix(doc: ResourceDoc, ports: PortLevel, entry: PortEntry): Fix | undefined {
  // Removing the last entry would leave an empty `portLevelMtls`, which is rejected: drop the whole key then.
  const alone = ports.map!.items.length === 1;
  const spec = specOf(doc);
  const e = alone ? spec && removePairEdit(doc, spec, ports.pair) : removePairEdit(doc, ports.map!, entry.pair);
  return e ? { title: alone ? 'Remove portLevelMtls (its only port is never captured)' : `Remove the entry for port ${entry.key}`, safe: true, edits: [e] } : undefined;
}

function checkEntry(doc: ResourceDoc, ports: PortLevel, entry: PortEntry, ctx: DocContext): void {
  if (entry.key.includes('\u2591') || pairTemplated(doc, entry.pair)) return;
  if (entry.port === undefined) {
    ctx.report({ ...entry.keySpan, messageId: 'notANumber', data: { key: entry.key } });
    return;
  }
  if (entry.port < 1 || entry.port > 65535) {
    ctx.report({ ...entry.keySpan, messageId: 'outOfRange', data: { key: entry.key } });
    return;
  }
  const value = entry.value;
  if (!isNullish(value) && !isMap(value)) {
    const written = isScalar(value) ? str(value) : undefined;
    const fixes: Fix[] = [];
    const s = span(value);
    if (written !== undefined && (PA_MODES as readonly string[]).includes(written) && s) {
      fixes.push({ title: `Write ${entry.key}: {mode: ${written}}`, safe: true, edits: [{ ...s, newText: `{mode: ${written}}` }] });
    }
    if (isTemplatedValue(value, doc)) return;
    ctx.report({ ...entry.keySpan, messageId: 'entryNotMapping', data: { key: entry.key, example: written && fixes.length ? written : 'PERMISSIVE' }, fixes });
    return;
  }
  if (!isMap(value) || isNullish(get(value, 'mode', doc.yaml))) {
    ctx.report({ ...entry.keySpan, messageId: 'noMode', data: { key: entry.key }, severity: 'warning' });
    return;
  }
  const role = UNCAPTURED_PORTS[entry.port];
  if (role) {
    const fix = removeEntryFix(doc, ports, entry);
    ctx.report({ ...entry.keySpan, messageId: 'uncaptured', data: { key: entry.key, role }, severity: 'warning', fixes: fix ? [fix] : [] });
  }
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-invalid-port-level',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication'],
    messages: {
      empty: 'List at least one container port with its mode, or remove portLevelMtls: the API server rejects it empty',
      notAMap: "portLevelMtls must map container port numbers to settings (8080: {mode: PERMISSIVE}), not a {type}: the API server rejects it",
      notANumber: "Port key \"{key}\" must be a container port number (names are not accepted): the API server rejects the policy",
      outOfRange: 'Use a port within 1-65535: the API server rejects port {key}',
      entryNotMapping: 'Write {key}: {mode: {example}}: port {key} needs a mapping with its mode, and the API server rejects a plain value',
      noMode: "Port {key} has no mode, so the entry changes nothing. Set DISABLE, PERMISSIVE or STRICT, or remove it",
      uncaptured: "Port {key} is {role}: the sidecar does not intercept it, so this mode never applies. Remove the entry",
    },
    docs: {
      summary: 'A malformed `portLevelMtls`: empty, not a map, a port key that is not a number in 1-65535, an entry without a mode, or a sidecar port that is never intercepted.',
      why: [
        '`portLevelMtls` maps **container** port numbers to a mode for the selected workload. The API server rejects the whole',
        'PeerAuthentication when the map is empty, when it is written as a list (`- port: 8080`, the DestinationRule style), when a key',
        'is a port name or outside 1-65535, or when an entry is a bare mode instead of `{mode: …}`; the rollout step then silently',
        'does not happen.',
        '',
        'Two entries are accepted but do nothing (warnings): an entry without `mode` (it inherits), and Istio\'s own ports 15020,',
        '15021 and 15090, which istio-iptables excludes from inbound capture. A metrics scraper reaches them in plaintext whatever',
        'the policy says, so an exception for them is not needed and suggests a misunderstanding.',
        '',
        'Mode values that are not valid names (`strict`, `ENABLED`) are reported by `mtls-invalid-mode`.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ name: 'reviews', namespace: 'bookinfo', selector: ['app: reviews'], mode: 'STRICT', portLevel: { 'http-legacy': 'PERMISSIVE' } }),
      good: peerAuthenticationDoc({ name: 'reviews', namespace: 'bookinfo', selector: ['app: reviews'], mode: 'STRICT', portLevel: { 8080: 'PERMISSIVE' } }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    if (!isPeerAuthentication(doc)) return;
    const ports = readPortLevel(doc);
    if (!ports || isNullish(ports.value) || pairTemplated(doc, ports.pair)) return;
    const k = keySpan(ports.pair);
    if (!k) return;
    if (!ports.map) {
      const type = isSeq(ports.value) ? 'list' : 'plain value';
      ctx.report({ ...k, messageId: 'notAMap', data: { type } });
      return;
    }
    if (!ports.map.items.length) {
      const spec = specOf(doc);
      const e = spec && removePairEdit(doc, spec, ports.pair);
      // Not safe: the API server rejected the policy so far; once accepted, its mode starts to apply.
      ctx.report({ ...k, messageId: 'empty', fixes: e ? [{ title: 'Remove the empty portLevelMtls (the policy then applies as written)', safe: false, edits: [e] }] : [] });
      return;
    }
    for (const entry of ports.entries) checkEntry(doc, ports, entry, ctx);
  },
};
