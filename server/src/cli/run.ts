/** Dispatches a command line to its command and turns failures into exit code 2. */
import { parseArgs, UsageError } from './args';
import { ConfigError } from './config-file';
import { helpText } from './help';
import type { CliIo } from './io';
import { EXIT_USAGE, lintCommand } from './lint-command';
import { TOOL_NAME, TOOL_VERSION } from './meta';
import { explainCommand, rulesCommand } from './rules-command';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const cmd = parseArgs(argv);
    switch (cmd.kind) {
      case 'version':
        io.stdout.write(`${TOOL_NAME} ${TOOL_VERSION}\n`);
        return 0;
      case 'help': {
        const text = helpText(cmd.topic);
        if (!text) throw new UsageError(`no help for "${cmd.topic}": commands are lint, rules and explain`);
        io.stdout.write(text);
        return 0;
      }
      case 'rules':
        return rulesCommand(cmd, io);
      case 'explain':
        return explainCommand(cmd, io);
      case 'lint':
        return await lintCommand(cmd, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${TOOL_NAME}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ConfigError) {
      for (const p of e.problems) io.stderr.write(`${p}\n`);
      io.stderr.write(`${TOOL_NAME}: fix the configuration above (or pass --config) and run again\n`);
      return EXIT_USAGE;
    }
    // A bug, not the user's fault: one line, and the stack only on request.
    const err = e as Error;
    io.stderr.write(`${TOOL_NAME}: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env.ISTIO_TIPS_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
    else io.stderr.write(`${TOOL_NAME}: set ISTIO_TIPS_DEBUG=1 for details, and please report it\n`);
    return EXIT_USAGE;
  }
}
