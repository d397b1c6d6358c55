/**
 * `dist/cli.js`: runs the CLI bundle (`dist/cli-bundle.js`) through the code cache (see
 * code-cache.ts), brought up to date when the process exits, so it holds what runs compiled.
 */
import { join } from 'node:path';
import { loadBundle } from './code-cache';

const loaded = loadBundle(join(__dirname, 'cli-bundle.js'));
process.once('exit', () => loaded.save());
