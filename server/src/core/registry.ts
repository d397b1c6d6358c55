/**
 * The one table of rules. Each rule lives in `rules/<id>.ts`; add new ones to the
 * list of its family below. Ids are a public contract (suppress comments, config, JSON output).
 */
import type { Rule } from './rule';
import type { HoverProvider } from './hover';
import { INTERNAL_ERROR } from './rules/internal-error';
import { rule as yamlSyntax } from './rules/yaml-syntax';
import { rule as regexFullMatch } from './rules/regex-full-match';
import { rule as regexEscapedWildcard } from './rules/regex-escaped-wildcard';
import { rule as regexGlobPattern } from './rules/regex-glob-pattern';
import { rule as regexSlashDelimited } from './rules/regex-slash-delimited';
import { rule as regexInExactMatch } from './rules/regex-in-exact-match';
import { rule as regexIgnoreCaseIneffective } from './rules/regex-ignore-case-ineffective';
import { rule as regexRewriteDollarReference } from './rules/regex-rewrite-dollar-reference';
import { rule as regexPreferPrefixOrExact } from './rules/regex-prefer-prefix-or-exact';
import { rule as regexUnsupportedSyntax } from './rules/regex-unsupported-syntax';
import { rule as regexSyntaxError } from './rules/regex-syntax-error';
import { rule as regexTooLong } from './rules/regex-too-long';
import { rule as regexProgramTooLarge } from './rules/regex-program-too-large';
import { rule as regexEmpty } from './rules/regex-empty';
import { rule as regexNamedGroupCompat } from './rules/regex-named-group-compat';
import { rule as regexSilentDifference } from './rules/regex-silent-difference';
import { rule as regexYamlEscape } from './rules/regex-yaml-escape';
import { rule as regexAlternationPrecedence } from './rules/regex-alternation-precedence';
import { rule as regexNeverMatches } from './rules/regex-never-matches';
import { rule as regexRouteShadowed } from './rules/regex-route-shadowed';
import { regexHover } from './regex/hover';
import { rule as mtlsInvalidMode } from './rules/mtls-invalid-mode';
import { rule as mtlsPortLevelWithoutSelector } from './rules/mtls-port-level-without-selector';
import { rule as mtlsInvalidPortLevel } from './rules/mtls-invalid-port-level';
import { rule as mtlsEmptySelector } from './rules/mtls-empty-selector';
import { rule as mtlsSelectorInRootNamespace } from './rules/mtls-selector-in-root-namespace';
import { rule as mtlsIstioMutualWithCerts } from './rules/mtls-istio-mutual-with-certs';
import { rule as mtlsMutualMissingCerts } from './rules/mtls-mutual-missing-certs';
import { rule as mtlsRemovedPolicyApi } from './rules/mtls-removed-policy-api';
import { rule as mtlsV1beta1Api } from './rules/mtls-v1beta1-api';
import { rule as mtlsPlaintextToStrict } from './rules/mtls-plaintext-to-strict';
import { rule as mtlsMeshWideStrict } from './rules/mtls-mesh-wide-strict';
import { rule as mtlsDuplicatePolicy } from './rules/mtls-duplicate-policy';
import { rule as mtlsNonIstioTlsToStrict } from './rules/mtls-non-istio-tls-to-strict';
import { rule as mtlsDisableVsDrMutual } from './rules/mtls-disable-vs-dr-mutual';
import { rule as mtlsSidecarlessWorkloadInStrict } from './rules/mtls-sidecarless-workload-in-strict';
import { rule as mtlsProbeRewriteDisabled } from './rules/mtls-probe-rewrite-disabled';
import { rule as drHostUnmatched } from './rules/dr-host-unmatched';
import { rule as mtlsStrictUnderDisable } from './rules/mtls-strict-under-disable';
import { rule as mtlsMutualToSidecarless } from './rules/mtls-mutual-to-sidecarless';
import { rule as mtlsStrictWithoutAutoMtls } from './rules/mtls-strict-without-auto-mtls';
import { rule as mtlsCrossNetworkWithoutMtls } from './rules/mtls-cross-network-without-mtls';
import { rule as mtlsAuthzNeedsMtls } from './rules/mtls-authz-needs-mtls';
import { mtlsHover } from './mtls/hover';
import { rule as trafficDestinationHostNotFound } from './rules/traffic-destination-host-not-found';
import { rule as trafficDestinationPort } from './rules/traffic-destination-port';
import { rule as trafficSubsetNotFound } from './rules/traffic-subset-not-found';
import { rule as trafficMeshHostConflict } from './rules/traffic-mesh-host-conflict';
import { rule as gatewayNotFound } from './rules/gateway-not-found';
import { rule as gatewayHostNotMatched } from './rules/gateway-host-not-matched';
import { rule as gatewayInternalReference } from './rules/gateway-internal-reference';
import { rule as trafficExternalnamePortName } from './rules/traffic-externalname-port-name';
import { rule as trafficSubsetNoWorkload } from './rules/traffic-subset-no-workload';
import { rule as trafficSidecarSelectorConflict } from './rules/traffic-sidecar-selector-conflict';
import { rule as trafficSidecarMultipleDefault } from './rules/traffic-sidecar-multiple-default';
import { rule as annotationUnknown } from './rules/annotation-unknown';
import { rule as annotationMisplaced } from './rules/annotation-misplaced';
import { rule as annotationInvalidValue } from './rules/annotation-invalid-value';
import { rule as annotationDeprecated } from './rules/annotation-deprecated';
import { rule as deprecatedField } from './rules/deprecated-field';
import { rule as telemetrySelectorConflict } from './rules/telemetry-selector-conflict';
import { rule as telemetryMultipleDefault } from './rules/telemetry-multiple-default';
import { rule as telemetrySelectorNoWorkload } from './rules/telemetry-selector-no-workload';
import { rule as telemetryAccessLogNoProvider } from './rules/telemetry-access-log-no-provider';
import { rule as telemetryLightstepProvider } from './rules/telemetry-lightstep-provider';
import { rule as envoyfilterRelativeOperation } from './rules/envoyfilter-relative-operation';
import { rule as envoyfilterOperationIgnored } from './rules/envoyfilter-operation-ignored';
import { rule as trafficWorkloadServiceProtocolConflict } from './rules/traffic-workload-service-protocol-conflict';
import { rule as trafficWorkloadTargetPortConflict } from './rules/traffic-workload-target-port-conflict';
import { rule as trafficProxyUid } from './rules/traffic-proxy-uid';
import { rule as trafficServiceentryAddressesRequired } from './rules/traffic-serviceentry-addresses-required';
import { rule as trafficServiceentryProtocolConflict } from './rules/traffic-serviceentry-protocol-conflict';
import { rule as trafficIngressSubsetRouting } from './rules/traffic-ingress-subset-routing';
import { rule as trafficJwtClaimRouteNoAuthn } from './rules/traffic-jwt-claim-route-no-authn';
import { rule as trafficPortNameProtocol } from './rules/traffic-port-name-protocol';
import { rule as gatewayConflict } from './rules/gateway-conflict';
import { rule as gatewayDuplicateCertificate } from './rules/gateway-duplicate-certificate';
import { rule as gatewayPortNotOnService } from './rules/gateway-port-not-on-service';
import { rule as gatewaySelectorNoWorkload } from './rules/gateway-selector-no-workload';
import { rule as trafficSidecarSelectorNoWorkload } from './rules/traffic-sidecar-selector-no-workload';
import { rule as trafficSidecarInAmbient } from './rules/traffic-sidecar-in-ambient';
import { rule as authzSelectorNoWorkload } from './rules/authz-selector-no-workload';
import { rule as authzNamespaceNotFound } from './rules/authz-namespace-not-found';

