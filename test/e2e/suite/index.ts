/**
 * Entry point VS Code calls inside the extension host (`extensionTestsPath`): runs the mocha
 * suite with the real `vscode` API. Results also go to `results.json` beside this file,
 * because the workbench only hands the runner an exit code.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  ms?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const outcomes: Outcome[] = [];
  const resultsFile = path.join(__dirname, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      fs.writeFileSync(resultsFile, JSON.stringify({ outcomes }, null, 2));
      if (failures) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) =>
      outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }),
    );
  });
}
