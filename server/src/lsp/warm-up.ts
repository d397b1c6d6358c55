/**
 * Loads the regex engines while the server has nothing else to do: RE2's WebAssembly
 * instance (about 15 ms) and a first compile in each engine, then the automata's
 * case-folding table, so the first analysis of a file with regexes does not pay for them. Idle time only: one engine call (or one
 * step of the table) per turn of the event loop, and the warm-up stops for good once `busy()` says real work has arrived (a document
 * is open). A message that arrives meanwhile waits at most for the one call that is running.
 */
import { prepareCaseFoldingStep, type Services } from '../core';

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
