/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): one run, every
 * rule described in tool.driver.rules (so ruleIndex is stable), paths relative to
 * %SRCROOT%, UTF-16 columns, fingerprints that survive lines moving, and fixes.
 */
import { createHash } from 'node:crypto';
import { type Rule, type Severity, enabledByDefault, ruleDocsUrl, ruleMarkdown } from '../core';
import { REPO_URL, TOOL_NAME, TOOL_VERSION } from './meta';
import type { PlacedFinding, Region } from './report';
import { ruleHelpText } from './rule-docs';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** "regex-full-match" -> "RegexFullMatch": SARIF's `name` is an identifier-like label. */
const pascal = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** Percent-encodes a relative path for a URI reference, keeping '/' separators. */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const sarifRegion = (r: Region) => ({ startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn });

export interface SarifNotice {
  file: string;
  level: 'note' | 'warning' | 'error';
  message: string;
}

export function buildSarif(findings: readonly PlacedFinding[], rules: readonly Rule[], notices: readonly SarifNotice[], ioError: boolean) {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const occurrences = new Map<string, number>();
  const results = findings.map((f) => {
    const location = {
      physicalLocation: {
        artifactLocation: { uri: pathToUri(f.file), uriBaseId: '%SRCROOT%' },
        region: sarifRegion(f),
      },
    };
    // Rule + file + flagged text (+ which occurrence of it): stable when unrelated lines move.
    const key = `${f.rule}\u0000${f.file}\u0000${f.snippet}`;
    const n = occurrences.get(key) ?? 0;
    occurrences.set(key, n + 1);
    const fingerprint = createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
    const result: Record<string, unknown> = {
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [location],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              physicalLocation: { artifactLocation: { uri: pathToUri(r.file), uriBaseId: '%SRCROOT%' }, region: sarifRegion(r) },
              message: { text: r.message },
            })),
          }
        : {}),
      partialFingerprints: { 'istioTips/v1': fingerprint },
    };
    if (f.fixes.length) {
      result.fixes = f.fixes.map((x) => ({
        description: { text: x.safe ? x.title : `${x.title} (review: not a safe fix)` },
        artifactChanges: [
          {
            artifactLocation: location.physicalLocation.artifactLocation,
            replacements: x.edits.map((e) => ({ deletedRegion: sarifRegion(e), insertedContent: { text: e.newText } })),
          },
        ],
      }));
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: REPO_URL,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: pascal(r.meta.id),
              shortDescription: { text: r.meta.docs.summary },
              fullDescription: { text: r.meta.docs.summary },
              help: { text: ruleHelpText(r.meta), markdown: ruleMarkdown(r) },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: sarifLevel(r.meta.severity), ...(enabledByDefault(r.meta) ? {} : { enabled: false }) },
              properties: { tags: ['istio', r.meta.family, ...(r.meta.family === 'mtls' ? ['security'] : [])] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: !ioError,
            toolExecutionNotifications: notices.map((n) => ({
              level: n.level,
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(n.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly PlacedFinding[], rules: readonly Rule[], notices: readonly SarifNotice[], ioError: boolean): string {
  return `${JSON.stringify(buildSarif(findings, rules, notices, ioError), null, 2)}\n`;
}
