import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig, normalizeSettings } from './settings';

const known = new Set(['r-a', 'r-b']);

describe('settings', () => {
  it('falls back to defaults for wrong types, with a problem each', () => {
    const { settings, problems } = normalizeSettings({ enable: 'yes', run: 'sometimes', debounce: -1, rules: [], workspaceScan: false });
    assert.equal(settings.enable, true);
    assert.equal(settings.run, 'onType');
    assert.equal(settings.debounce, 0);
    assert.deepEqual(settings.rules, {});
    assert.equal(settings.workspaceScan, false);
    assert.equal(problems.length, 4);
    assert.deepEqual(normalizeSettings(null).problems, []);
  });

  it('layers defaults, the config file, then settings that were set', () => {
    const file = 'rootNamespace: mesh-root\nmaxFileSize: 1000\nrules:\n  r-a: info\n  r-b: off\n';
    const unset = buildConfig(file, '.istio-tips.yaml', normalizeSettings({}).settings, known);
    assert.deepEqual(unset.problems, []);
    assert.equal(unset.config.rootNamespace, 'mesh-root');
    assert.equal(unset.config.maxFileSize, 1000);
    assert.deepEqual(unset.config.rules, { 'r-a': 'info', 'r-b': 'off' });
    const set = buildConfig(file, '.istio-tips.yaml', normalizeSettings({ rootNamespace: 'other', maxFileSize: 5, rules: { 'r-a': 'error' } }).settings, known);
    assert.equal(set.config.rootNamespace, 'other');
    assert.equal(set.config.maxFileSize, 5);
    assert.deepEqual(set.config.rules, { 'r-a': 'error', 'r-b': 'off' });
  });

  it('takes istioVersion from the settings over the config file, and leaves it unknown when neither sets it', () => {
    assert.equal(buildConfig(undefined, '.istio-tips.yaml', normalizeSettings({}).settings, known).config.istioVersion, undefined);
    const file = 'istioVersion: "1.21"\n';
    assert.equal(buildConfig(file, '.istio-tips.yaml', normalizeSettings({}).settings, known).config.istioVersion, '1.21');
    assert.equal(buildConfig(file, '.istio-tips.yaml', normalizeSettings({ istioVersion: '1.24' }).settings, known).config.istioVersion, '1.24');
  });

  it('reports config problems from both sources', () => {
    const { config, problems } = buildConfig('rules: [', '.istio-tips.yaml', normalizeSettings({ rules: { nope: 'off' } }).settings, known);
    assert.equal(config.rootNamespace, 'istio-system');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /not valid YAML/);
    assert.match(problems[1], /unknown rule "nope"/);
  });
});