// ── regex family ─────────────────────────────────────────────────────────────
const REGEX_RULES: Rule[] = [
  regexUnsupportedSyntax,
  regexSyntaxError,
  regexTooLong,
  regexProgramTooLarge,
  regexEmpty,
  regexNamedGroupCompat,
  regexSilentDifference,
  regexFullMatch,
  regexEscapedWildcard,
  regexYamlEscape,
  regexAlternationPrecedence,
  regexGlobPattern,
  regexSlashDelimited,
  regexInExactMatch,
  regexIgnoreCaseIneffective,
  regexRewriteDollarReference,
  regexPreferPrefixOrExact,
  regexNeverMatches,
  regexRouteShadowed,
];

// ── mTLS family ──────────────────────────────────────────────────────────────
const MTLS_RULES: Rule[] = [
  mtlsPlaintextToStrict,
  mtlsMeshWideStrict,
  mtlsDuplicatePolicy,
  mtlsNonIstioTlsToStrict,
  mtlsDisableVsDrMutual,
  mtlsSidecarlessWorkloadInStrict,
  mtlsProbeRewriteDisabled,
  drHostUnmatched,
  mtlsStrictUnderDisable,
  mtlsMutualToSidecarless,
  mtlsStrictWithoutAutoMtls,
  mtlsCrossNetworkWithoutMtls,
  mtlsAuthzNeedsMtls,
  mtlsInvalidMode,
  mtlsPortLevelWithoutSelector,
  mtlsInvalidPortLevel,
  mtlsEmptySelector,
  mtlsSelectorInRootNamespace,
  mtlsIstioMutualWithCerts,
  mtlsMutualMissingCerts,
  mtlsRemovedPolicyApi,
  mtlsV1beta1Api,
];

