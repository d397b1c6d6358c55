import { isMap, type YAMLMap } from 'yaml';
import type { DocRule } from '../rule';
import type { Fix, TextEdit } from '../types';
import type { ResourceDoc } from '../document/resource';
import { ISTIO_AUTHN_LEGACY, ISTIO_SECURITY } from '../kinds';
import { asMap, entries, eol, get, getPair, keySpan, seqItems, span, str } from '../yaml/nodes';
import { indentStep, isNullish, ownLineIndent, pairLines, sameQuoting, specOf } from '../mtls/read';
import { peerAuthenticationDoc, resource } from '../mtls/docs-manifests';

/** One PeerAuthentication the legacy policy turns into. */
interface Target {
  labels?: Array<[string, string]>;
  ports?: number[];
  suffix?: string;
}

interface Conversion {
  mode: string;
  targets: Target[];
  /** Why the result may differ from what the old policy did; empty when exact. */
  caveats: string[];
}

/** A YAML scalar for generated text: plain when unambiguous, double-quoted otherwise. */
function scalar(v: string): string {
  return /^[A-Za-z][-A-Za-z0-9_./]*$/.test(v) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(v) ? v : JSON.stringify(v);
}

function convertPeers(doc: ResourceDoc, spec: YAMLMap | undefined, caveats: string[]): string | undefined {
  const peers = seqItems(get(spec, 'peers', doc.yaml), doc.yaml);
  const optional = str(get(spec, 'peerIsOptional', doc.yaml), doc.yaml) === 'true';
  if (optional) caveats.push('peerIsOptional has no equivalent; PERMISSIVE is the closest');
  if (!peers.length) {
    caveats.push('without peers the old policy accepted plaintext only');
    return 'DISABLE';
  }
  if (peers.length > 1) return undefined;
  const peer = asMap(peers[0], doc.yaml);
  const keys = entries(peer, doc.yaml).map((e) => e.key);
  if (!peer || keys.length !== 1 || keys[0] !== 'mtls') return undefined;
  const mtls = get(peer, 'mtls', doc.yaml);
  if (!isNullish(mtls) && !isMap(mtls)) return undefined;
  if (getPair(asMap(mtls), 'allowTls')) caveats.push('allowTls has no equivalent');
  const mode = isMap(mtls) ? str(get(mtls, 'mode', doc.yaml), doc.yaml) ?? 'STRICT' : 'STRICT';
  if (mode !== 'STRICT' && mode !== 'PERMISSIVE') return undefined;
  return optional ? 'PERMISSIVE' : mode;
}

function convertTargets(doc: ResourceDoc, spec: YAMLMap | undefined, caveats: string[]): Target[] | undefined {
  const items = seqItems(get(spec, 'targets', doc.yaml), doc.yaml);
  if (!items.length) return [{}];
  if (doc.kind === 'MeshPolicy') {
    caveats.push('MeshPolicy targets are dropped: a mesh-wide policy has no selector');
    return [{}];
  }
  const out: Target[] = [];
  for (const item of items) {
    const t = asMap(item, doc.yaml);
    const name = str(get(t, 'name', doc.yaml), doc.yaml);
    const labels = entries(get(t, 'labels', doc.yaml), doc.yaml).map(({ key, value }) => [key, str(value, doc.yaml) ?? ''] as [string, string]);
    const target: Target = { suffix: name };
    if (labels.length) target.labels = labels;
    else if (name) {
      target.labels = [['app', name]];
      caveats.push(`assumes the pods of Service ${name} are labelled app: ${name}`);
    } else return undefined;
    const ports = seqItems(get(t, 'ports', doc.yaml), doc.yaml).map((p) => Number(str(get(asMap(p, doc.yaml), 'number', doc.yaml), doc.yaml)));
    if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) return undefined;
    if (ports.length) {
      target.ports = ports;
      caveats.push('target ports were Service ports; portLevelMtls keys are container ports');
    }
    out.push(target);
  }
  return out;
}

function convert(doc: ResourceDoc): Conversion | undefined {
  const spec = specOf(doc);
  const caveats: string[] = [];
  const mode = convertPeers(doc, spec, caveats);
  const targets = mode ? convertTargets(doc, spec, caveats) : undefined;
  return mode && targets ? { mode, targets, caveats } : undefined;
}

