// Installs the editors the end-to-end tests drive into .e2e-cache/ (gitignored), never into
// the project's own dependencies: code-server is ~300 MB and users of `npm ci` need none of it.
import { existsSync, mkdirSync, writeFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';

export const CODE_SERVER_VERSION = '4.100.3';
// What code-server 4.100.3's @vscode/ripgrep (1.15.11) downloads in its postinstall. This
// machine reaches no download host, so the archive is made from Debian's ripgrep instead.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const APT_HINT = 'apt-get update && apt-get install -y chromium neovim libkrb5-dev ripgrep';

export class SetupError extends Error {}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The system tools the stages need; apt-get belongs to .ci/run, so only explain here. */
export function checkSystemTools() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('/usr/bin/chromium (Debian package chromium)');
  if (!which('nvim')) missing.push('nvim (Debian package neovim)');
  return { missing, hint: `install them with: ${APT_HINT}` };
}

function seedRipgrep(log) {
  const dir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(dir, RIPGREP_ARCHIVE);
  if (existsSync(archive)) return;
  const rg = which('rg');
  if (!rg) throw new SetupError(`ripgrep is needed to install code-server offline; ${APT_HINT}`);
  log(`seeding ${archive} from ${rg}`);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'e2e-rg-'));
  try {
    copyFileSync(rg, join(staging, 'rg'));
    execFileSync('tar', ['-czf', archive, '-C', staging, 'rg']);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Path of code-server's bundled VS Code server, installing code-server on first use. */
export function ensureCodeServer(cache, log) {
  const prefix = join(cache, 'code-server');
  const serverMain = join(prefix, 'node_modules/code-server/lib/vscode/out/server-main.js');
  const marker = join(prefix, `.installed-${CODE_SERVER_VERSION}`);
  if (existsSync(serverMain) && existsSync(marker)) return serverMain;
  seedRipgrep(log);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'istio-tips-e2e-cache', private: true }) + '\n');
  log(`installing code-server@${CODE_SERVER_VERSION} into ${prefix} (first run only, ~2 minutes)`);
  const t0 = Date.now();
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    {
      cwd: prefix,
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 15 * 60_000,
      // kerberos and argon2 fall back to source builds, which need the unsafe-perm setting as root.
      env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    },
  );
  if (r.status !== 0 || !existsSync(serverMain)) {
    const why = r.error ? r.error.message : `exit ${r.status}`;
    throw new SetupError(`installing code-server failed (${why}); it needs ${APT_HINT}`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return serverMain;
}

/** playwright-core from the project when present, else from the cache (never a browser download). */
export function ensurePlaywright(root, cache, log) {
  for (const base of [root, join(cache, 'playwright')]) {
    try {
      return createRequire(join(base, 'package.json'))('playwright-core');
    } catch {
      // not installed there
    }
  }
  const prefix = join(cache, 'playwright');
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'istio-tips-e2e-playwright', private: true }) + '\n');
  log('installing playwright-core into the e2e cache');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'playwright-core@1'], {
    cwd: prefix,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  if (r.status !== 0) throw new SetupError('installing playwright-core failed');
  return createRequire(join(prefix, 'package.json'))('playwright-core');
}
