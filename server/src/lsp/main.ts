/**
 * Entry point of the language server bundle (`dist/server.js`).
 * Transports: `--stdio` (any LSP client), `--node-ipc` (what vscode-languageclient uses
 * by default), `--socket=N`, `--pipe=NAME`; with none of them, stdio.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import packageJson from '../../../package.json';
import { startServer } from './server';

const args = process.argv.slice(2);

if (args.includes('--version')) {
  process.stdout.write(`${packageJson.version}\n`);
  process.exit(0);
}

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
const hasTransport = args.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)));
const connection = hasTransport ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);

// Last line of defence: a stray exception in a timer is logged, the server keeps serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

startServer(connection, { version: packageJson.version });
