/**
 * node:test's timeout cannot interrupt synchronous work: a quadratic or exponential case runs
 * to its end and is then reported as passed (the old Helm masking took 18 s of a 10 s timeout
 * and passed). Hostile inputs answered synchronously are therefore held to a budget of CPU
 * time, which the load of other processes on the machine does not inflate, set far above the
 * fixed code's cost and far below the old code's.
 */
import assert from 'node:assert/strict';

export function withinCpuBudget<T>(budgetMs: number, what: string, work: () => T): T {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms <= budgetMs, `${what}: ${Math.round(ms)} ms of CPU, budget ${budgetMs} ms`);
  return result;
}
