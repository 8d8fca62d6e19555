// @ts-check
// The dlint VS Code extension: starts `dlint lsp` for Dockerfiles and hands it the
// `dlint.*` settings. Everything else (diagnostics, fixes, hover, completion, formatting,
// registry features) is the server's.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverKeys, explicitSection, serverCommand } = require('./lib/settings');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.LogOutputChannel} */
let output;

/** @param {string} file */
function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {vscode.ExtensionContext} context
 * @param {string[]} keys
 */
async function start(context, keys) {
  const exe = process.platform === 'win32' ? 'dlint.exe' : 'dlint';
  const found = serverCommand({
    setting: vscode.workspace.getConfiguration('dlint').get('path'),
    envPath: process.env.DLINT_PATH,
    bundled: path.join(context.extensionPath, 'server', exe),
    searchPath: process.env.PATH,
    isFile,
    exe,
  });
  if (!found.command) {
    output.error(`no server binary: ${found.tried.join('; ')}`);
    const choice = await vscode.window.showErrorMessage(
      'dlint: cannot find the dlint binary. Install dlint or set "dlint.path".',
      'Open Settings',
      'Show Output',
    );
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'dlint.path');
    if (choice === 'Show Output') output.show();
    return;
  }
  output.info(`starting ${found.command} lsp (${found.source})`);
  // No `transport`: with TransportKind.stdio the client appends `--stdio` to the
  // arguments, which `dlint lsp` rejects. Without it the client still talks over stdio.
  const serverOptions = { command: found.command, args: ['lsp'] };
  /** @param {string | undefined} scopeUri */
  const section = (scopeUri) => {
    const config = vscode.workspace.getConfiguration('dlint', scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
    return explicitSection(keys, (key) => config.inspect(key), vscode.workspace.isTrusted);
  };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    outputChannel: output,
    // Tells the server when `dlint.*` changes; the server then pulls the section again.
    synchronize: { configurationSection: 'dlint' },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === 'dlint' ? section(item.scopeUri) : answers[i]));
        },
      },
    },
  };
  client = new LanguageClient('dlint', 'dlint', serverOptions, clientOptions);
  await client.start();
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('dlint', { log: true });
  const keys = serverKeys(context.extension.packageJSON);
  const restart = async () => {
    await stop();
    await start(context, keys);
  };
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('dlint.restartServer', restart),
    vscode.commands.registerCommand('dlint.showOutput', () => output.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // A new binary needs a new process; other settings reach the running server.
      if (event.affectsConfiguration('dlint.path')) restart();
    }),
    // Trusting the workspace turns registry lookups back on: have the server re-pull.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client) client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );
  await start(context, keys);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
