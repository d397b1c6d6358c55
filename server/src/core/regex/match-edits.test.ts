import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFragment, encodeScalar } from './match-edits';

describe('encodeScalar', () => {
  it('keeps plain values plain when they read back as the same string', () => {
    for (const v of ['/api/', 'GET', 'api.example.com', '/v1.0/x', 'a#b', '(?i)x']) assert.equal(encodeScalar(v, 'PLAIN', false), v, v);
  });

  it('quotes plain values that would change type or meaning (YAML 1.1 booleans included)', () => {
    for (const v of ['2', '1.5', 'on', 'No', 'null', '~', 'a: b', 'a #b', '*x', '- x', ' x', '0x1F', '12:30']) {
      assert.equal(encodeScalar(v, 'PLAIN', false), `'${v}'`, v);
    }
    assert.equal(encodeScalar('a,b', 'PLAIN', true), "'a,b'");
    assert.equal(encodeScalar('a,b', 'PLAIN', false), 'a,b');
  });

  it('escapes for the quoting style in use', () => {
    assert.equal(encodeScalar('/v1\\.0/"x"', 'QUOTE_DOUBLE', false), '"/v1\\\\.0/\\"x\\""');
    assert.equal(encodeScalar("it's", 'QUOTE_SINGLE', false), "'it''s'");
    assert.equal(encodeScalar('x', 'BLOCK_LITERAL', false), undefined);
  });
});

describe('encodeFragment', () => {
  it('encodes a piece to insert inside an existing scalar', () => {
    assert.equal(encodeFragment('\\1', 'QUOTE_DOUBLE'), '\\\\1');
    assert.equal(encodeFragment('\\1', 'PLAIN'), '\\1');
    assert.equal(encodeFragment("'", 'QUOTE_SINGLE'), "''");
    assert.equal(encodeFragment(', x', 'PLAIN'), undefined);
  });
});
