/**
 * The memories that outlive an analysis for cross-file rules (the traffic world keeping what
 * each VirtualService was found to have, the DestinationRule choice keeping its answers per
 * host, fact groupings patched per document, lookups and reports kept per fact list or entry)
 * must never change what is reported: after a sequence of edits to DestinationRule hosts,
 * exportTo and TLS, VirtualService destinations, subsets and gateways, Services, workloads,
 * PeerAuthentications, Namespaces and AuthorizationPolicies, a long-lived analyzer reports
 * exactly what a fresh one does.
 *
 * The live analyzer runs the whole sequence first and the fresh ones afterwards: the memories
 * are shared by analyzers, and a fresh analysis between two edits would reset them, so the
 * live one would never reuse anything.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from './engine';
import { ALL_RULES } from './registry';
import { defaultConfig } from './config';
import { createEngines } from '../engines';
import type { FileFinding } from './types';
import { generateDocs, joinDocs } from '../../../bench/corpus';
import { seededRandom } from '../test-support/seeded-random';

const services = createEngines();

/** The line numbers of `text` matching `pattern`. */
const linesMatching = (lines: readonly string[], pattern: RegExp): number[] => lines.flatMap((l, i) => (pattern.test(l) ? [i] : []));

/** Edits aimed at cross-file facts; each returns the text unchanged when it finds nothing to edit. */
const EDITS: Array<(lines: string[], pick: <T>(xs: readonly T[]) => T | undefined) => void> = [
  // Type a character at the start of a DestinationRule host, or delete one typed there.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {2}host: /));
    if (i !== undefined) lines[i] = lines[i].startsWith('  host: x') ? lines[i].replace('host: x', 'host: ') : lines[i].replace('host: ', 'host: x');
  },
  // Point a DestinationRule at another Service, a namespace wildcard, or a literal short form.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {2}host: /));
    const other = pick(linesMatching(lines, /^ {2}host: [a-z]/));
    if (i === undefined || other === undefined) return;
    const [name, ns] = lines[other].slice('  host: '.length).split('.');
    lines[i] = `  host: ${pick([`${name}.${ns}.svc.cluster.local`, `*.${ns}.svc.cluster.local`, `${name}.${ns}`, name])}`;
  },
  // Export a DestinationRule to its own namespace only (or to another), or give it a workload selector.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {2}host: /));
    if (i !== undefined) lines.splice(i, 0, pick(['  exportTo: ["."]', '  exportTo: [other]', '  workloadSelector: {matchLabels: {app: x}}'])!);
  },
  // Switch a TLS mode.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {6}mode: /));
    if (i !== undefined) lines[i] = `      mode: ${pick(['DISABLE', 'ISTIO_MUTUAL', 'SIMPLE'])}`;
  },
  // Change a VirtualService destination host or subset.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {8}(host|subset): /));
    if (i === undefined) return;
    lines[i] = lines[i].includes('subset') ? `        subset: ${pick(['v1', 'v2', 'v3'])}` : lines[i].replace(/host: (\S+)/, (_, h: string) => `host: ${h.endsWith('x') ? h.slice(0, -1) : `${h}x`}`);
  },
  // Bind a VirtualService to another gateway, or drop the mesh.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {2}- (mesh|istio-ingress\/)/));
    if (i !== undefined) lines[i] = pick(['  - mesh', '  - istio-ingress/missing-gateway', '  - istio-ingress/shop-gateway', '  - shop-gateway'])!;
  },
  // Rename a Service, or change the version label a subset selects.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {6}version: v[12]$/));
    if (i !== undefined) lines[i] = lines[i].endsWith('v1') ? '      version: v2' : '      version: v1';
  },
  // Switch a PeerAuthentication's mode (the mTLS model the authorization and TLS rules read).
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {4}mode: /));
    if (i !== undefined) lines[i] = `    mode: ${pick(['STRICT', 'PERMISSIVE', 'DISABLE'])}`;
  },
  // Turn a namespace's sidecar injection off or on (which workloads have sidecars).
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {4}istio-injection: /));
    if (i !== undefined) lines[i] = lines[i].endsWith('enabled') ? '    istio-injection: disabled' : '    istio-injection: enabled';
  },
  // Change an AuthorizationPolicy's action, or require a principal of another namespace.
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {2}action: |^ {8}- cluster\.local\//));
    if (i === undefined) return;
    lines[i] = lines[i].includes('action') ? `  action: ${pick(['ALLOW', 'DENY', 'AUDIT'])}` : lines[i].replace(/ns\/[^/]+/, 'ns/other');
  },
  // Change the app a Service selects or a workload carries (which pods a subset or a policy selects).
  (lines, pick) => {
    const i = pick(linesMatching(lines, /^ {4,8}app: /));
    if (i !== undefined) lines[i] = lines[i].endsWith('x') ? lines[i].slice(0, -1) : `${lines[i]}x`;
  },
  // Move a document: cut one and paste it at the end (indexes of everything after it change).
  (lines, pick) => {
    const starts = linesMatching(lines, /^---$/);
    const at = pick(starts);
    if (at === undefined) return;
    const end = starts.find((s) => s > at) ?? lines.length;
    lines.push(...lines.splice(at, end - at));
  },
];

