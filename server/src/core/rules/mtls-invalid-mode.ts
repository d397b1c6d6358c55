import { isScalar, type Node } from 'yaml';
import type { DocRule, ReportInput } from '../rule';
import type { Fix } from '../types';
import type { ResourceDoc } from '../document/resource';
import { eol, keySpan, span, str } from '../yaml/nodes';
import {
  DR_TLS_MODES, PA_MODES, drTlsSites, guessMode, indentStep, isDestinationRule, isNullish, isPeerAuthentication, isTemplatedValue,
  modeValue, ownLineIndent, paModeSites, pairTemplated, sameQuoting, type ModeSite,
} from '../mtls/read';
import { peerAuthenticationDoc } from '../mtls/docs-manifests';

const PA_LIST = PA_MODES.join(', ');
const DR_LIST = DR_TLS_MODES.join(', ');

function fixFor(doc: ResourceDoc, node: Node, value: string, api: 'pa' | 'dr'): Fix[] {
  const guess = guessMode(value, api);
  const e = guess && sameQuoting(doc, node, guess.mode);
  if (!guess || !e) return [];
  // Never safe: the API server rejects the resource as written, so the corrected one starts to
  // enforce a mode where none applied (the mode-snapshot test in mtls/fix-safety.test.ts).
  return [
    {
      title: guess.caseOnly ? `Write ${guess.mode} in capitals (the resource then applies: review its effect)` : `Change to ${guess.mode} (a guess: check it is the mode you meant)`,
      safe: false,
      preferred: guess.caseOnly,
      edits: [e],
    },
  ];
}

function checkValue(doc: ResourceDoc, site: ModeSite, report: (r: ReportInput) => void): void {
  const node = site.modeNode;
  const s = span(node);
  if (!node || !s || isNullish(node) || isTemplatedValue(node, doc)) return;
  const valid: readonly string[] = site.api === 'pa' ? PA_MODES : DR_TLS_MODES;
  if (!isScalar(node)) {
    report({ ...s, messageId: 'notAName', data: { where: site.where, valid: site.api === 'pa' ? PA_LIST : DR_LIST } });
    return;
  }
  const value = modeValue(site, doc);
  if (value === undefined || valid.includes(value)) return;
  const data = { value, where: site.where };
  const fixes = typeof node.value === 'string' ? fixFor(doc, node, value, site.api) : [];
  const other: readonly string[] = site.api === 'pa' ? DR_TLS_MODES : PA_MODES;
  const upper = value.toUpperCase();
  if (other.includes(upper) && !valid.includes(upper)) {
    report({ ...s, messageId: site.api === 'pa' ? 'drModeInPa' : 'paModeInDr', data, fixes });
  } else if (fixes.length && fixes[0].preferred) {
    report({ ...s, messageId: 'letterCase', data: { ...data, mode: upper }, fixes });
  } else {
    report({ ...s, messageId: site.api === 'pa' ? 'unknownPa' : 'unknownDr', data, fixes });
  }
}

/** `mtls: STRICT` / `tls: ISTIO_MUTUAL`: a mode written where a mapping belongs. */
function checkHolder(doc: ResourceDoc, site: ModeSite, report: (r: ReportInput) => void): boolean {
  const value = site.holder.value as Node | undefined;
  if (site.settings || isNullish(value) || pairTemplated(doc, site.holder)) return !site.settings;
  const s = span(value);
  const k = keySpan(site.holder);
  if (!s || !k) return true;
  const key = str(site.holder.key) ?? '';
  const written = isScalar(value) ? str(value) : undefined;
  const valid: readonly string[] = site.api === 'pa' ? PA_MODES : DR_TLS_MODES;
  const fixes: Fix[] = [];
  if (written !== undefined && valid.includes(written)) {
    const indent = ownLineIndent(doc, k.start);
    const colon = doc.text.indexOf(':', k.end);
    const block = indent !== undefined && colon !== -1 && colon < s.start;
    const newText = block ? `${eol(doc.text)}${indent}${indentStep(doc)}mode: ${written}` : `{mode: ${written}}`;
    // Not safe either: the resource as written is rejected, so once accepted its mode starts to apply.
    fixes.push({ title: `Write the mode as a mapping: ${key}: {mode: ${written}}`, safe: false, preferred: true, edits: [{ start: block ? colon + 1 : s.start, end: s.end, newText }] });
  }
  const example = written !== undefined && valid.includes(written) ? written : site.api === 'pa' ? 'STRICT' : 'ISTIO_MUTUAL';
  report({ ...s, messageId: 'notAMapping', data: { key, example, where: site.where }, fixes });
  return true;
}

