/**
 * Property-based fuzzing of the whole engine on mutated real manifests (every rule's docs
 * examples, the bundled examples, the snippets' YAML). Properties: the engine never throws
 * and no rule crashes (no internal-error); every finding and edit lies inside the text;
 * a fix never turns parseable YAML into unparseable YAML; fix-all reaches a fixed point.
 * `FUZZ_RUNS` sets the number of cases (npm test: a bounded number; `npm run fuzz`: many).
 *
 * In `npm test` (no FUZZ_RUNS) the seed is fast-check's global one, fixed by
 * server/src/test-support/fast-check-seed.ts, so CI runs the same 300 cases on every run of a commit
 * and cannot fail at random; `npm run fuzz` draws a new seed each run to explore (a failure prints
 * its seed; FUZZ_SEED replays it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Analyzer, ALL_RULES, documentedRules, defaultConfig, applyFixes, fixAll, type FileFinding } from '../../server/src/core';
import { createEngines } from '../../server/src/engines';
import { mutationsArb } from './mutations';
import { seedCorpus } from './seeds';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Math.floor(Math.random() * 0x7fffffff) : undefined;
const config = defaultConfig();
const analyzer = new Analyzer({ rules: ALL_RULES, services: createEngines() });

function analyze(text: string): FileFinding[] {
  const a = analyzer.analyzeFile('fuzz.yaml', text, config);
  return analyzer.analyzeWorkspace([a], config).get('fuzz.yaml') ?? [];
}

const syntaxErrors = (findings: FileFinding[]) => findings.filter((f) => f.rule === 'yaml-syntax').length;

describe('fuzzing the engine with mutated manifests', () => {
  const seeds = seedCorpus(documentedRules());
  it(`has seeds to mutate (${seeds.length})`, () => {
    assert.ok(seeds.length >= 3);
  });

  it(`${RUNS} mutated manifests: no crash, ranges inside, fixes keep YAML valid, fix-all stable`, { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), mutationsArb, (seed, mutations) => {
        const text = mutations.reduce((t, m) => m(t), seed);
        const findings = analyze(text);
        for (const f of findings) {
          assert.notEqual(f.rule, 'internal-error', f.message);
          assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.rule} range ${f.start}-${f.end} outside 0-${text.length}`);
          for (const fix of f.fixes) {
            for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${f.rule} fix "${fix.title}" edit outside the text`);
          }
        }
        if (syntaxErrors(findings) === 0) {
          for (const f of findings) {
            for (const fix of f.fixes) {
              const fixed = applyFixes(text, [fix]).text;
              assert.equal(syntaxErrors(analyze(fixed)), 0, `${f.rule} fix "${fix.title}" broke the YAML:\n${fixed}`);
            }
          }
        }
        const once = fixAll(text, analyze);
        if (once.passes < 10) {
          const twice = fixAll(once.text, analyze);
          assert.equal(twice.applied, 0, `fix-all is not stable: second run applied ${twice.applied} more fixes`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
