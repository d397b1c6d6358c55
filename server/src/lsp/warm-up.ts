/**
 * Work done while the server has nothing else to do, so that what users do first is not slow.
 *
 * Loads the regex engines while the server has nothing else to do: RE2's WebAssembly
 * instance (about 15 ms) and a first compile in each engine, then the automata's
 * case-folding table, so the first analysis of a file with regexes does not pay for them. Idle time only: one engine call (or one
 * step of the table) per turn of the event loop, and the warm-up stops for good once `busy()` says real work has arrived (a document
 * is open). A message that arrives meanwhile waits at most for the one call that is running.
 */
import { Analyzer, defaultConfig, prepareCaseFoldingStep, type AnalyzerOptions, type FileAnalysis, type Services } from '../core';

/**
 * Shapes users write (anchors, groups, alternation, classes, counted repetition, flags):
 * they make each engine's common paths run once. Each is outside the plain syntax the
 * engines accept without compiling (engines/plain-syntax.ts), or it would warm nothing.
 */
const PATTERNS = ['^/api/v[0-9]{1,3}/(users|orders)(/.*)?$', '(?i).*(android|iphone).*', 'https://([a-z0-9-]+\\.)?example\\.com\\b'];

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function warmUpEngines(services: Services, busy: () => boolean): Promise<void> {
  for (const pattern of PATTERNS) {
    for (const engine of [services.re2, services.go]) {
      await nextTurn();
      if (busy()) return;
      engine.check(pattern);
    }
  }
  // The case-folding table one step per turn (it took 60-80 ms at once, which an open that
  // arrived meanwhile had to wait for).
  do {
    await nextTurn();
    if (busy()) return;
  } while (!prepareCaseFoldingStep());
}

/** Rounds of the analysis warm-up: enough calls for V8 to optimise the analysis code. */
const ANALYSIS_ROUNDS = 6;
/** Files per workspace pass in the analysis warm-up (each pass is one unit of work). */
const WORKSPACE_GROUP = 12;

/**
 * Makes the analysis code hot while the server has nothing to do: analyses `samples` (the rules'
 * documentation examples) a few times in scratch analyzers, with workspace passes over small
 * groups of them. V8 optimises code that has run often, so a large file opened later runs
 * optimised code instead of warming it up itself (in process, the 2,000-document file's first
 * analysis took about half the main-thread CPU after this). One file or one pass per unit, and
 * a unit runs only once `quiet()` says so (nothing scheduled or running, no document event for a
 * while), so a keystroke never waits for more than one unit; false from `quiet()` ends it.
 */
export async function warmUpAnalysis(options: AnalyzerOptions, samples: readonly string[], quiet: () => Promise<boolean>, rounds = ANALYSIS_ROUNDS): Promise<void> {
  const config = defaultConfig();
  for (let round = 0; round < rounds; round++) {
    // A fresh analyzer each round: the same text in the same one is answered from its memo.
    const analyzer = new Analyzer(options);
    let group: FileAnalysis[] = [];
    for (let i = 0; i < samples.length; i++) {
      if (!(await quiet())) return;
      group.push(analyzer.analyzeFile(`untitled:istio-tips-warm-up-${i}.yaml`, samples[i], config));
      if (group.length < WORKSPACE_GROUP && i < samples.length - 1) continue;
      if (!(await quiet())) return;
      analyzer.analyzeWorkspace(group, config, new Set(group.map((f) => f.uri)));
      group = [];
    }
  }
}
