// Floor reference, run in its own process so peak RSS is its own: how long the YAML
// libraries alone take to parse a file. Prints one JSON line.
//   node bench/floor-child.mjs yaml|js-yaml|lexer FILE
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [lib, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const t0 = performance.now();
let docs = 0;
if (lib === 'yaml') {
  const { parseAllDocuments } = await import('yaml');
  const parsed = parseAllDocuments(text);
  docs = Array.isArray(parsed) ? parsed.length : 0;
} else if (lib === 'js-yaml') {
  // Installed on demand by `npm run bench` (scripts/tools.mjs), not by npm ci.
  const { loadAll } = await import(new URL('../.tools/node_modules/js-yaml/index.js', import.meta.url).href);
  // js-yaml gives up on the whole stream at its first error, and the corpus plants some:
  // load document by document (split at `---` lines) so every document is read.
  for (const chunk of text.split(/^(?=---(?:[ \t\r]|$))/m)) {
    try {
      loadAll(chunk, () => docs++);
    } catch {
      docs++;
    }
  }
} else if (lib === 'lexer') {
  const { Lexer } = await import('yaml');
  for (const _ of new Lexer().lex(text)) docs++;
} else {
  console.error(`unknown library ${lib}`);
  process.exit(2);
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ lib, ms, docs, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
