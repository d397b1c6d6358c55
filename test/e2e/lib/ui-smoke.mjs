// Stage 2: one smoke test through the workbench UI, as a user sees it: squiggle, Problems
// view, light-bulb menu, hover. Screenshots document the README.
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { openWorkbench, quickOpen, runCommandFromPalette } from './workbench.mjs';

const FILE = 'checkout-mtls.yaml';
const RULE = 'mtls-plaintext-to-strict';
// 1-based line:column of the flagged `DISABLE` in fixtures/workspace/ui/checkout-mtls.yaml.
const FLAGGED = '21:13';
// `STRICT` (line 9) in the same file, and the `.*` of `'.\*Microsoft.\*'` in the routing file.
const MODE_VALUE = '9:12';
const REGEX_FILE = 'reviews-virtual-service.yaml';
const REGEX_VALUE = '21:20';
const VALUE_FILE = 'peer-authentication-case.yaml';

/** Polls `fn` (a file on disk has no event to await here) until it returns a value, up to 10 s. */
async function waitFor(fn, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting for the saved file');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Returns [{name, ok, ms, detail}] for each step; stops at the first failing step. */
export async function runUiSmoke({ context, server, folder, extensionPath, screenshotDir, log }) {
  mkdirSync(screenshotDir, { recursive: true });
  const results = [];
  const page = await openWorkbench({ context, server, folder, extensionPath, log });
  const step = async (name, fn) => {
    const t0 = Date.now();
    try {
      const detail = await fn();
      results.push({ name, ok: true, ms: Date.now() - t0, detail });
      return true;
    } catch (e) {
      const shot = join(screenshotDir, `failure-${results.length + 1}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      results.push({ name, ok: false, ms: Date.now() - t0, detail: `${e?.message ?? e}\n      (screenshot: ${shot})` });
      return false;
    }
  };
  try {
    (await step(`opening ${FILE} shows an error squiggle`, async () => {
      await quickOpen(page, FILE);
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 45_000 });
      await goTo(page, FLAGGED);
      await page.screenshot({ path: join(screenshotDir, 'diagnostic.png') });
      return 'diagnostic.png';
    })) &&
      (await step('the Problems view lists the finding', async () => {
        // VS Code 1.100 titles it "Problems: Focus on Problems View"; match the common part.
        await runCommandFromPalette(page, 'Focus on Problems View');
        const panel = page.locator('.markers-panel');
        await panel.waitFor();
        await panel.locator('.monaco-list-row', { hasText: RULE }).first().waitFor();
        const rows = await panel.locator('.monaco-list-row').allInnerTexts();
        if (!rows.some((r) => r.includes('refuses this plaintext'))) throw new Error(`no row with the message: ${JSON.stringify(rows)}`);
        return `${rows.length} rows`;
      })) &&
      (await step('the light bulb menu offers the fixes', async () => {
        await goTo(page, FLAGGED);
        await page.keyboard.press('Control+.');
        const menu = page.locator('.action-widget');
        await menu.waitFor();
        await menu.locator('.monaco-list-row', { hasText: 'ISTIO_MUTUAL' }).first().waitFor();
        await menu.locator('.monaco-list-row', { hasText: `Disable ${RULE} for this line` }).first().waitFor();
        await page.screenshot({ path: join(screenshotDir, 'quickfix.png') });
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'hidden' });
        return 'quickfix.png';
      })) &&
      (await step('hovering the squiggle shows the rule documentation', async () => {
        const squiggle = page.locator('.monaco-editor .squiggly-error').first();
        const box = await squiggle.boundingBox();
        if (!box) throw new Error('the squiggle has no box');
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: RULE });
        await hover.first().waitFor({ timeout: 15_000 });
        await page.screenshot({ path: join(screenshotDir, 'hover.png') });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
        return 'hover.png';
      })) &&
      (await step('the injection grammar scopes the mTLS mode value', async () => {
        return inspectScopes(page, MODE_VALUE, `constant.language.mtls-mode.strict.istio-tips`);
      })) &&
      (await step('the injection grammar embeds a regex value', async () => {
        await quickOpen(page, REGEX_FILE);
        return inspectScopes(page, REGEX_VALUE, 'meta.embedded.regex.istio-tips');
      })) &&
      (await step('Ctrl+Space in an empty file lists the manifest snippets', async () => {
        await quickOpen(page, 'new-policy.yaml');
        await page.locator('.monaco-editor .view-lines').first().click();
        await page.keyboard.press('Control+Space');
        const widget = page.locator('.suggest-widget');
        await widget.locator('.monaco-list-row', { hasText: 'istio-mtls-namespace-strict' }).first().waitFor({ timeout: 15_000 });
        await page.screenshot({ path: join(screenshotDir, 'snippets.png') });
        await page.keyboard.press('Escape');
        return 'snippets.png';
      })) &&
      (await step('typing "mode: PERMISSIVE" and Enter leaves the line as typed', async () => {
        // Line 8 is `    mode: strict`: retype the value with the keyboard, press Enter, save.
        await quickOpen(page, VALUE_FILE);
        await goTo(page, '8:11');
        await page.keyboard.press('Shift+End');
        await page.keyboard.type('PERMISSIVE', { delay: 30 });
        await page.keyboard.press('Enter');
        await page.keyboard.press('Control+S');
        const path = join(folder, 'quickfix', VALUE_FILE);
        const line = await waitFor(() => {
          const l = readFileSync(path, 'utf8').split('\n')[7];
          return l !== '    mode: strict' ? l : undefined;
        });
        if (line !== '    mode: PERMISSIVE') throw new Error(`line 8 is now ${JSON.stringify(line)}`);
        return line;
      }));
  } finally {
    await page.close().catch(() => {});
  }
  return results;
}

/**
 * "Developer: Inspect Editor Tokens and Scopes" at a position: the widget lists the TextMate
 * scopes VS Code itself computed, so this checks the grammar as contributed by package.json.
 */
async function inspectScopes(page, lineColumn, scope) {
  await goTo(page, lineColumn);
  await runCommandFromPalette(page, 'Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  try {
    await widget.waitFor();
    await widget.locator(`text=${scope}`).first().waitFor({ timeout: 10_000 });
  } catch (e) {
    const shown = await widget.innerText().catch(() => '(no widget)');
    throw new Error(`${scope} not among the scopes at ${lineColumn}:\n${shown}`);
  } finally {
    await page.keyboard.press('Escape');
  }
  return scope;
}

/** Ctrl+G, "line:column", Enter: puts the cursor on the flagged value. */
async function goTo(page, lineColumn) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${lineColumn}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}
