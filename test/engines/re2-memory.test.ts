/**
 * A language server lives for days: compiling many distinct patterns must keep memory flat
 * (every compiled object deleted, caches bounded), and a pattern that kills the WebAssembly
 * module must come back as a finding, not as a crash. Bounds, not timings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Re2Engine } from '../../server/src/engines/re2';
import { GoRegexpEngine } from '../../server/src/engines/go-regexp';
import { lintFiles, defaultConfig } from '../../server/src/core';

const MB = 1024 * 1024;

/** Distinct, realistic patterns (with distinct bracket expressions, so every one compiles). */
function pattern(i: number): string {
  switch (i % 4) {
    case 0:
      return `/api/v${i}/[a-z0-9]{2,${(i % 40) + 3}}/.*`;
    case 1:
      return `(?i).*(bot|crawler|spider)-${i}[^/]*`;
    case 2:
      return `^/users/[0-9]+/orders/${i}(?:/[a-f${i % 10}]+)?$`;
    default:
      return `[a-${String.fromCharCode(98 + (i % 24))}]+\\.example${i}\\.com`;
  }
}

describe('RE2 engine memory', () => {
  it('compiles 20,000 distinct patterns with flat memory and bounded caches', () => {
    const engine = new Re2Engine({ cacheSize: 5_000 });
    for (let i = 0; i < 1_000; i++) assert.equal(engine.check(pattern(i)).ok, true, pattern(i));
    const before = process.memoryUsage().rss;
    for (let i = 1_000; i < 21_000; i++) {
      const v = engine.check(pattern(i));
      if (!v.ok) assert.fail(`${pattern(i)}: ${v.message}`);
    }
    const growth = process.memoryUsage().rss - before;
    const stats = engine.stats();
    assert.equal(stats.aborts, 0, 'the module never ran out of memory');
    assert.ok(stats.cached <= 5_000, `verdict cache bounded (${stats.cached})`);
    assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
    // The module's fixed heap still has room for a large program: nothing leaked into it.
    assert.deepEqual(engine.check(`(?:${'[a-z]{10}'.repeat(50)})`), { ok: true });
    assert.equal(engine.fullMatch('.*Chrome.*', 'Mozilla Chrome'), true);
  });

  it('a pattern that makes the module fail is a finding, and linting goes on', () => {
    const services = { re2: new Re2Engine({ maxPatternLength: Infinity }), go: new GoRegexpEngine() };
    const killer = 'a*'.repeat(200_000);
    const route = (name: string, value: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}}\nspec:\n  rules:\n  - matches:\n    - path: {type: RegularExpression, value: '${value}'}\n`;
    const text = `${route('huge', killer)}---\n${route('next', '/v1/(a')}`;
    const findings = lintFiles({ 'routes.yaml': text }, defaultConfig(), services).get('routes.yaml') ?? [];
    const errors = findings.filter((f) => f.rule === 'regex-syntax-error');
    assert.equal(errors.length, 2, findings.map((f) => `${f.rule}: ${f.message.slice(0, 80)}`).join('\n'));
    assert.match(errors[0].message, /too large/);
    assert.match(errors[1].message, /missing \)/);
    assert.ok(services.re2.stats().aborts >= 1);
    assert.ok(!findings.some((f) => f.rule === 'internal-error'));
  });
});