describe('incremental cross-file analysis', () => {
  it('reports after DestinationRule, VirtualService and Service edits exactly what a fresh analyzer does', () => {
    const r = seededRandom(15);
    const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(r() * xs.length)] : undefined);
    const config = defaultConfig();
    const docs = generateDocs(260);
    let files: Record<string, string> = { 'a.yaml': joinDocs(docs.slice(0, 130)), 'b.yaml': joinDocs(docs.slice(130)) };
    const steps: Array<{ files: Record<string, string>; got: Map<string, FileFinding[]> }> = [];
    const live = new Analyzer({ rules: ALL_RULES, services });
    const analyses = new Map(Object.entries(files).map(([u, t]) => [u, live.analyzeFile(u, t, config)]));
    live.analyzeWorkspace(analyses.values(), config);
    for (let step = 0; step < 60; step++) {
      const uri = pick(Object.keys(files))!;
      const lines = files[uri].split('\n');
      EDITS[step % EDITS.length](lines, pick);
      files = { ...files, [uri]: lines.join('\n') };
      analyses.set(uri, live.analyzeFile(uri, files[uri], config));
      steps.push({ files, got: live.analyzeWorkspace(analyses.values(), config) });
    }
    const cross = steps.map((s) => [...s.got.values()].flat().filter((f) => /^(mtls|traffic|gateway|dr)-/.test(f.rule)).length);
    assert.ok(cross.every((n) => n > 0), 'the edits leave cross-file findings to compare');
    steps.forEach(({ files: at, got }, step) => {
      const fresh = new Analyzer({ rules: ALL_RULES, services });
      assert.deepEqual(got, fresh.analyzeWorkspace(Object.entries(at).map(([u, t]) => fresh.analyzeFile(u, t, config)), config), `step ${step}`);
    });
  });

  it('follows which DestinationRule a client namespace uses when another namespace\'s rule changes', () => {
    const config = defaultConfig();
    const workload = [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec: {mtls: {mode: STRICT}}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: reviews, namespace: shop}\nspec:\n  selector: {matchLabels: {app: reviews}}\n  template:\n    metadata: {labels: {app: reviews}}\n    spec: {containers: [{name: r, image: r, ports: [{containerPort: 9080}]}]}\n',
    ].join('---\n');
    const dr = (ns: string, host: string, mode: string, extra = '') =>
      `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: ${ns}}\nspec:\n  host: ${host}\n${extra}  trafficPolicy: {tls: {mode: ${mode}}}\n`;
    // Shop's plaintext rule is exported to web only, where web's own rule for the host wins while it names the host.
    const shop = dr('shop', 'reviews', 'DISABLE', '  exportTo: [web]\n');
    const web = (host: string) => dr('web', host, 'ISTIO_MUTUAL');
    const sequence: Array<Record<string, string>> = [
      { 'w.yaml': workload, 'shop.yaml': shop, 'web.yaml': web('reviews.shop.svc.cluster.local') },
      { 'w.yaml': workload, 'shop.yaml': shop, 'web.yaml': web('xreviews.shop.svc.cluster.local') },
      { 'w.yaml': workload, 'shop.yaml': shop, 'web.yaml': web('reviews.shop.svc.cluster.local') },
      { 'w.yaml': workload, 'shop.yaml': shop.replace('[web]', '[web, shop]'), 'web.yaml': web('reviews.shop.svc.cluster.local') },
      { 'w.yaml': workload, 'shop.yaml': shop, 'web.yaml': web('"*.shop.svc.cluster.local"') },
      { 'w.yaml': workload, 'shop.yaml': shop, 'web.yaml': web('ratings.shop.svc.cluster.local') },
    ];
    const live = new Analyzer({ rules: ALL_RULES, services });
    const got = sequence.map((files) => live.analyzeWorkspace(Object.entries(files).map(([u, t]) => live.analyzeFile(u, t, config)), config));
    const plaintext = got.map((g) => g.get('shop.yaml')!.filter((f) => f.rule === 'mtls-plaintext-to-strict').length);
    assert.deepEqual(plaintext, [0, 1, 0, 1, 0, 1], 'shop\'s DISABLE meets STRICT exactly when some client uses it');
    sequence.forEach((files, step) => {
      const fresh = new Analyzer({ rules: ALL_RULES, services });
      assert.deepEqual(got[step], fresh.analyzeWorkspace(Object.entries(files).map(([u, t]) => fresh.analyzeFile(u, t, config)), config), `step ${step}`);
    });
  });
});