function specText(c: Conversion, t: Target, base: string, step: string, nl: string): string {
  const lines = ['spec:'];
  if (t.labels) {
    lines.push(`${step}selector:`, `${step}${step}matchLabels:`);
    for (const [k, v] of t.labels) lines.push(`${step}${step}${step}${scalar(k)}: ${scalar(v)}`);
  }
  if (t.ports) {
    // A target with ports set the mode on those ports only; the workload's other ports inherit.
    lines.push(`${step}portLevelMtls:`);
    for (const p of t.ports) lines.push(`${step}${step}${p}:`, `${step}${step}${step}mode: ${c.mode}`);
  } else lines.push(`${step}mtls:`, `${step}${step}mode: ${c.mode}`);
  return lines.map((l) => base + l).join(nl) + nl;
}

/** MeshPolicy is cluster-scoped; its replacement lives in the root namespace. */
function namespaceEdit(doc: ResourceDoc, ns: string, nl: string): TextEdit | undefined {
  const metaPair = getPair(doc.root, 'metadata');
  const meta = asMap(metaPair?.value, doc.yaml);
  if (!meta) return undefined;
  const existing = get(meta, 'namespace', doc.yaml);
  if (existing) return sameQuoting(doc, existing, ns);
  const s = span(meta);
  if (meta.flow) return s && doc.text[s.end - 1] === '}' ? { start: s.end - 1, end: s.end - 1, newText: `, namespace: ${scalar(ns)}` } : undefined;
  const after = getPair(meta, 'name') ?? meta.items[0];
  const k = after && keySpan(after);
  const indent = k && ownLineIndent(doc, k.start);
  const lines = after && pairLines(doc, after);
  if (indent === undefined || !lines) return undefined;
  const lead = doc.text[lines.end - 1] === '\n' ? '' : nl;
  return { start: lines.end, end: lines.end, newText: `${lead}${indent}namespace: ${scalar(ns)}${lead ? '' : nl}` };
}

function conversionFix(doc: ResourceDoc, c: Conversion, rootNamespace: string): Fix | undefined {
  const nl = eol(doc.text);
  const step = indentStep(doc);
  const apiNode = get(doc.root, 'apiVersion', doc.yaml);
  const kindNode = get(doc.root, 'kind', doc.yaml);
  const specPair = getPair(doc.root, 'spec');
  if (!apiNode || !kindNode || doc.root.flow) return undefined;
  const edits: TextEdit[] = [];
  const api = sameQuoting(doc, apiNode, `${ISTIO_SECURITY}/v1`);
  const kind = sameQuoting(doc, kindNode, 'PeerAuthentication');
  if (!api || !kind) return undefined;
  edits.push(api, kind);
  const ns = doc.kind === 'MeshPolicy' ? rootNamespace : str(get(asMap(get(doc.root, 'metadata', doc.yaml)), 'namespace', doc.yaml), doc.yaml);
  if (doc.kind === 'MeshPolicy') {
    const e = namespaceEdit(doc, rootNamespace, nl);
    if (!e) return undefined;
    edits.push(e);
  }
  const [first, ...rest] = c.targets;
  const lines = specPair ? pairLines(doc, specPair) : undefined;
  const base = specPair ? ownLineIndent(doc, keySpan(specPair)!.start) : '';
  if (specPair && (!lines || base === undefined)) return undefined;
  const tail = doc.text.length && !doc.text.endsWith('\n') ? nl : '';
  let extra = '';
  const name = doc.name ?? 'default';
  for (const t of rest) {
    const meta = [`metadata:`, `${step}name: ${scalar(`${name}-${t.suffix ?? rest.indexOf(t) + 2}`)}`, ...(ns ? [`${step}namespace: ${scalar(ns)}`] : [])];
    extra += ['---', `apiVersion: ${ISTIO_SECURITY}/v1`, 'kind: PeerAuthentication', ...meta].join(nl) + nl + specText(c, t, '', step, nl);
  }
  if (lines) {
    const endsWithNl = doc.text[lines.end - 1] === '\n';
    const newSpec = specText(c, first, base ?? '', step, nl);
    edits.push({ ...lines, newText: endsWithNl ? newSpec : newSpec.slice(0, -nl.length) });
    if (extra) edits.push({ start: doc.text.length, end: doc.text.length, newText: tail + extra });
  } else {
    edits.push({ start: doc.text.length, end: doc.text.length, newText: tail + specText(c, first, '', step, nl) + extra });
  }
  const exact = c.caveats.length === 0;
  const title = `Convert to a security.istio.io/v1 PeerAuthentication${c.targets.length > 1 ? ` (${c.targets.length} policies)` : ''}`;
  return { title: exact ? title : `${title} (not exact: ${c.caveats.join('; ')})`, safe: exact, edits };
}

