/**
 * Preloaded by scripts/run-tests.mjs: every property test of `npm test` runs with one fixed
 * fast-check seed, so a commit's CI run draws the same cases every time and cannot fail at
 * random. Set FC_SEED to replay or explore another seed; `npm run fuzz` draws its own seed.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261208) });
