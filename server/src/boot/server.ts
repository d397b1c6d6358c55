/**
 * `dist/server.js`: loads the language server bundle (`dist/server-bundle.js`) through the
 * code cache (see code-cache.ts). The cache is brought up to date when the server exits,
 * and a minute after start for a server that is never shut down cleanly.
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache';

const loaded = loadBundle(join(__dirname, 'server-bundle.js'));
process.once('exit', () => loaded.save());
setTimeout(() => loaded.save(), 60_000).unref();
