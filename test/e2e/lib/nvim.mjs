// Stage 3: Neovim as a plain stdio LSP client of dist/server.js (what editors other than
// VS Code see). Asserts codes and positions of the diagnostics Neovim received.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './processes.mjs';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export async function runNeovimCheck({ root, workspace, file, expected, breakIt, dir }) {
  const out = join(dir, 'nvim-diagnostics.tsv');
  const t0 = Date.now();
  const r = await runCommand(
    'nvim',
    ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(root, 'test/e2e/nvim.lua')}`, join(workspace, file)],
    {
      cwd: workspace,
      env: { ...process.env, ISTIO_TIPS_SERVER: join(root, 'dist/server.js'), ISTIO_TIPS_ROOT: workspace, ISTIO_TIPS_OUT: out },
      timeoutMs: 30_000,
    },
  );
  const ms = Date.now() - t0;
  if (r.timedOut) return { ok: false, ms, detail: `nvim did not finish in 30 s\n${r.stderr}` };
  if (r.code !== 0 || !existsSync(out)) return { ok: false, ms, detail: `nvim exited ${r.code}\n${r.stderr}${r.stdout}` };
  const actual = readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [lnum, col, endLnum, endCol, sev, code] = l.split('\t');
      return `${code} ${SEVERITY[sev] ?? sev} [${lnum},${col},${endLnum},${endCol}]`;
    })
    .sort();
  const want = expected.map((e) => `${e.code} ${e.severity} [${e.range.join(',')}]`);
  if (breakIt) want[0] = want[0].replace(/\[(\d+),/, (_, l) => `[${Number(l) + 1},`);
  want.sort();
  const ok = JSON.stringify(actual) === JSON.stringify(want);
  return { ok, ms, detail: ok ? `${actual.length} diagnostics as expected` : `expected ${JSON.stringify(want)}\n      got      ${JSON.stringify(actual)}` };
}
