// Drives the real VS Code workbench (code-server's VS Code server) through Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { onCleanup } from './processes.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(playwright, dir) {
  const profile = join(dir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const context = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  onCleanup(() => context.close().catch(() => {}));
  return context;
}

/** The workbench URL for a folder, with an Extension Development Host payload. */
export function workbenchUrl(server, folder, payload) {
  const remote = (p) => `vscode-remote://${server.authority}${p}`;
  const entries = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/**
 * Opens an Extension Development Host whose extension host runs the mocha suite at
 * `testsPath`, and resolves with the exit code the workbench reports through the smoke-test
 * driver hook (`codeAutomationExit`).
 */
export async function runExtensionTests({ context, server, folder, extensionPath, testsPath, timeoutMs, log }) {
  const page = await context.newPage();
  const exited = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    // The extension host's console (mocha's reporter) arrives as printf-style arguments.
    const text = Array.isArray(args) ? format(...args) : String(args);
    log?.(`[${type}] ${text}`);
  });
  page.on('pageerror', (err) => log?.(`[pageerror] ${err.message}`));
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath }));
  const result = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  await page.close().catch(() => {});
  return result;
}

/** Opens a plain workbench window with the extension under development loaded. */
export async function openWorkbench({ context, server, folder, extensionPath, log }) {
  const page = await context.newPage();
  page.on('pageerror', (err) => log?.(`[pageerror] ${err.message}`));
  await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: extensionPath }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/** F1, type a command's title, run it. */
export async function runCommandFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Ctrl+P, type a file name, open it; resolves when its editor tab is active. Retried because
 * a key pressed while the workbench is still restoring its layout can be lost.
 */
export async function quickOpen(page, fileName) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(fileName);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}
