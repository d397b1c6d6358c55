/**
 * Deterministic benchmark corpus: realistic Kubernetes + Istio manifests, as rendered Helm
 * charts and `kustomize build` output look, with a small share of documents carrying the
 * mistakes every rule family catches (RE2 pitfalls, mTLS conflicts, YAML errors).
 *
 * The same seed always yields byte-identical text, so numbers from different runs and
 * machines measure the same input. Documents come in namespace groups (Namespace,
 * policies, then apps), so any prefix of the stream is itself a plausible repository.
 *
 * Apart from the planted mistakes it is a working mesh: each app deploys both versions its
 * DestinationRule's subsets and VirtualService routes name, and its public host is its
 * namespace's own. The finding-heavy variant keeps two mistakes in every app (one version
 * deployed of the two subsets; one public host shared by every namespace of a team, each
 * claiming it for the mesh), so hundreds of cross-file findings are published on every
 * keystroke: the path where each finding's cost shows.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { seededRandom } from '../server/src/test-support/seeded-random';

export const SINGLE_FILE_SIZES = [1, 100, 2000, 20000] as const;
export const FOLDER_SIZES = [100, 1000, 2000, 20000] as const;
/** Size of the finding-heavy variant's file. */
export const FINDING_HEAVY_SIZE = 2000;

export interface CorpusDoc {
  kind: string;
  name: string;
  namespace: string;
  text: string;
  /** The planted mistake, if any (a label for humans; rules decide what fires). */
  problem?: string;
}

const WORDS = ['reviews', 'ratings', 'details', 'productpage', 'cart', 'checkout', 'payments', 'catalog', 'search', 'users',
  'orders', 'shipping', 'inventory', 'auth', 'billing', 'emails', 'frontend', 'gateway', 'recommend', 'ads'];
const TEAMS = ['shop', 'books', 'identity', 'data', 'platform', 'media', 'risk', 'growth'];

/** Problems planted in about 1 app in 12 (cycled, so every kind appears in every size ≥ 100). */
const PROBLEMS = [
  'regex-lookahead', 'regex-bare-google', 'regex-markdown-escape-dq', 'regex-escaped-wildcard-sq', 'dr-disable-to-strict',
  'regex-glob', 'sidecar-off-in-strict', 'probe-rewrite-off', 'regex-rewrite-dollar', 'port-level-no-selector',
  'regex-exact-with-regex', 'legacy-policy-api', 'httproute-bad-regex', 'duplicate-key', 'regex-ignore-case', 'regex-too-long',
] as const;
type Problem = (typeof PROBLEMS)[number];
const NEEDS_STRICT: readonly Problem[] = ['dr-disable-to-strict', 'sidecar-off-in-strict', 'probe-rewrite-off'];

/** What differs in the finding-heavy variant (see the header). */
export interface CorpusOptions {
  findingHeavy?: boolean;
}

interface App {
  name: string;
  ns: string;
  team: string;
  port: number;
  targetPort: number;
  version: string;
  problem?: Problem;
  /** The host the app is published under at the ingress gateway. */
  publicHost: string;
  /** Deploy only `version` (the finding-heavy variant), not every version the subsets name. */
  oneVersion: boolean;
}

/** Versions the DestinationRule subsets and the VirtualService routes name. */
const VERSIONS = ['v1', 'v2'] as const;

const lines = (...ls: Array<string | false | undefined>) => ls.filter((l): l is string => typeof l === 'string').join('\n') + '\n';

function namespaceDoc(ns: string, team: string, injected: boolean): string {
  return lines(
    'apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${ns}`, '  labels:', `    team: ${team}`,
    injected ? '    istio-injection: enabled' : '    istio.io/rev: canary',
    '    kubernetes.io/metadata.name: ' + ns,
  );
}

function peerAuthDoc(ns: string, mode: string, name = 'default'): string {
  return lines('apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`,
    'spec:', '  mtls:', `    mode: ${mode}`);
}

function configMapDoc(a: App, r: () => number): string {
  // Free text mentioning kinds by name: a prefilter that greps the whole document is fooled by it.
  const entries = 3 + Math.floor(r() * 5);
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${a.name}-config`, `  namespace: ${a.ns}`,
    '  labels:', `    app.kubernetes.io/name: ${a.name}`, `    app.kubernetes.io/part-of: ${a.team}`, 'data:'];
  for (let i = 0; i < entries; i++) out.push(`  FEATURE_${i}_ENABLED: "${r() < 0.5 ? 'true' : 'false'}"`);
  out.push('  application.yaml: |', '    server:', `      port: ${a.targetPort}`, '    upstreams:',
    `      - name: ${WORDS[(a.port + 3) % WORDS.length]}`, '        # resolved through the Service and the VirtualService of the mesh',
    `        url: http://${WORDS[(a.port + 3) % WORDS.length]}.${a.ns}.svc.cluster.local:8080`, '    logging:', '      level: info');
  return lines(...out);
}