export const rule: DocRule = {
  scope: 'document',
  meta: {
    id: 'mtls-invalid-mode',
    family: 'mtls',
    severity: 'error',
    kinds: ['PeerAuthentication', 'DestinationRule'],
    messages: {
      unknownPa: "\"{value}\" is not a PeerAuthentication mode: the API server rejects it ({where}). Use UNSET, DISABLE, PERMISSIVE or STRICT",
      unknownDr: "\"{value}\" is not a DestinationRule TLS mode: the API server rejects it ({where}). Use DISABLE, SIMPLE, MUTUAL or ISTIO_MUTUAL",
      letterCase: 'Write {mode}: modes are case-sensitive, and the API server rejects "{value}" ({where})',
      drModeInPa: "Use UNSET, DISABLE, PERMISSIVE or STRICT: \"{value}\" is a DestinationRule TLS mode, rejected in a PeerAuthentication ({where})",
      paModeInDr: "Use ISTIO_MUTUAL, or remove tls for auto mTLS: \"{value}\" is a PeerAuthentication mode, rejected in a DestinationRule ({where})",
      notAName: 'Write one of {valid}: the API server rejects a list or mapping as the mode',
      notAMapping: "{key} must be a mapping such as {key}: {mode: {example}} ({where}): the API server rejects a plain value here",
      missingMode: "tls without mode is DISABLE ({where}): plaintext, and auto mTLS is off for this host. Set the mode you mean or remove tls",
    },
    details: {
      notAName: 'The mode ({where}) must be a single value, not a list or mapping.',
    },
    docs: {
      summary: 'A PeerAuthentication or DestinationRule TLS mode that Istio does not know (typo, wrong case, or a mode of the other API).',
      why: [
        'Modes are case-sensitive enum names. PeerAuthentication (`mtls.mode`, `portLevelMtls.<port>.mode`) decides what a server',
        'accepts: `UNSET`, `DISABLE`, `PERMISSIVE`, `STRICT`. DestinationRule (`tls.mode` at top level, per port and per subset)',
        'decides what a client sends: `DISABLE`, `SIMPLE`, `MUTUAL`, `ISTIO_MUTUAL`. Anything else (`strict`, `STRCT`, `ENABLED`,',
        '`ISTIO_MUTUAL` in a PeerAuthentication) makes `kubectl apply` fail, so the migration step you meant to roll out never lands.',
        '',
        'A DestinationRule `tls` block without any `mode` is accepted but means `DISABLE`: plaintext, and auto mTLS is switched off for',
        'that destination (a warning from this rule).',
        '',
        'The quick fix capitalises a mode when only the case is wrong. No fix is marked safe: the API server rejected the resource as',
        'written, so the corrected one starts to enforce a mode where none applied; review the effect before applying. Other',
        'suggestions are guesses.',
      ].join('\n'),
      bad: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'strict' }),
      good: peerAuthenticationDoc({ namespace: 'bookinfo', mode: 'STRICT' }),
      link: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode',
    },
    fix: 'unsafe',
  },
  check(doc, ctx) {
    const sites = isPeerAuthentication(doc) ? paModeSites(doc) : isDestinationRule(doc) ? drTlsSites(doc) : [];
    for (const site of sites) {
      // Port entries that are not mappings belong to mtls-invalid-port-level.
      if (site.api === 'pa' && site.where !== 'spec.mtls' && !site.settings) continue;
      if (checkHolder(doc, site, ctx.report)) continue;
      if (site.api === 'dr' && !site.modePair && !pairTemplated(doc, site.holder)) {
        const k = keySpan(site.holder);
        if (k) ctx.report({ ...k, messageId: 'missingMode', data: { where: site.where }, severity: 'warning' });
        continue;
      }
      checkValue(doc, site, ctx.report);
    }
  },
};
