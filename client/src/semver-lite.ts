/**
 * The two semver calls vscode-languageclient makes when a client is created: parse VS Code's
 * version, then test it against the client's own requirement (`^1.82.0`). For a plain release
 * version and a `^x.y.z` range they are answered here; semver itself builds dozens of regular
 * expressions when loaded and parses the range with more, about a tenth of loading the client.
 * Any other input goes to the real semver, loaded at that moment, so answers never differ.
 * scripts/build.mjs substitutes these for `semver/functions/parse` and
 * `semver/functions/satisfies` in dist/language-client.js only.
 */

/** What semver's SemVer holds, for a release version (no prerelease, no build). */
export interface ReleaseVersion {
  raw: string;
  version: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  build: string[];
}

// At most 15 digits per number: all below Number.MAX_SAFE_INTEGER, which semver rejects above.
const NUM = '(0|[1-9]\\d{0,14})';
const RELEASE = new RegExp(`^v?${NUM}\\.${NUM}\\.${NUM}$`);
const CARET = new RegExp(`^\\^${NUM}\\.${NUM}\\.${NUM}$`);

type SemverParse = (version: unknown, options?: unknown, throwErrors?: boolean) => unknown;
type SemverSatisfies = (version: unknown, range: unknown, options?: unknown) => boolean;
// Written out so esbuild bundles the real modules (the build maps only other importers here).
const realParse = (): SemverParse => require('semver/functions/parse');
const realSatisfies = (): SemverSatisfies => require('semver/functions/satisfies');

export function parse(version: unknown, options?: unknown, throwErrors?: boolean): unknown {
  const m = options === undefined && typeof version === 'string' ? RELEASE.exec(version.trim()) : null;
  if (!m || typeof version !== 'string') return realParse()(version, options, throwErrors);
  const [major, minor, patch] = [+m[1], +m[2], +m[3]];
  return { raw: version, version: `${major}.${minor}.${patch}`, major, minor, patch, prerelease: [], build: [] } satisfies ReleaseVersion;
}

export function satisfies(version: unknown, range: unknown, options?: unknown): boolean {
  const r = options === undefined && typeof range === 'string' ? CARET.exec(range) : null;
  const v = typeof version === 'string' ? parse(version) : version;
  if (!r || !isRelease(v)) return realSatisfies()(isRelease(v) && typeof version !== 'string' ? v.version : version, range, options);
  const [major, minor, patch] = [+r[1], +r[2], +r[3]];
  // ^1.2.3: >=1.2.3 <2.0.0; ^0.2.3: >=0.2.3 <0.3.0; ^0.0.3: exactly 0.0.3 (release versions only).
  if (major > 0) return v.major === major && (v.minor > minor || (v.minor === minor && v.patch >= patch));
  if (minor > 0) return v.major === 0 && v.minor === minor && v.patch >= patch;
  return v.major === 0 && v.minor === 0 && v.patch === patch;
}

function isRelease(v: unknown): v is ReleaseVersion {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Partial<ReleaseVersion>;
  return Number.isSafeInteger(x.major) && Number.isSafeInteger(x.minor) && Number.isSafeInteger(x.patch) && Array.isArray(x.prerelease) && x.prerelease.length === 0;
}
