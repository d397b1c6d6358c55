/** Real manifests to mutate: rule docs examples plus the YAML files shipped in examples/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../server/src/core';

function yamlFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(n)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

export function seedCorpus(rules: readonly Rule[]): string[] {
  const root = join(__dirname, '..', '..');
  const fromDocs = rules.flatMap((r) => [r.meta.docs.bad, r.meta.docs.good]).filter((t) => t.trim());
  const all = [...fromDocs, ...yamlFiles(join(root, 'examples'))];
  // A multi-document mix, so mutations also hit document boundaries.
  if (all.length > 1) all.push(all.slice(0, 6).join('\n---\n'));
  return all;
}
