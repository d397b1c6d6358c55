/** The CLI's pure pieces, in process: argument parsing, decoding, colour choice, layout. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError, closest } from '../../server/src/cli/args';
import { decode } from '../../server/src/cli/inputs';
import { colorEnabled } from '../../server/src/cli/style';
import { summaryLine } from '../../server/src/cli/format-text';
import { makeStyle } from '../../server/src/cli/style';
import { pathToUri, sarifLevel } from '../../server/src/cli/format-sarif';
import { wrapParagraphs } from '../../server/src/cli/rule-docs';

describe('parseArgs', () => {
  it('parses lint options in both --opt value and --opt=value forms', () => {
    assert.deepEqual(parseArgs(['lint', '-f', 'sarif', '--fix', '--config=c.yaml', '--root-namespace', 'mesh', '--istio-version=1.22', '--max-warnings=3', '-q', '--exit-zero', 'a', 'b']), {
      kind: 'lint',
      paths: ['a', 'b'],
      format: 'sarif',
      fix: true,
      unsafeFixes: false,
      diff: false,
      config: 'c.yaml',
      rootNamespace: 'mesh',
      istioVersion: '1.22',
      maxWarnings: 3,
      quiet: true,
      exitZero: true,
      color: undefined,
      stdinFilename: undefined,
    });
  });

  it('defaults to the current directory and text; "--" ends options', () => {
    const cmd = parseArgs(['lint']);
    assert.ok(cmd.kind === 'lint' && cmd.paths[0] === '.' && cmd.format === 'text');
    const dashed = parseArgs(['lint', '--', '--weird-name.yaml']);
    assert.ok(dashed.kind === 'lint' && dashed.paths[0] === '--weird-name.yaml');
  });

  it('recognises help, version, rules and explain', () => {
    assert.deepEqual(parseArgs([]), { kind: 'help' });
    assert.deepEqual(parseArgs(['help', 'lint']), { kind: 'help', topic: 'lint' });
    assert.deepEqual(parseArgs(['lint', '--help']), { kind: 'help', topic: 'lint' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepEqual(parseArgs(['rules', '--format', 'json']), { kind: 'rules', format: 'json', color: undefined });
    assert.deepEqual(parseArgs(['explain', 'x', '--no-color']), { kind: 'explain', id: 'x', color: false });
  });

  it('rejects what it does not understand', () => {
    for (const argv of [['lint', '--fix=yes'], ['lint', '-z'], ['rules', 'extra'], ['explain'], ['explain', 'a', 'b'], ['lint', '-', '-'], ['--format', 'json']]) {
      assert.throws(() => parseArgs(argv), UsageError, argv.join(' '));
    }
    assert.throws(() => parseArgs(['a.yaml']), /did you mean "istio-tips lint a\.yaml"/);
  });

  it('suggests only close words', () => {
    assert.equal(closest('fromat', ['format', 'fix']), 'format');
    assert.equal(closest('zzzzzz', ['format', 'fix']), undefined);
  });
});

describe('decode', () => {
  it('strips and remembers a byte order mark', () => {
    assert.deepEqual(decode(Buffer.from('\ufeffa: 1\n')), { text: 'a: 1\n', bom: true });
    assert.deepEqual(decode(Buffer.from('é: 😀\n')), { text: 'é: 😀\n', bom: false });
  });

  it('names the first invalid byte, and NUL bytes as binary', () => {
    assert.deepEqual(decode(Buffer.from([0x61, 0xc3, 0x28])), { skip: 'not valid UTF-8 text (first bad byte at offset 1); Kubernetes manifests must be UTF-8: skipped' });
    assert.match((decode(Buffer.from([0x61, 0x00])) as { skip: string }).skip, /binary content/);
  });
});

describe('colour choice', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('follows the flag, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    assert.equal(colorEnabled(pipe, {}, true), true);
    assert.equal(colorEnabled(tty, { FORCE_COLOR: '1' }, false), false);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
    assert.equal(colorEnabled(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(colorEnabled(tty, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(tty, { NO_COLOR: '' }), true);
    assert.equal(colorEnabled(tty, { TERM: 'dumb' }), false);
    assert.equal(colorEnabled(pipe, {}), false);
  });
});

describe('layout', () => {
  const plain = makeStyle(false);
  it('pluralises the summary and mentions hints only when there are some', () => {
    assert.equal(summaryLine({ error: 1, warning: 2, info: 1, hint: 0 }, 3, plain), '✖ 4 problems (1 error, 2 warnings, 1 info)');
    assert.equal(summaryLine({ error: 0, warning: 0, info: 0, hint: 2 }, 1, plain), '✖ 2 problems (0 errors, 0 warnings, 0 infos, 2 hints)');
    assert.equal(summaryLine({ error: 0, warning: 0, info: 0, hint: 0 }, 1, plain), 'No problems found in 1 file');
  });

  it('maps severities to SARIF levels and encodes paths', () => {
    assert.deepEqual(['error', 'warning', 'info', 'hint'].map((s) => sarifLevel(s as 'error')), ['error', 'warning', 'note', 'note']);
    assert.equal(pathToUri('../k8s/my file#1.yaml'), '../k8s/my%20file%231.yaml');
  });

  it('wraps prose, hangs list items, leaves code blocks alone', () => {
    const long = 'x'.repeat(50);
    assert.equal(wrapParagraphs(`- one two three four five six seven`, 20), '- one two three four\n  five six seven');
    assert.equal(wrapParagraphs(`\`\`\`\n${long}\n\`\`\``, 20), `\`\`\`\n${long}\n\`\`\``);
    assert.equal(wrapParagraphs(`    ${long}`, 20), `    ${long}`);
  });
});
