/**
 * The README's istioctl coverage table and the rules' `istioctl` metadata agree: every code a
 * rule claims appears in a row naming that rule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentedRules } from '../server/src/core';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## istioctl analyze coverage'), readme.indexOf('## Screenshots'));
const rows = section.split('\n').filter((l) => l.startsWith('| IST'));

describe('istioctl coverage table', () => {
  for (const r of documentedRules()) {
    for (const ref of r.meta.istioctl ?? []) {
      it(`lists ${ref.code} for ${r.meta.id}`, () => {
        assert.ok(
          rows.some((row) => row.includes(ref.code) && row.includes(ref.analyzer) && row.includes(`\`${r.meta.id}\``)),
          `README row with ${ref.code}, ${ref.analyzer} and ${r.meta.id}`,
        );
      });
    }
  }
});
