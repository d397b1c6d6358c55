/**
 * What the compile-level regex rules (unsupported syntax, syntax errors, length, empty,
 * named groups, silent differences) share: which sites they judge, who rejects a bad
 * pattern and what happens then (their edits come from match-edits.ts).
 */
import type { ResourceDoc } from '../document/resource';
import type { Services } from '../services';
import type { StringMatchSite } from './site';
import { knownSites } from './intent-rule-helpers';
import { isUnsupported, scanPattern, type ScanFinding } from './syntax-scan';
import { starMeansPresent } from './shape';

/**
 * Regex sites with a known value (templated values are skipped: their text is not the real
 * one), less `regex: "*"` where Istio turns it into a presence match instead of compiling it
 * (route.go canBeConvertedToPresentMatch; the webhook skips it under withoutHeaders).
 */
export function regexSites(doc: ResourceDoc): StringMatchSite[] {
  return knownSites(doc, ['regex']).filter((s) => !(s.value === '*' && starMeansPresent(s.field)));
}

/**
 * The unsupported constructs `regex-unsupported-syntax` reports for a site. `\C` is valid
 * C++ RE2, so it only counts where Istio's Go webhook judges the pattern.
 */
export function reportedUnsupported(site: StringMatchSite, findings: readonly ScanFinding[] = scanPattern(site.value)): ScanFinding[] {
  return findings.filter((f) => isUnsupported(f) && (f.kind !== 'any-byte' || site.checkedBy.go));
}

/** Who rejects an invalid pattern at this site, and what the user sees. */
export function consequence(site: StringMatchSite): string {
  if (site.checkedBy.go && site.checkedBy.re2) {
    return "Istio's validation webhook (Go regexp) rejects the resource, and Envoy's RE2 could not compile it either.";
  }
  if (site.checkedBy.re2) {
    return (
      'Istio does not validate Gateway API regexes: the route reaches Envoy, RE2 fails to compile it, and Envoy rejects ' +
      '(NACKs) the whole route configuration, so routes behind this listener stop updating or return 404.'
    );
  }
  return "Istio's validation webhook (Go regexp) rejects the resource.";
}

/**
 * Who rejects the pattern, from the engines' verdicts rather than from the construct: one
 * sentence that never says the webhook both passes and rejects it. Gateway API regexes are
 * judged by RE2 alone (Istio does not compile them: pilot/pkg/config/kube/gateway/conversion.go).
 */
export function verdictConsequence(site: StringMatchSite, services: Services): string {
  const { goOk, re2Ok } = verdicts(site, services);
  if (goOk === false) return re2Ok === false ? consequence(site) : "Istio's validation webhook (Go regexp) rejects the resource.";
  if (re2Ok === false) {
    return site.checkedBy.go
      ? "Istio's webhook (Go regexp) accepts it, but Envoy's RE2 rejects it and NACKs the route configuration."
      : "Istio does not check Gateway API regexes; Envoy's RE2 rejects it and NACKs the route configuration.";
  }
  return consequence(site);
}

/**
 * Who rejects an invalid pattern at this site, in a few words for a message (the detail is
 * {@link verdictConsequence}). With the engines, from their verdicts: Go 1.25+ accepts some
 * constructs C++ RE2 rejects, so "the webhook rejects it" would be wrong there.
 */
export function rejectedBy(site: StringMatchSite, services: Services): string {
  const { goOk, re2Ok } = verdicts(site, services);
  if (goOk === false) return "Istio's webhook rejects the resource";
  if (re2Ok === false) return site.checkedBy.go ? "the webhook accepts it, but Envoy's RE2 NACKs the route table" : 'Envoy NACKs the whole route table';
  // Both engines accept it (a construct rule judged by shape): say who checks this field.
  return site.checkedBy.go ? "Istio's webhook rejects the resource" : 'Envoy NACKs the whole route table';
}

/** What each engine that judges this field says of the pattern (undefined: that engine does not judge it). */
function verdicts(site: StringMatchSite, services: Services): { goOk?: boolean; re2Ok?: boolean } {
  return {
    goOk: site.checkedBy.go ? services.go.check(site.value).ok : undefined,
    re2Ok: site.checkedBy.re2 ? services.re2.check(site.value).ok : undefined,
  };
}

/** Length in UTF-8 bytes, as Go's `len(string)` counts it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A short quote of a pattern for messages. */
export function quote(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