// ── traffic, gateway and authorization families (istioctl analyze's analyzers) ──
const TRAFFIC_RULES: Rule[] = [
  trafficDestinationHostNotFound,
  trafficDestinationPort,
  trafficSubsetNotFound,
  trafficMeshHostConflict,
  gatewayNotFound,
  gatewayHostNotMatched,
  gatewayInternalReference,
  trafficExternalnamePortName,
  trafficSubsetNoWorkload,
  trafficSidecarSelectorConflict,
  trafficSidecarMultipleDefault,
  trafficWorkloadServiceProtocolConflict,
  trafficWorkloadTargetPortConflict,
  trafficProxyUid,
  trafficServiceentryAddressesRequired,
  trafficServiceentryProtocolConflict,
  trafficIngressSubsetRouting,
  trafficJwtClaimRouteNoAuthn,
  trafficPortNameProtocol,
  gatewayConflict,
  gatewayDuplicateCertificate,
  gatewayPortNotOnService,
  gatewaySelectorNoWorkload,
  trafficSidecarSelectorNoWorkload,
  trafficSidecarInAmbient,
  authzSelectorNoWorkload,
  authzNamespaceNotFound,
];

// ── annotation, deprecated-field, Telemetry and EnvoyFilter checks (istioctl analyze's analyzers) ──
const CONFIG_RULES: Rule[] = [
  annotationUnknown,
  annotationMisplaced,
  annotationInvalidValue,
  annotationDeprecated,
  deprecatedField,
  telemetrySelectorConflict,
  telemetryMultipleDefault,
  telemetrySelectorNoWorkload,
  telemetryAccessLogNoProvider,
  telemetryLightstepProvider,
  envoyfilterRelativeOperation,
  envoyfilterOperationIgnored,
];

export const ALL_RULES: readonly Rule[] = [yamlSyntax, ...REGEX_RULES, ...MTLS_RULES, ...TRAFFIC_RULES, ...CONFIG_RULES];

/** Hover explanations beyond rule docs (regex semantics, effective mTLS mode). */
export const HOVER_PROVIDERS: readonly HoverProvider[] = [
  // regex hover providers
  regexHover,
  // mTLS hover providers
  mtlsHover,
];

/** Every rule id users may name, including the engine's own `internal-error`. */
export const RULE_IDS: ReadonlySet<string> = new Set([INTERNAL_ERROR.meta.id, ...ALL_RULES.map((r) => r.meta.id)]);

export function findRule(id: string): Rule | undefined {
  return id === INTERNAL_ERROR.meta.id ? INTERNAL_ERROR : ALL_RULES.find((r) => r.meta.id === id);
}

/** All rules with metadata, for docs and `istio-tips rules`. */
export function documentedRules(): readonly Rule[] {
  return [...ALL_RULES, INTERNAL_ERROR];
}

/**
 * Rules written and tested (their tests lint with them: test-support/rule-tester.ts) but not
 * run by the product yet: none at present.
 */
export const PENDING_RULES: readonly Rule[] = [];
