// Keystroke -> squiggle as a user sees it: real key presses in the workbench (Chromium), timed
// in the page from the key event to the moment the editor's DOM shows the squiggle added or
// removed. Measured, never asserted on time; it fails only if a squiggle never comes or goes.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, quickOpen } from './workbench.mjs';

const NAME = 'latency-2000.yaml';

/** Error squiggles drawn in the active editor (only visible lines are in the DOM). */
const COUNT = `document.querySelectorAll('.editor-group-container.active .monaco-editor .view-overlays .squiggly-error').length`;

/**
 * Arms a one-shot probe in the page: the key event's time, then the time the squiggle count
 * first passes `want` ('more' or 'fewer' than `base`). Armed before the key is pressed.
 */
function arm(page, base, want) {
  return page.evaluate(
    ({ base, want, count }) => {
      const probe = { key: 0, drawn: 0 };
      window.__istioTipsProbe = probe;
      const n = new Function(`return ${count}`);
      window.addEventListener('keydown', (e) => (probe.key ||= e.timeStamp), { capture: true, once: true });
      const root = document.querySelector('.editor-group-container.active .monaco-editor .view-overlays') ?? document.body;
      const observer = new MutationObserver(() => {
        const c = n();
        if (want === 'more' ? c > base : c < base) {
          probe.drawn = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    },
    { base, want, count: COUNT },
  );
}

async function drawnAfterKey(page, key, base, want) {
  await arm(page, base, want);
  await page.keyboard.press(key);
  await page.waitForFunction(() => window.__istioTipsProbe.drawn > 0, null, { timeout: 60_000 });
  // Also on the wall clock (performance.timeOrigin), to meet the server's timing log.
  return page.evaluate(() => {
    const p = window.__istioTipsProbe;
    return { ms: p.drawn - p.key, key: performance.timeOrigin + p.key, drawn: performance.timeOrigin + p.drawn };
  });
}

/**
 * Splits each key at the server's timing log (ISTIO_TIPS_TIMING_LOG): until the server has the
 * change (VS Code's renderer, extension host, client, IPC), the server's own work until it
 * publishes that version, and from there until the squiggle is drawn.
 */
function split(keys, timingLog, uriSuffix) {
  let events = [];
  try {
    events = readFileSync(timingLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.uri.endsWith(uriSuffix));
  } catch {
    return undefined;
  }
  const parts = { toServer: [], server: [], toSquiggle: [] };
  for (const k of keys) {
    const change = events.find((e) => e.event === 'change' && e.t >= k.key && e.t <= k.drawn);
    const publish = change && events.find((e) => e.event === 'publish' && e.version === change.version && e.t >= change.t);
    if (!publish) continue;
    parts.toServer.push(change.t - k.key);
    parts.server.push(publish.t - change.t);
    parts.toSquiggle.push(k.drawn - publish.t);
  }
  return Object.fromEntries(Object.entries(parts).map(([name, xs]) => [name, spread(xs)]));
}

function spread(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: pct(50), p95: pct(95), all: xs };
}

/**
 * Copies the 2,000-document file into the workspace, opens it, puts the cursor after the first
 * `mode: STRICT`, and types X / Backspace `edits` times (X makes the mode invalid: one more
 * error squiggle on that line). Returns { p50, p95, all } in ms from key event to squiggle, and
 * the same split at the server's timing log when there is one.
 */
export async function measureUiKeystrokes({ context, server, folder, extensionPath, perfFile, timingLog, edits = 20, log }) {
  copyFileSync(perfFile, join(folder, NAME));
  const lines = readFileSync(perfFile, 'utf8').split('\n');
  const line = lines.findIndex((l) => /^\s+mode: STRICT$/.test(l));
  if (line < 0) throw new Error(`no "mode: STRICT" line in ${perfFile}`);
  const page = await openWorkbench({ context, server, folder, extensionPath, log });
  try {
    await quickOpen(page, NAME);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line + 1}:${lines[line].length + 1}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    const keys = [];
    // The first pair also waits for the first analysis of the file; it is not counted.
    for (let i = -2; i < edits; i++) {
      const add = (i + 2) % 2 === 0;
      const base = await page.evaluate(COUNT);
      const k = await drawnAfterKey(page, add ? 'X' : 'Backspace', base, add ? 'more' : 'fewer');
      if (i >= 0) keys.push(k);
      await page.keyboard.press('Escape'); // a suggestion list the letter may have opened
    }
    return { ...spread(keys.map((k) => k.ms)), parts: timingLog ? split(keys, timingLog, `/${NAME}`) : undefined };
  } finally {
    await page.close().catch(() => {});
  }
}
