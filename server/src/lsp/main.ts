/**
 * Entry point of the language server bundle (`dist/server.js`).
 * Transports: `--stdio` (any LSP client), `--node-ipc` (what vscode-languageclient uses
 * by default), `--socket=N`, `--pipe=NAME`; with none of them, stdio.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import packageJson from '../../../package.json';
import { startServer } from './server';
import { coalescedOutput, consoleToClient } from './stdio';

const args = process.argv.slice(2);

if (args.includes('--version')) {
  process.stdout.write(`${packageJson.version}\n`);
  process.exit(0);
}

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
const transport = args.find((a) => TRANSPORTS.some((t) => a === t || a.startsWith(`${t}=`)));
// Over stdio, each message leaves in one write (see stdio.ts); the other transports are vscode-languageserver's own.
const stdio = transport === undefined || transport === '--stdio';
const connection = stdio ? createConnection(ProposedFeatures.all, process.stdin, coalescedOutput(process.stdout)) : createConnection(ProposedFeatures.all);
if (stdio) consoleToClient(connection.console);

// Last line of defence: a stray exception in a timer is logged, the server keeps serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

startServer(connection, { version: packageJson.version });
