// Stage 3: Neovim as a plain stdio LSP client of dist/server.js (what editors other than
// VS Code see). Asserts codes and positions of the diagnostics Neovim received, and the
// snippets it is offered (and not offered) as completions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './processes.mjs';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** Runs test/e2e/nvim.lua on `file`; resolves with its output lines or a failure. */
async function runNeovim({ root, workspace, file, dir, env = {} }) {
  const out = join(dir, `nvim-${Date.now()}-${Math.random().toString(36).slice(2)}.tsv`);
  const t0 = Date.now();
  const r = await runCommand(
    'nvim',
    ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(root, 'test/e2e/nvim.lua')}`, join(workspace, file)],
    {
      cwd: workspace,
      env: { ...process.env, ISTIO_TIPS_SERVER: join(root, 'dist/server.js'), ISTIO_TIPS_ROOT: workspace, ISTIO_TIPS_OUT: out, ...env },
      timeoutMs: 30_000,
    },
  );
  const ms = Date.now() - t0;
  if (r.timedOut) return { ms, failure: `nvim did not finish in 30 s\n${r.stderr}` };
  if (r.code !== 0 || !existsSync(out)) return { ms, failure: `nvim exited ${r.code}\n${r.stderr}${r.stdout}` };
  return { ms, lines: readFileSync(out, 'utf8').split('\n').filter(Boolean) };
}

/**
 * Completion in Neovim (no snippet support: plain text): `want` labels at `at`
 * ("line,character"), each a whole manifest; `want` empty means nothing may be offered.
 */
export async function runNeovimCompletion({ root, workspace, file, at, want, dir }) {
  const r = await runNeovim({ root, workspace, file, dir, env: { ISTIO_TIPS_COMPLETE_AT: at } });
  if (r.failure) return { ok: false, ms: r.ms, detail: r.failure };
  const items = r.lines.map((l) => l.split('\t'));
  const labels = items.map(([label]) => label);
  const missing = want.filter((w) => !labels.includes(w));
  const snippetSyntax = items.filter(([, format, text]) => format !== '1' || /\$\{?\d/.test(text));
  const ok = want.length ? missing.length === 0 && snippetSyntax.length === 0 : labels.length === 0;
  return { ok, ms: r.ms, detail: ok ? `${labels.length} items` : `want ${JSON.stringify(want)}; got ${JSON.stringify(items)}` };
}

export async function runNeovimCheck({ root, workspace, file, expected, breakIt, dir }) {
  const r = await runNeovim({ root, workspace, file, dir });
  const ms = r.ms;
  if (r.failure) return { ok: false, ms, detail: r.failure };
  const actual = r.lines
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