function deploymentDoc(a: App, r: () => number, version = a.version): string {
  // A workload mistake is planted in the app's main version only.
  const sidecarOff = a.problem === 'sidecar-off-in-strict' && version === a.version;
  const probesOff = a.problem === 'probe-rewrite-off' && version === a.version;
  const replicas = 1 + Math.floor(r() * 4);
  const tcpLiveness = r() < 0.5;
  return lines(
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${a.name}-${version}`, `  namespace: ${a.ns}`, '  labels:',
    `    app: ${a.name}`, `    version: ${version}`, 'spec:', `  replicas: ${replicas}`, '  selector:', '    matchLabels:',
    `      app: ${a.name}`, `      version: ${version}`, '  template:', '    metadata:', '      labels:', `        app: ${a.name}`,
    `        version: ${version}`, sidecarOff && "        sidecar.istio.io/inject: 'false'", '      annotations:',
    '        prometheus.io/scrape: "true"', `        prometheus.io/port: "${a.targetPort}"`,
    probesOff && '        sidecar.istio.io/rewriteAppHTTPProbers: "false"', '    spec:', `      serviceAccountName: ${a.name}`,
    '      containers:', `      - name: ${a.name}`, `        image: registry.example.com/${a.team}/${a.name}:1.${Math.floor(r() * 30)}.${Math.floor(r() * 10)}`,
    '        imagePullPolicy: IfNotPresent', '        ports:', `        - containerPort: ${a.targetPort}`, '          name: http',
    '        env:', '        - name: LOG_FORMAT', '          value: json', '        - name: POD_NAMESPACE', '          valueFrom:',
    '            fieldRef:', '              fieldPath: metadata.namespace', '        readinessProbe:', '          httpGet:',
    '            path: /healthz/ready', `            port: ${a.targetPort}`, '          periodSeconds: 5', '        livenessProbe:',
    tcpLiveness ? '          tcpSocket:' : '          httpGet:', !tcpLiveness && '            path: /healthz/live',
    `            port: ${a.targetPort}`, '        resources:', '          requests:', `            cpu: ${50 + Math.floor(r() * 200)}m`,
    `            memory: ${64 + Math.floor(r() * 192)}Mi`, '          limits:', '            memory: 512Mi',
  );
}

function serviceDoc(a: App): string {
  return lines('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, '  labels:', `    app: ${a.name}`,
    'spec:', '  selector:', `    app: ${a.name}`, '  ports:', `  - name: http`, `    port: ${a.port}`, `    targetPort: ${a.targetPort}`);
}

/** A VirtualService with regex matches of the kinds people write (uri, header, CORS). */
function virtualServiceDoc(a: App, r: () => number): string {
  const p = a.problem;
  let uri = `    - uri:\n        regex: '^/api/v[0-9]+/${a.name}(/.*)?$'`;
  if (p === 'regex-lookahead') uri = `    - uri:\n        regex: '/api/(?!internal).*'`;
  if (p === 'regex-markdown-escape-dq') uri = `    - uri:\n        regex: "/static/.\\*"`;
  if (p === 'regex-escaped-wildcard-sq') uri = `    - uri:\n        regex: '/static/.\\*'`;
  if (p === 'regex-glob') uri = `    - uri:\n        regex: /api/*`;
  if (p === 'regex-exact-with-regex') uri = `    - uri:\n        exact: /api/v1/.*`;
  if (p === 'regex-too-long') uri = `    - uri:\n        regex: '^/(${Array.from({ length: 120 }, (_, i) => `item${i}`).join('|')})$'`;
  let ua = "          regex: '.*(Android|iPhone).*'";
  if (p === 'regex-bare-google') ua = '          regex: Google';
  const ignoreCase = p === 'regex-ignore-case' ? '\n      ignoreUriCase: true' : '';
  const rewrite = p === 'regex-rewrite-dollar'
    ? `    rewrite:\n      uriRegexRewrite:\n        match: ^/${a.name}/(.*)$\n        rewrite: /$1`
    : `    rewrite:\n      uriRegexRewrite:\n        match: ^/${a.name}/(.*)$\n        rewrite: /\\1`;
  const canary = r() < 0.5;
  return lines(
    'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, 'spec:',
    '  hosts:', `  - ${a.name}`, `  - ${a.publicHost}`, '  gateways:', '  - mesh', `  - istio-ingress/${a.team}-gateway`,
    '  http:', `  - name: ${a.name}-mobile`, '    match:', '    - headers:', '        user-agent:', ua, uri + ignoreCase,
    '    route:', '    - destination:', `        host: ${a.name}`, '        subset: v2', `  - name: ${a.name}-legacy`, '    match:',
    '    - uri:', `        prefix: /legacy/${a.name}`, rewrite, '    route:', '    - destination:', `        host: ${a.name}`,
    '        subset: v1', `  - name: ${a.name}-default`, '    route:', '    - destination:', `        host: ${a.name}`,
    '        subset: v1', `      weight: ${canary ? 90 : 100}`, canary && '    - destination:', canary && `        host: ${a.name}`,
    canary && '        subset: v2', canary && '      weight: 10', '    corsPolicy:', '      allowOrigins:',
    `      - regex: 'https://([a-z0-9-]+\\.)?${a.team}\\.example\\.com'`, '      allowMethods: [GET, POST]', '    timeout: 5s',
    '    retries:', '      attempts: 3', '      perTryTimeout: 2s',
  );
}

function destinationRuleDoc(a: App, tlsMode?: string): string {
  return lines(
    'apiVersion: networking.istio.io/v1', 'kind: DestinationRule', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, 'spec:',
    `  host: ${a.name}.${a.ns}.svc.cluster.local`, '  trafficPolicy:', '    connectionPool:', '      http:',
    '        http2MaxRequests: 1000', '    outlierDetection:', '      consecutive5xxErrors: 5', '      interval: 30s',
    tlsMode && '    tls:', tlsMode && `      mode: ${tlsMode}`, '  subsets:', '  - name: v1', '    labels:', '      version: v1',
    '  - name: v2', '    labels:', '      version: v2',
  );
}

function gatewayDoc(team: string): string {
  return lines(
    'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata:', `  name: ${team}-gateway`, '  namespace: istio-ingress', 'spec:',
    '  selector:', '    istio: ingressgateway', '  servers:', '  - port:', '      number: 443', '      name: https', '      protocol: HTTPS',
    '    tls:', '      mode: SIMPLE', `      credentialName: ${team}-tls`, '    hosts:', `    - '*.${team}.example.com'`,
  );
}

function httpRouteDoc(a: App): string {
  const re = a.problem === 'httproute-bad-regex' ? `/v2/(${a.name}` : `/v2/${a.name}/[a-z0-9-]+`;
  return lines(
    'apiVersion: gateway.networking.k8s.io/v1', 'kind: HTTPRoute', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, 'spec:',
    '  parentRefs:', '  - name: public', '    namespace: istio-ingress', '  hostnames:', `  - ${a.publicHost}`, '  rules:',
    '  - matches:', '    - path:', '        type: RegularExpression', `        value: '${re}'`, '    backendRefs:', `    - name: ${a.name}`,
    `      port: ${a.port}`,
  );
}

function authzDoc(a: App): string {
  return lines(
    'apiVersion: security.istio.io/v1', 'kind: AuthorizationPolicy', 'metadata:', `  name: ${a.name}-allow`, `  namespace: ${a.ns}`, 'spec:',
    '  selector:', '    matchLabels:', `      app: ${a.name}`, '  action: ALLOW', '  rules:', '  - from:', '    - source:', '        principals:',
    `        - cluster.local/ns/${a.ns}/sa/frontend`, '    to:', '    - operation:', '        methods: [GET, POST]', '        paths: ["/api/*"]',
  );
}

function hpaDoc(a: App): string {
  return lines(
    'apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, 'spec:',
    '  scaleTargetRef:', '    apiVersion: apps/v1', '    kind: Deployment', `    name: ${a.name}-${a.version}`, '  minReplicas: 2',
    '  maxReplicas: 10', '  metrics:', '  - type: Resource', '    resource:', '      name: cpu', '      target:', '        type: Utilization',
    '        averageUtilization: 70',
  );
}

function serviceAccountDoc(a: App): string {
  return lines('apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${a.name}`, `  namespace: ${a.ns}`, '  labels:',
    `    app: ${a.name}`);
}

function extraProblemDoc(a: App): CorpusDoc | undefined {
  const base = { namespace: a.ns };
  switch (a.problem) {
    case 'port-level-no-selector':
      return { ...base, kind: 'PeerAuthentication', name: `${a.name}-ports`, problem: a.problem, text: lines(
        'apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', 'metadata:', `  name: ${a.name}-ports`, `  namespace: ${a.ns}`,
        'spec:', '  mtls:', '    mode: STRICT', '  portLevelMtls:', `    ${a.targetPort}:`, '      mode: PERMISSIVE') };
    case 'legacy-policy-api':
      return { ...base, kind: 'Policy', name: `${a.name}-legacy`, problem: a.problem, text: lines(
        'apiVersion: authentication.istio.io/v1alpha1', 'kind: Policy', 'metadata:', `  name: ${a.name}-legacy`, `  namespace: ${a.ns}`,
        'spec:', '  targets:', `  - name: ${a.name}`, '  peers:', '  - mtls: {}') };
    case 'duplicate-key':
      return { ...base, kind: 'ServiceEntry', name: `${a.name}-external`, problem: a.problem, text: lines(
        'apiVersion: networking.istio.io/v1', 'kind: ServiceEntry', 'metadata:', `  name: ${a.name}-external`, `  namespace: ${a.ns}`,
        'spec:', '  hosts:', `  - api.${a.name}.example.org`, '  location: MESH_EXTERNAL', '  resolution: DNS', '  resolution: STATIC',
        '  ports:', '  - number: 443', '    name: https', '    protocol: TLS') };
    default:
      return undefined;
  }
}

/** The documents of one app, in the order a rendered chart emits them. */
function appDocs(a: App, r: () => number): CorpusDoc[] {
  const d = (kind: string, name: string, text: string, problem?: string): CorpusDoc => ({ kind, name, namespace: a.ns, text, problem });
  const out: CorpusDoc[] = [];
  out.push(d('ServiceAccount', a.name, serviceAccountDoc(a)));
  if (r() < 0.6) out.push(d('ConfigMap', `${a.name}-config`, configMapDoc(a, r)));
  const workloadProblem = a.problem === 'sidecar-off-in-strict' || a.problem === 'probe-rewrite-off' ? a.problem : undefined;
  for (const version of a.oneVersion ? [a.version] : VERSIONS) {
    out.push(d('Deployment', `${a.name}-${version}`, deploymentDoc(a, r, version), version === a.version ? workloadProblem : undefined));
  }
  out.push(d('Service', a.name, serviceDoc(a)));
  if (r() < 0.4) out.push(d('HorizontalPodAutoscaler', a.name, hpaDoc(a)));
  const vsProblem = a.problem?.startsWith('regex-') ? a.problem : undefined;
  out.push(d('VirtualService', a.name, virtualServiceDoc(a, r), vsProblem));
  const tls = a.problem === 'dr-disable-to-strict' ? 'DISABLE' : r() < 0.5 ? 'ISTIO_MUTUAL' : undefined;
  out.push(d('DestinationRule', a.name, destinationRuleDoc(a, tls), a.problem === 'dr-disable-to-strict' ? a.problem : undefined));
  if (a.problem === 'httproute-bad-regex' || r() < 0.25) out.push(d('HTTPRoute', a.name, httpRouteDoc(a), a.problem === 'httproute-bad-regex' ? a.problem : undefined));
  if (r() < 0.3) out.push(d('AuthorizationPolicy', `${a.name}-allow`, authzDoc(a)));
  const extra = extraProblemDoc(a);
  if (extra) out.push(extra);
  return out;
}

/** The first `count` documents of the corpus stream. */
export function generateDocs(count: number, seed = 20240702, options: CorpusOptions = {}): CorpusDoc[] {
  const r = seededRandom(seed);
  const out: CorpusDoc[] = [];
  const push = (doc: CorpusDoc) => {
    if (out.length < count) out.push(doc);
  };
  // Mesh-wide PERMISSIVE in the root namespace: the migration starting point.
  push({ kind: 'PeerAuthentication', name: 'default', namespace: 'istio-system', text: peerAuthDoc('istio-system', 'PERMISSIVE') });
  let appNo = 0;
  let pending: Problem | undefined;
  for (let nsNo = 0; out.length < count; nsNo++) {
    const team = TEAMS[nsNo % TEAMS.length];
    const ns = `${team}-${String(nsNo).padStart(3, '0')}`;
    const strictNs = nsNo % 3 !== 2;
    push({ kind: 'Namespace', name: ns, namespace: '', text: namespaceDoc(ns, team, nsNo % 5 !== 4) });
    push({ kind: 'PeerAuthentication', name: 'default', namespace: ns, text: peerAuthDoc(ns, strictNs ? 'STRICT' : 'PERMISSIVE') });
    if (nsNo % TEAMS.length === nsNo) push({ kind: 'Gateway', name: `${team}-gateway`, namespace: 'istio-ingress', text: gatewayDoc(team) });
    const apps = 4 + Math.floor(r() * 6);
    for (let i = 0; i < apps && out.length < count; i++, appNo++) {
      let problem = pending ?? (appNo % 12 === 5 ? PROBLEMS[Math.floor(appNo / 12) % PROBLEMS.length] : undefined);
      pending = undefined;
      // mTLS mistakes only show in a STRICT namespace: carry them over to the next one.
      if (problem && NEEDS_STRICT.includes(problem) && !strictNs) [pending, problem] = [problem, undefined];
      const a: App = {
        name: `${WORDS[(nsNo * 7 + i) % WORDS.length]}${i >= WORDS.length ? i : ''}`,
        ns,
        team,
        port: 8080,
        targetPort: 9080 + (i % 5),
        version: r() < 0.7 ? 'v1' : 'v2',
        problem,
        publicHost: '',
        oneVersion: options.findingHeavy === true,
      };
      a.publicHost = options.findingHeavy ? `${a.name}.${team}.example.com` : `${a.name}.${ns}.${team}.example.com`;
      for (const doc of appDocs(a, r)) push(doc);
    }
  }
  return out;
}

/** One multi-document file, as `helm template` or `kustomize build` print it. */
export function joinDocs(docs: readonly CorpusDoc[]): string {
  return docs.map((d, i) => (i === 0 ? '' : '---\n') + `# Source: ${d.namespace || 'cluster'}/${d.kind.toLowerCase()}-${d.name}.yaml\n` + d.text).join('');
}

/** File name of the i-th document in the one-file-per-document layout. */
export function docFileName(doc: CorpusDoc, i: number): string {
  return `${String(i).padStart(5, '0')}-${(doc.namespace || 'cluster').replace(/[^a-z0-9-]/g, '')}-${doc.kind.toLowerCase()}-${doc.name}.yaml`;
}

export interface CorpusPaths {
  root: string;
  /** size -> path of the single multi-document file */
  single: Map<number, string>;
  /** The finding-heavy variant of the 2,000-document file (see the header). */
  findingHeavy: string;
  /** size -> folder with one file per document */
  folder: Map<number, string>;
}

/** Writes the corpus under `root` unless the same text (by hash) is already there. */
export function ensureCorpus(root: string): CorpusPaths {
  const paths: CorpusPaths = { root, single: new Map(), folder: new Map(), findingHeavy: join(root, `single-${FINDING_HEAVY_SIZE}-finding-heavy.yaml`) };
  for (const n of SINGLE_FILE_SIZES) paths.single.set(n, join(root, `single-${n}.yaml`));
  for (const n of FOLDER_SIZES) paths.folder.set(n, join(root, `files-${n}`));
  const all = generateDocs(Math.max(...SINGLE_FILE_SIZES, ...FOLDER_SIZES));
  const heavy = joinDocs(generateDocs(FINDING_HEAVY_SIZE, undefined, { findingHeavy: true }));
  const stamp = join(root, 'VERSION');
  const wanted = `istio-tips bench corpus ${createHash('sha256').update(joinDocs(all)).update(heavy).digest('hex')}\n`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    for (const n of SINGLE_FILE_SIZES) writeFileSync(paths.single.get(n)!, joinDocs(all.slice(0, n)));
    for (const n of FOLDER_SIZES) {
      const dir = paths.folder.get(n)!;
      mkdirSync(dir, { recursive: true });
      all.slice(0, n).forEach((d, i) => writeFileSync(join(dir, docFileName(d, i)), d.text));
    }
    writeFileSync(paths.findingHeavy, heavy);
    writeFileSync(stamp, wanted);
  }
  // The 20,000-document file is over the default size limit: lift it for the CLI run here.
  writeFileSync(join(root, '.istio-tips.yaml'), '# benchmark corpus: analyse files of any size\nmaxFileSize: 1073741824\n');
  return paths;
}

// `node --import tsx bench/corpus.ts [dir]` writes the corpus and prints what it holds.
if (require.main === module) {
  const root = process.argv[2] ?? join(__dirname, '.corpus');
  const p = ensureCorpus(root);
  const docs = generateDocs(20000);
  const kinds = new Map<string, number>();
  for (const d of docs) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
  const problems = docs.filter((d) => d.problem).length;
  console.log(`corpus in ${p.root}: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}; ${problems} documents with planted problems`);
  for (const [n, f] of p.single) console.log(`  ${n} docs: ${f} (${(readFileSync(f).length / 1e6).toFixed(2)} MB)`);
}
