/**
 * Every registered rule keeps the contract the faces and the docs rely on: id = file
 * name, unique ids, complete metadata, message templates actually used, a `bad` example
 * that fires and a `good` one that does not (linted with the real regex engines), and a
 * `fix` field that tells the truth about the fixes offered. Iterates whatever is
 * registered, so new rules are checked the moment they are added.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ALL_RULES, RULE_IDS, SEVERITIES, applyFixes, defaultConfig, documentedRules, enabledByDefault, findRule, lintFiles, type FileFinding } from '../server/src/core';
import { MAX_MESSAGE_LENGTH, formatMessage } from '../server/src/core/rule';
import { ALL_KINDS } from '../server/src/core/kinds';
import { createEngines } from '../server/src/engines';

const RULES_DIR = join(__dirname, '../server/src/core/rules');
const CORE_DIR = join(__dirname, '../server/src/core');
const FAMILIES = ['yaml', 'regex', 'mtls', 'traffic', 'gateway', 'authz', 'annotation', 'telemetry', 'envoyfilter', 'core'];
const EXEMPT_EXAMPLES = new Set(['internal-error']); // reported by the engine itself; see engine.test.ts
const engines = createEngines();

/** The default config with the rules that are off by default turned on (their examples must fire too). */
const allOn = { ...defaultConfig(), rules: Object.fromEntries(ALL_RULES.filter((r) => !enabledByDefault(r.meta)).map((r) => [r.meta.id, r.meta.severity])) };
const lint = (text: string): FileFinding[] => lintFiles({ 'example.yaml': text }, allOn, engines).get('example.yaml') ?? [];

/** The rule's source and every core module it imports (transitively), for message-use checks. */
function sourcesOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !existsSync(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const out = [text];
  for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(CORE_DIR) || /[/\\](registry|engine|index)$/.test(target)) continue;
    out.push(...sourcesOf(`${target}.ts`, seen), ...sourcesOf(join(target, 'index.ts'), seen));
  }
  return out;
}

