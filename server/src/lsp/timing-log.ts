/**
 * ISTIO_TIPS_TIMING_LOG=<file>: the server appends one JSON line per document event it
 * receives and per diagnostics publish it sends, stamped with the wall clock in milliseconds
 * (performance.timeOrigin + performance.now(), comparable across processes of one machine).
 * The real-editor latency test reads it to split a keystroke's latency into the editor's part,
 * the transport and the server's own work. Off (no cost) when the variable is unset.
 */
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export type TimingEvent = 'open' | 'change' | 'publish';

export type TimingLog = (event: TimingEvent, uri: string, version: number | undefined) => void;

export function timingLog(file = process.env.ISTIO_TIPS_TIMING_LOG): TimingLog | undefined {
  if (!file) return undefined;
  return (event, uri, version) => {
    const t = performance.timeOrigin + performance.now();
    try {
      appendFileSync(file, `${JSON.stringify({ event, uri, version, t })}\n`);
    } catch {
      // A measurement aid: a log that cannot be written must not disturb the server.
    }
  };
}
