/** What the CLI needs from the process, injectable so commands can run in tests. */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutStream;
  stderr: OutStream;
  readStdin(): Promise<Buffer>;
}

export function terminalWidth(stream: OutStream): number {
  return stream.isTTY && stream.columns && stream.columns > 40 ? Math.min(stream.columns, 120) : 100;
}
