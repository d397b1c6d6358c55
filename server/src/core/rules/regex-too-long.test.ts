import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectFindings, expectNoFindings } from '../../test-support/rule-tester';
import { vsUri as uri, bareHttpRoute, envoyFilter } from '../regex/test-fixtures';

const ID = 'regex-too-long';

/** Caret line under `        regex: '<value>'` covering the quoted value. */
const under = (value: string, note = '') => `#              ${'^'.repeat(value.length + 2)} ${note}`;

describe('regex-too-long', () => {
  it('flags a regex over 1024 bytes, with its length', () => {
    const value = 'a'.repeat(1025);
    const [f] = expectFindings(ID, uri(`        regex: '${value}'\n${under(value, '1025 bytes')}`));
    assert.match(f.message, /^Regex is 1025 bytes: Istio's webhook rejects over 1024/);
    assert.match(f.detail ?? '', /over 1024 bytes/);
  });

  it('counts UTF-8 bytes like Go: 513 "é" are 1026 bytes', () => {
    const value = 'é'.repeat(513);
    expectFindings(ID, uri(`        regex: '${value}'\n${under(value, '1026 bytes')}`));
  });

  it('accepts exactly 1024 bytes', () => {
    expectNoFindings(ID, uri(`        regex: '${'a'.repeat(1024)}'`));
    expectNoFindings(ID, uri(`        regex: '${'é'.repeat(512)}'`));
  });

  it('ignores exact/prefix values, Gateway API and EnvoyFilter proxyVersion', () => {
    const long = 'a'.repeat(2000);
    expectNoFindings(ID, uri(`        prefix: '${long}'`));
    expectNoFindings(
      ID,
      bareHttpRoute(`    - path: {type: RegularExpression, value: '${long}'}`),
    );
    expectNoFindings(
      ID,
      envoyFilter(`  - match: {proxy: {proxyVersion: '${long}'}}`),
    );
  });
});