/** Drops the `messages: {…}` and `details: {…}` literals, so a key counts as used only where it is reported. */
function withoutMessagesObject(source: string): string {
  const withoutDetails = dropObject(source, /\bdetails\s*:\s*\{/);
  return dropObject(withoutDetails, /\bmessages\s*:\s*\{/);
}

function dropObject(source: string, opening: RegExp): string {
  const start = source.search(opening);
  if (start === -1) return source;
  let i = source.indexOf('{', start);
  let depth = 0;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  return source.slice(0, start) + source.slice(i + 1);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A user-written value as a rule echoes it: shortened to `max` characters (regex/compile-rules.ts `quote`). */
const upTo = (max: number, s: string) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Realistic placeholder values, as the rules fill them: user-written values at the lengths real
 * manifests have, as far as the rules echo them (longer patterns are shortened), a long header name, and the longest rule-made phrases.
 * A placeholder not listed gets a 40-character value.
 */
const REALISTIC_DATA: Record<string, string> = {
  detail: 'All mapping items must start at the same column',
  more: '586',
  total: '587',
  escape: '\\d',
  key: 'service.istio.io/canonical-revision',
  construct: 'JavaScript code-point escape "\\u00e9"',
  rejects: 'Envoy NACKs the whole route table',
  action: '. Use a short category (\\p{L}) or a script name',
  count: '1001',
  reason: 'invalid nested repetition operator: "**"',
  length: '1497',
  label: 'header "x-forwarded-client-cert"',
  name: upTo(24, 'api_version_of_the_request_path'),
  text: '{,12}',
  max: '12',
  inner: '.ch.',
  pattern: upTo(24, '/api/v2/orders/[0-9]+/items/[a-z-]+/detail'),
  whole: upTo(32, '/api/v2/orders/[0-9]+/items/[a-z-]+/detail'),
  contains: upTo(32, '.*Mozilla/5.0 (compatible; Googlebot/2.1.*'),
  suggestion: upTo(32, 'https://(?:app|admin)\\.shop\\.example\\.com'),
  written: '.\\*',
  meant: '.*',
  op: '*',
  regex: upTo(44, 'https://[^/]*\\.internal\\.shop\\.example\\.com/api/.*'),
  operand: '/',
  where: ' (12 places)',
  prefix: upTo(44, '/api/v2/orders/items/detail/summary/archive/2026/'),
  grouped: upTo(28, '.*(?:iPhone|iPad|Android|Windows Phone).*'),
  first: upTo(28, '.*iPhone'),
  last: upTo(28, 'Windows Phone.*'),
  dots: ', and each "." matches any character',
  flagNote: ' and the flags "ims"',
  replacement: upTo(44, '"prefix: /api/v2/orders/items/detail/summary/"'),
  literal: upTo(32, '/api/v2/orders/items/detail/summary/'),
  article: 'an',
  type: 'PathPrefix',
  regexType: '"type: RegularExpression"',
  rule: 'regex-full-match',
  error: "Cannot read properties of undefined (reading 'items') at colle", // cut at 60 (engine-findings.ts)
  // regex-program-too-large: sizes as RE2 reports them, the rewrite it measured to fit.
  size: '86083',
  limit: '32768',
  rewrite: '[A-Za-z0-9_-]{1,64}',
  // regex-route-shadowed: routes named as the rule names them.
  route: 'http[3] "googlebot-canary"',
  by: 'http[1] "google-search"',
  // dr-host-unmatched / traffic rules: hosts and namespaces of realistic length.
  host: 'reviews.bookinfo-prod',
  full: 'reviews.bookinfo-prod.svc.cluster.local',
  namespace: 'bookinfo-prod',
  // traffic-* and gateway-* rules: names, ports and labels as they fill them (namespace/name (file), quoted lists).
  fqdn: 'reviews.bookinfo-prod.svc.cluster.local',
  kind: 'ServiceEntry',
  port: '9080',
  ports: '9080, 9443, 15020',
  other: 'bookinfo-prod/reviews-canary (reviews-canary.yaml)',
  sidecar: '"egress-defaults" (sidecars-bookinfo-prod.yaml)',
  workload: 'Deployment "reviews-v2-canary"',
  service: 'bookinfo-prod/reviews',
  labels: '{track=canary, version=v2}',
  subset: 'v2-canary',
  dr: '"reviews-destination"',
  subsets: '"v1", "v2", "v3", "v2-canary"',
  hint: '; did you mean "v2-canary"?',
  gateway: 'istio-system/public-ingress-gateway',
  file: 'gateways.yaml',
  hosts: 'shop.example.org, api.shop.example.org, …',
  ref: 'istio-system/public~istio-autogenerated-k8s-gateway~https',
  // annotation-*: registry names and the problems the injector's checks report.
  guess: 'sidecar.istio.io/rewriteAppHTTPProbers',
  kinds: 'GatewayClass or Gateway',
  on: 'Deployment',
  problem: '"10.0.0.0/8, 172.16.0.0/12" is not a CIDR range: remove the spaces',
  // telemetry-*: another resource as the rules name it, a workload, a selector.
  // envoyfilter-*: operations, targets and filter names as configPatches write them.
  operation: 'INSERT_BEFORE',
  applyTo: 'ROUTE_CONFIGURATION',
  filter: 'envoy.filters.network.http_connection_manager',
  // traffic-workload-*, traffic-serviceentry-*: a container port as the pod names it, protocols as Istio reads them.
  target: 'http-reviews',
  protocol: 'HTTP',
  otherProtocol: 'TCP (unset)',
  // selector and namespace rules: a did-you-mean hint in parentheses, or nothing.
  typo: ' (did you mean version=v2?)',
};

/**
 * Placeholders whose values differ by family (`where` is a count of places in the regex rules, a
 * port or subset in the mTLS ones): the family's realistic values override REALISTIC_DATA.
 */
const REALISTIC_DATA_BY_FAMILY: Record<string, Record<string, string>> = {
  mtls: {
    where: ' for subset v1, port 9080',
    target: 'reviews.bookinfo-prod.svc.cluster.local (+1 more)',
    note: ' (if injected)',
    s: 's',
    mode: 'ISTIO_MUTUAL',
    value: 'ISTIO_MUTAUL',
    valid: 'UNSET, DISABLE, PERMISSIVE or STRICT',
    scope: 'namespace-wide',
    place: 'the mesh (namespace istio-system)',
    selector: '{app: reviews, version: v1}',
    others: '"reviews-strict" (reviews-mtls.yaml)',
    other: '"reviews-strict" (reviews-mtls.yaml)',
    pods: 'Deployment "reviews-v1"',
    kind: 'PeerAuthentication',
    probes: 'readinessProbe (httpGet in reviews), livenessProbe (httpGet in reviews)',
    who: 'Kubernetes system namespace',
    host: 'reviews.bookinfo-prod.svc.cluster.local',
    networks: 'network1, network2, network3, …',
    field: 'source.principals',
    policy: '"default" in bookinfo-prod',
    client: 'Deployment "legacy-batch"',
    what: 'every workload in namespace bookinfo-prod',
    key: 'http-metrics',
    example: 'PERMISSIVE',
    type: 'list',
    role: 'the pilot-agent status and merged Prometheus metrics port',
    missing: 'clientCertificate and privateKey',
    fields: 'clientCertificate, privateKey, caCertificates',
    rules: '"reviews" (reviews-dr.yaml), "ratings" (ratings-dr.yaml) and 3 more',
    ns: 'bookinfo-prod',
  },
};

/** A message or detail template filled with the family's realistic data (40 characters for a placeholder not listed). */
function withRealisticData(template: string, family: string): string {
  const samples = { ...REALISTIC_DATA, ...REALISTIC_DATA_BY_FAMILY[family] };
  const data: Record<string, string> = {};
  for (const m of template.matchAll(/\{(\w+)\}/g)) data[m[1]] = samples[m[1]] ?? 'x'.repeat(40);
  return formatMessage(template, data);
}

/**
 * The hover shows a finding's detail as one paragraph, then a line of links (lsp/hover.ts,
 * core/rule-docs.ts findingHoverMarkdown). VS Code's hover wraps at about 72 characters, so 600
 * characters (about 9 lines with the rule id) keep it within the 12 lines issue #15 allows.
 */
const MAX_DETAIL_LENGTH = 600;

/** Why a message breaks the house style (at most 160 characters, plain text, no closing period), or undefined. */
function styleProblem(message: string): string | undefined {
  if (message.length > MAX_MESSAGE_LENGTH) return `${message.length} characters (max ${MAX_MESSAGE_LENGTH})`;
  if (message.includes('`')) return 'Markdown backticks (messages are plain text)';
  if (/\.\s*\.\s*$/.test(message)) return 'a trailing chain of periods';
  if (/\.\s*$/.test(message) && !/\.\.\.$|…$/.test(message)) return 'a closing period';
  return undefined;
}

describe('rule registry', () => {
  it('has unique ids, and RULE_IDS / findRule / documentedRules agree', () => {
    const ids = documentedRules().map((r) => r.meta.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
    assert.deepEqual([...RULE_IDS].sort(), [...ids].sort());
    for (const id of ids) assert.equal(findRule(id)?.meta.id, id);
    assert.ok(ids.includes('internal-error'));
    assert.equal(ALL_RULES.length, ids.length - 1);
  });
});

for (const rule of documentedRules()) {
  const { meta } = rule;
  describe(`rule ${meta.id}`, () => {
    it('lives in server/src/core/rules/<id>.ts and is exported from there', async () => {
      assert.match(meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      const file = join(RULES_DIR, `${meta.id}.ts`);
      assert.ok(existsSync(file), `${file} exists`);
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = meta.id === 'internal-error' ? mod.INTERNAL_ERROR : mod.rule;
      assert.equal(exported, rule, `server/src/core/rules/${meta.id}.ts exports the registered rule as \`rule\``);
      assert.ok(rule.scope === 'document' || rule.scope === 'workspace');
    });

    it('has complete metadata', () => {
      assert.ok(FAMILIES.includes(meta.family), `family ${meta.family}`);
      if (meta.family !== 'yaml' && meta.family !== 'core') assert.ok(meta.id.startsWith(`${meta.family}-`), 'id starts with its family');
      for (const ref of meta.istioctl ?? []) assert.match(`${ref.code} ${ref.analyzer}`, /^IST\d{4} [a-z0-9]+\.[A-Za-z0-9]+$/, 'istioctl: code and analyzer name');
      assert.ok(SEVERITIES.includes(meta.severity), `severity ${meta.severity}`);
      assert.ok(['none', 'safe', 'unsafe', 'sometimes-safe'].includes(meta.fix), `fix ${meta.fix}`);
      for (const kind of meta.kinds) if (meta.id !== 'internal-error') assert.ok(ALL_KINDS.includes(kind), `unknown kind "${kind}"`);
      assert.ok(meta.docs.summary.trim().length >= 10, 'docs.summary');
      assert.ok(meta.docs.why.trim().length >= 40, 'docs.why explains what breaks');
      assert.match(meta.docs.link, /^https:\/\/\S+$/, 'docs.link is an https URL');
      if (!EXEMPT_EXAMPLES.has(meta.id)) {
        assert.ok(meta.docs.bad.trim(), 'docs.bad');
        assert.ok(meta.docs.good.trim(), 'docs.good');
        assert.notEqual(meta.docs.bad, meta.docs.good);
      }
      const keys = Object.keys(meta.messages);
      assert.ok(keys.length > 0, 'at least one message template');
      for (const k of keys) assert.ok(meta.messages[k].trim().length > 0, `message ${k} is empty`);
    });

    it('uses every message template it declares', (t) => {
      if (meta.id === 'internal-error') return t.skip('reported by the engine (engine.test.ts)');
      const sources = sourcesOf(join(RULES_DIR, `${meta.id}.ts`)).map(withoutMessagesObject).join('\n');
      for (const key of Object.keys(meta.messages)) {
        const used = new RegExp(`(['"\`])${escapeRe(key)}\\1|messageId\\s*:\\s*${escapeRe(key)}\\b`).test(sources);
        assert.ok(used, `message "${key}" is never reported (no '${key}' in the rule's sources outside \`messages\`)`);
      }
    });

    it('keeps its messages short and plain, with realistic data', () => {
      for (const [key, template] of Object.entries(meta.messages)) {
        const message = withRealisticData(template, meta.family);
        assert.equal(styleProblem(message), undefined, `message "${key}": "${message}"`);
      }
      if (EXEMPT_EXAMPLES.has(meta.id)) return;
      for (const f of lint(meta.docs.bad)) {
        assert.equal(styleProblem(f.message), undefined, `${f.rule} on docs.bad: "${f.message}"`);
      }
    });

    it('keeps the hover paragraph of each message (details) within a 12-line hover', () => {
      for (const key of Object.keys(meta.details ?? {})) assert.ok(key in meta.messages, `details "${key}" explains no message`);
      for (const [key, template] of Object.entries(meta.details ?? {})) {
        const detail = withRealisticData(template, meta.family);
        assert.ok(detail.length <= MAX_DETAIL_LENGTH, `details "${key}": ${detail.length} characters (max ${MAX_DETAIL_LENGTH}): "${detail}"`);
        assert.ok(!/\n\s*\n/.test(detail), `details "${key}" is one paragraph`);
      }
    });

    if (EXEMPT_EXAMPLES.has(meta.id)) return;

    it('fires on docs.bad and fills every placeholder', () => {
      const mine = lint(meta.docs.bad).filter((f) => f.rule === meta.id);
      assert.ok(mine.length >= 1, `docs.bad must produce a ${meta.id} finding`);
      const placeholders = new Set(Object.values(meta.messages).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
      for (const f of mine) {
        const left = [...f.message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => placeholders.has(p));
        assert.deepEqual(left, [], `unfilled placeholders in "${f.message}"`);
      }
    });

    it('stays silent on docs.good', () => {
      const mine = lint(meta.docs.good).filter((f) => f.rule === meta.id);
      assert.deepEqual(mine.map((f) => f.message), [], `docs.good must not produce ${meta.id}`);
      assert.deepEqual(lint(meta.docs.good).filter((f) => f.rule === 'yaml-syntax').map((f) => f.message), [], 'docs.good is valid YAML');
    });

    it(`declares fix: '${meta.fix}' truthfully`, () => {
      const all = lint(meta.docs.bad);
      const mine = all.filter((f) => f.rule === meta.id);
      const fixes = mine.flatMap((f) => f.fixes);
      for (const fix of fixes) {
        assert.ok(fix.title.trim(), 'every fix has a title');
        assert.ok(fix.edits.length > 0, `fix "${fix.title}" has edits`);
      }
      switch (meta.fix) {
        case 'none':
          assert.deepEqual(fixes.map((x) => x.title), [], "fix: 'none' offers no fixes");
          break;
        case 'safe':
          for (const f of mine) assert.ok(f.fixes.some((x) => x.safe), `every finding offers a safe fix: "${f.message}"`);
          break;
        case 'unsafe':
          assert.deepEqual(fixes.filter((x) => x.safe).map((x) => x.title), [], "fix: 'unsafe' offers no safe fix (use 'sometimes-safe')");
          break;
        case 'sometimes-safe':
          // Some findings may have no fix at all; nothing more to hold the example to.
          break;
      }
      // Applying the safe fixes must resolve findings and keep the YAML valid.
      const safe = mine.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1));
      if (!safe.length) return;
      const fixed = applyFixes(meta.docs.bad, safe).text;
      const after = lint(fixed);
      assert.ok(after.filter((f) => f.rule === meta.id).length < mine.length, `safe fixes reduce ${meta.id} findings`);
      const yamlErrors = (fs: FileFinding[]) => fs.filter((f) => f.rule === 'yaml-syntax').length;
      assert.ok(yamlErrors(after) <= yamlErrors(all), `safe fixes keep the YAML valid:\n${fixed}`);
    });
  });
}