/**
 * The fixes for a convertible policy. The old API has enforced nothing since Istio 1.6, so
 * only a conversion that keeps today's modes is safe: a MeshPolicy as a mesh-wide PERMISSIVE
 * (the default when no mesh policy exists). Enforcing what the old policy asked for changes
 * traffic (a mesh-wide STRICT switches the whole mesh at once) and is offered for review.
 */
function conversionFixes(doc: ResourceDoc, c: Conversion, rootNamespace: string): Fix[] {
  const enforce = conversionFix(doc, c, rootNamespace);
  const changes = (f: Fix, what: string): Fix => ({ ...f, safe: false, preferred: false, title: `${f.title}, enforcing ${what} (changes traffic: the old policy had no effect)` });
  if (doc.kind !== 'MeshPolicy') return enforce ? [changes(enforce, c.mode)] : [];
  if (c.mode === 'PERMISSIVE') return enforce ? [enforce] : [];
  const keep = c.caveats.length === 0 ? conversionFix(doc, { ...c, mode: 'PERMISSIVE' }, rootNamespace) : undefined;
  const keepFix = keep && { ...keep, title: `${keep.title} in PERMISSIVE mode, as the mesh runs today; go STRICT namespace by namespace first`, safe: true, preferred: true };
  return [keepFix, enforce && changes(enforce, `mesh-wide ${c.mode} at once`)].filter((f): f is Fix => f !== undefined);
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-removed-policy-api',
    family: 'mtls',
    severity: 'error',
    kinds: ['Policy', 'MeshPolicy'],
    messages: {
      removed: "Use a security.istio.io/v1 PeerAuthentication{where}: {kind} (v1alpha1) was removed in Istio 1.6 and kubectl apply fails",
      removedWithOrigins: "kubectl apply fails: {kind} (v1alpha1) was removed in Istio 1.6. Move mTLS to a PeerAuthentication and origins to a RequestAuthentication",
    },
    docs: {
      summary: 'An `authentication.istio.io/v1alpha1` Policy or MeshPolicy: removed in Istio 1.6, replaced by PeerAuthentication (and RequestAuthentication for JWT).',
      why: [
        'The v1alpha1 authentication API was deprecated in Istio 1.4 and removed in 1.6 together with its CRDs. Applying such a',
        'manifest to a current cluster fails with "no matches for kind", and if an old CRD is left behind the object is stored',
        'but ignored: no mTLS setting in it is enforced.',
        '',
        '- `peers: [{mtls: {}}]` (or `mode: STRICT`) becomes `mtls.mode: STRICT`; `mode: PERMISSIVE` stays PERMISSIVE.',
        `- A MeshPolicy becomes a PeerAuthentication without selector in the root namespace (\`istio-system\` by default).`,
        '- `targets` with `labels` become `selector.matchLabels` (one PeerAuthentication per target); targets by Service name need',
        '  the pod labels of that Service, and target ports were Service ports while `portLevelMtls` uses container ports.',
        '- `origins` (JWT) move to a RequestAuthentication plus an AuthorizationPolicy; this is not converted automatically.',
        '',
        'The quick fix is safe only when it keeps what the mesh does today: the old policy has enforced nothing since 1.6, so a',
        'MeshPolicy becomes a mesh-wide PERMISSIVE PeerAuthentication (safe); enforcing STRICT mesh-wide at once, or any namespace',
        'or workload mode, changes traffic and is offered for review (migrate namespace by namespace first).',
      ].join('\n'),
      bad: resource('authentication.istio.io/v1alpha1', 'Policy', 'default', 'bookinfo', '  peers:\n  - mtls: {}\n'),
      good: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'STRICT' }),
      link: 'https://istio.io/latest/news/releases/1.6.x/announcing-1.6/upgrade-notes/',
    },
    fix: 'sometimes-safe',
  },
  check(doc, ctx) {
    if (doc.group !== ISTIO_AUTHN_LEGACY || (doc.kind !== 'Policy' && doc.kind !== 'MeshPolicy')) return;
    const s = span(get(doc.root, 'apiVersion', doc.yaml));
    if (!s) return;
    const spec = specOf(doc);
    const data = { kind: doc.kind, where: doc.kind === 'MeshPolicy' ? ` in the root namespace (${ctx.config.rootNamespace})` : '' };
    if (seqItems(get(spec, 'origins', doc.yaml), doc.yaml).length) {
      ctx.report({ ...s, messageId: 'removedWithOrigins', data });
      return;
    }
    const c = convert(doc);
    ctx.report({ ...s, messageId: 'removed', data, fixes: c ? conversionFixes(doc, c, ctx.config.rootNamespace) : [] });
  },
};
