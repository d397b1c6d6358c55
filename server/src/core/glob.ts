/**
 * Exclude globs (`**`, `*`, `?`, everything else literal) over '/'-separated relative paths,
 * matched in linear time. The globs come from `.istio-tips.yaml` in whatever folder a user
 * opens, so they are hostile input: a backtracking regex for `*a*a*a*a*a*a*a*b` spends
 * seconds per path. Here a glob is a small automaton simulated over a set of states
 * (Thompson's construction, as RE2 does): O(path length x glob length), whatever the glob.
 *
 * Semantics (unchanged from the regex translation it replaces):
 * - `*` any run of characters except '/'; `?` one character except '/';
 * - `**` followed by '/' any number of whole directories (none included); `**` elsewhere any run;
 * - a glob without '/' matches a name at any depth (as in .gitignore);
 * - a path also counts as matched when it followed by '/' would be (a directory `a` and `a/**`).
 */

/** One state of the automaton: its moves on a character, and where it goes without one. */
interface State {
  /** Target on a character (`undefined`: no move). */
  on: (c: number) => number | undefined;
  /** States reached without consuming a character. */
  skip?: number;
}

const SLASH = 0x2f;

export interface GlobMatcher {
  (relativePath: string): boolean;
}

/** Compiles one glob to its automaton; the accepting state is `states.length`. */
function compile(glob: string): State[] {
  const states: State[] = [];
  for (let i = 0; i < glob.length; i++) {
    const s = states.length;
    const c = glob.charCodeAt(i);
    if (glob[i] === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        // (?:[^/]*/)*: s is between directories (may end the repetition), s+1 inside a name.
        states.push({ on: (x) => (x === SLASH ? s : s + 1), skip: s + 2 });
        states.push({ on: (x) => (x === SLASH ? s : s + 1) });
      } else states.push({ on: () => s, skip: s + 1 });
    } else if (glob[i] === '*') states.push({ on: (x) => (x === SLASH ? undefined : s), skip: s + 1 });
    else if (glob[i] === '?') states.push({ on: (x) => (x === SLASH ? undefined : s + 1) });
    else states.push({ on: (x) => (x === c ? s + 1 : undefined) });
  }
  return states;
}

/** A matcher for one glob. */
export function globMatcher(glob: string): GlobMatcher {
  const states = compile(glob);
  const accept = states.length;
  const anywhere = !glob.includes('/');
  // Generation marks instead of fresh sets: no allocation per character.
  const mark = new Uint32Array(accept + 1);
  let gen = 0;
  const add = (list: number[], s: number) => {
    while (mark[s] !== gen) {
      mark[s] = gen;
      list.push(s);
      const next = s < accept ? states[s].skip : undefined;
      if (next === undefined) return;
      s = next;
    }
  };
  const step = (current: number[], c: number, restart: boolean): number[] => {
    gen++;
    const next: number[] = [];
    for (const s of current) {
      if (s === accept) continue;
      const t = states[s].on(c);
      if (t !== undefined) add(next, t);
    }
    // Unanchored globs may also start after any '/'.
    if (restart) add(next, 0);
    return next;
  };
  return (path: string) => {
    if (gen > 0xfff00000) {
      mark.fill(0);
      gen = 0;
    }
    gen++;
    let current: number[] = [];
    add(current, 0);
    for (let i = 0; i < path.length && (current.length || anywhere); i++) {
      const c = path.charCodeAt(i);
      current = step(current, c, anywhere && c === SLASH);
    }
    if (current.includes(accept)) return true;
    // The path as a directory: followed by '/'.
    return (current.length > 0 || anywhere) && step(current, SLASH, anywhere).includes(accept);
  };
}

/** One matcher for a list of globs: true when any matches. */
export function globsMatcher(globs: readonly string[]): GlobMatcher {
  const matchers = globs.map(globMatcher);
  return (path) => {
    const p = path.includes('\\') ? path.replace(/\\/g, '/') : path;
    return matchers.some((m) => m(p));
  };
}
