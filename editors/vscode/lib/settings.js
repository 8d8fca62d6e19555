// @ts-check
// The extension's decisions as plain functions of plain data (no `vscode` import), so
// `node --test` checks them without an editor: which settings reach the server, and which
// binary runs.
'use strict';

const path = require('path');

/** Settings the client reads itself; never sent to the server. */
const CLIENT_ONLY = new Set(['path', 'trace.server']);

/**
 * The server's setting keys (`registry.enabled`, `shellcheck`, …, without `dlint.`), from
 * the schema in package.json, which is generated from the server's settings table.
 * @param {any} packageJson
 * @returns {string[]}
 */
function serverKeys(packageJson) {
  const properties = packageJson.contributes.configuration.properties;
  return Object.keys(properties)
    .filter((key) => key.startsWith('dlint.'))
    .map((key) => key.slice('dlint.'.length))
    .filter((key) => !CLIENT_ONLY.has(key));
}

/** @param {Record<string, any>} root @param {string} key @param {any} value */
function setDotted(root, key, value) {
  const parts = key.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

/** @param {any} value */
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value a user set for one key across user, workspace and folder settings, or
 * undefined when only the default applies. Objects merge (as VS Code merges them); other
 * values: the most specific scope wins.
 * @param {{globalValue?: any, workspaceValue?: any, workspaceFolderValue?: any} | undefined} info
 */
function explicitValue(info) {
  if (!info) return undefined;
  /** @type {any} */
  let value;
  for (const v of [info.globalValue, info.workspaceValue, info.workspaceFolderValue]) {
    if (v === undefined || v === null) continue;
    value = isPlainObject(v) && isPlainObject(value) ? { ...value, ...v } : v;
  }
  return value;
}

/**
 * The `dlint` section the server gets from workspace/configuration. Only values the user
 * set are sent: a default sent explicitly would override the project's `.dlint.toml`
 * (editor settings win over the file), and `null` means "unset". In an untrusted
 * workspace registry lookups are switched off, so opening a repository does not make
 * dlint contact the hosts its Dockerfiles name.
 * @param {string[]} keys
 * @param {(key: string) => any} inspect  `WorkspaceConfiguration.inspect` for the section
 * @param {boolean} trusted
 */
function explicitSection(keys, inspect, trusted) {
  /** @type {Record<string, any>} */
  const section = {};
  for (const key of keys) {
    const value = explicitValue(inspect(key));
    if (value !== undefined) setDotted(section, key, value);
  }
  if (!trusted) setDotted(section, 'registry.enabled', false);
  return section;
}

/**
 * The program on PATH named `name`, or undefined.
 * @param {string} name
 * @param {string | undefined} searchPath
 * @param {(file: string) => boolean} isFile
 */
function onPath(name, searchPath, isFile) {
  for (const dir of (searchPath || '').split(path.delimiter)) {
    if (dir && isFile(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * Which dlint binary to run, and why: the `dlint.path` setting, else `$DLINT_PATH`, else
 * the binary bundled in the extension (`server/dlint`), else `dlint` on PATH.
 * `command` is undefined when none exists; `tried` then says what was looked for.
 * @param {{ setting?: string, envPath?: string, bundled: string, searchPath?: string, isFile: (file: string) => boolean, exe?: string }} where
 * @returns {{ command?: string, source: string, tried: string[] }}
 */
function serverCommand(where) {
  /** @type {string[]} */
  const tried = [];
  /** @type {[string, string | undefined][]} */
  const configured = [
    ['setting dlint.path', where.setting],
    ['environment variable DLINT_PATH', where.envPath],
  ];
  for (const [source, candidate] of configured) {
    if (!candidate) continue;
    if (where.isFile(candidate)) return { command: candidate, source, tried };
    tried.push(`${candidate} (${source}): not found`);
  }
  if (where.isFile(where.bundled)) return { command: where.bundled, source: 'bundled', tried };
  tried.push(`${where.bundled} (bundled): not found`);
  const exe = where.exe || 'dlint';
  const found = onPath(exe, where.searchPath, where.isFile);
  if (found) return { command: found, source: 'PATH', tried };
  tried.push(`${exe} on PATH: not found`);
  return { source: 'none', tried };
}

module.exports = { serverKeys, explicitValue, explicitSection, serverCommand, onPath, CLIENT_ONLY };
