// Unit tests of the extension's plain decisions (run with `npm test`, no VS Code needed).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const packageJson = require('../../package.json');
const { serverKeys, explicitValue, explicitSection, serverCommand } = require('../../lib/settings');

test('server keys come from the generated schema, without client-only ones', () => {
  const keys = serverKeys(packageJson);
  for (const key of ['select', 'ignore', 'severity', 'shellcheck', 'registry.enabled', 'registry.denyHosts']) {
    assert.ok(keys.includes(key), `${key} missing from ${keys}`);
  }
  assert.ok(!keys.includes('path'));
  assert.ok(!keys.includes('trace.server'));
});

test('the activation event and the language match', () => {
  assert.deepEqual(packageJson.activationEvents, ['onLanguage:dockerfile']);
  const language = packageJson.contributes.languages.find((l) => l.id === 'dockerfile');
  assert.ok(language.filenames.includes('Dockerfile') && language.filenames.includes('Containerfile'));
  for (const pattern of ['Dockerfile.*', '*.Dockerfile', '*.dockerfile']) {
    assert.ok(language.filenamePatterns.includes(pattern), pattern);
  }
});

test('only values the user set are sent, nested by their dots', () => {
  const settings = {
    shellcheck: { defaultValue: true, globalValue: false },
    ignore: { defaultValue: [], workspaceValue: ['DL3008'] },
    'registry.offline': { defaultValue: false, workspaceFolderValue: true },
    'registry.enabled': { defaultValue: true },
    target: { defaultValue: null, globalValue: null },
    select: { defaultValue: [] },
  };
  const section = explicitSection(Object.keys(settings), (key) => settings[key], true);
  assert.deepEqual(section, { shellcheck: false, ignore: ['DL3008'], registry: { offline: true } });
});

test('an untrusted workspace switches registry lookups off', () => {
  const section = explicitSection(['registry.enabled'], () => ({ globalValue: true }), false);
  assert.deepEqual(section, { registry: { enabled: false } });
});

test('scopes: the most specific wins, objects merge', () => {
  assert.equal(explicitValue({ globalValue: 'a', workspaceValue: 'b', workspaceFolderValue: 'c' }), 'c');
  assert.equal(explicitValue({ globalValue: 'a', workspaceValue: 'b' }), 'b');
  assert.deepEqual(
    explicitValue({ globalValue: { DL3008: 'error', DL3009: 'info' }, workspaceValue: { DL3009: 'style' } }),
    { DL3008: 'error', DL3009: 'style' },
  );
  assert.deepEqual(explicitValue({ globalValue: ['a'], workspaceValue: ['b'] }), ['b']);
  assert.equal(explicitValue({ defaultValue: 1 }), undefined);
  assert.equal(explicitValue(undefined), undefined);
});

test('server binary: setting, then DLINT_PATH, then bundled, then PATH', () => {
  const files = new Set(['/opt/dlint', '/env/dlint', '/ext/server/dlint', '/usr/bin/dlint']);
  const isFile = (f) => files.has(f);
  const base = { bundled: '/ext/server/dlint', searchPath: ['/nope', '/usr/bin'].join(path.delimiter), isFile };
  assert.equal(serverCommand({ ...base, setting: '/opt/dlint', envPath: '/env/dlint' }).command, '/opt/dlint');
  assert.equal(serverCommand({ ...base, setting: '', envPath: '/env/dlint' }).command, '/env/dlint');
  assert.equal(serverCommand({ ...base }).source, 'bundled');
  files.delete('/ext/server/dlint');
  assert.deepEqual(serverCommand({ ...base }).command, '/usr/bin/dlint');
});

test('a missing binary says everything it tried', () => {
  const found = serverCommand({ setting: '/typo/dlint', bundled: '/ext/server/dlint', searchPath: '/usr/bin', isFile: () => false });
  assert.equal(found.command, undefined);
  assert.equal(found.tried.length, 3);
  assert.match(found.tried[0], /\/typo\/dlint \(setting dlint.path\): not found/);
  assert.match(found.tried[2], /dlint on PATH: not found/);
});
