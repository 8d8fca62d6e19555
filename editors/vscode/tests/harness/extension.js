// Test-only extension, installed next to dlint in code-server by scripts/test-vscode. It
// runs inside the real extension host, uses the dlint extension as a user's VS Code does
// (through VS Code's provider commands, which go through the language client), and
// writes a JSON verdict to $E2E_OUT. Does nothing unless E2E_OUT is set.
'use strict';

const fs = require('fs');
const vscode = require('vscode');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value or `ms` pass; returns the last value. */
async function until(probe, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value || Date.now() > end) return value;
    await sleep(200);
  }
}

/** A diagnostic's code as text (VS Code wraps codes that have a link). */
const codeOf = (d) => String(typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
const label = (item) => (typeof item.label === 'string' ? item.label : item.label.label);
const hoverText = (hovers) =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');

exports.activate = async function activate() {
  const out = process.env.E2E_OUT;
  if (!out) return;
  const env = (name) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const verdict = { checks: {}, details: {} };
  const check = (name, ok, detail) => {
    verdict.checks[name] = !!ok;
    if (detail !== undefined) verdict.details[name] = detail;
  };
  try {
    const image = `${env('E2E_HOST')}/${env('E2E_REPO')}`;
    const tags = env('E2E_TAGS').split(' ');
    const digest = env('E2E_DIGEST');
    const timeout = Number(process.env.E2E_TIMEOUT_MS || 30000);
    const uri = vscode.Uri.file(env('E2E_FILE'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    check('language is dockerfile', doc.languageId === 'dockerfile', doc.languageId);
    const setLine = (n, text) => editor.edit((b) => b.replace(doc.lineAt(n).range, text));
    const diagnostics = () => vscode.languages.getDiagnostics(uri);
    const summary = () => diagnostics().map((d) => `${d.range.start.line}:${codeOf(d)} ${d.message}`);
    // Registry findings: `registry-*` codes in the server, DR001… on the command line.
    const isRegistryCode = (code) => code.startsWith('registry-') || /^DR\d+$/.test(code);
    const registryFinding = (code) =>
      diagnostics().find((d) => d.range.start.line === 0 && isRegistryCode(codeOf(d)) && (!code || codeOf(d) === code));

    // The extension activated on the Dockerfile and started the server.
    const dlint = await until(() => {
      const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'dlint' && e.packageJSON.publisher === 'dlint');
      return ext && ext.isActive ? ext : undefined;
    }, timeout);
    check('dlint extension active', dlint);

    // Lint findings. The project's .dlint.toml ignores DL4000; the workspace settings raise
    // MaintainerDeprecated to an error: the file and the editor settings both apply.
    await until(() => diagnostics().some((d) => d.range.start.line === 1), timeout);
    const onMaintainer = diagnostics().filter((d) => d.range.start.line === 1);
    check('lint diagnostic on the MAINTAINER line', onMaintainer.length > 0, summary());
    check('.dlint.toml applies (no DL4000)', !onMaintainer.some((d) => codeOf(d) === 'DL4000'), summary());
    const deprecated = onMaintainer.find((d) => codeOf(d) === 'MaintainerDeprecated');
    check(
      'workspace setting dlint.severity reached the server (MaintainerDeprecated is an error)',
      deprecated && deprecated.severity === vscode.DiagnosticSeverity.Error,
      summary(),
    );

    // The registry finding for the wrong tag.
    const wrong = await until(() => registryFinding(), timeout);
    check('registry diagnostic for the wrong tag', wrong, summary());
    verdict.registryCode = wrong ? codeOf(wrong) : null;

    // Format Document upper-cases `run`.
    const edits = (await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', uri, { tabSize: 4, insertSpaces: true })) || [];
    const formatting = new vscode.WorkspaceEdit();
    formatting.set(uri, edits);
    await vscode.workspace.applyEdit(formatting);
    check('formatting upper-cases run', doc.lineAt(2).text === 'RUN echo hello', doc.lineAt(2).text);

    // Tag completion right after `image:`.
    const prefix = `FROM ${image}:`;
    await setLine(0, prefix);
    let labels = [];
    const complete = await until(async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, prefix.length), ':');
      labels = list.items.map(label);
      return tags.every((t) => labels.includes(t));
    }, timeout);
    check('completion lists the pushed tags', complete, labels);

    // An existing tag: the finding goes, the hover shows the digest.
    await setLine(0, `FROM ${image}:1.0`);
    const wrongCode = verdict.registryCode || 'registry-tag-not-found';
    check('the wrong-tag diagnostic is gone', await until(() => !registryFinding(wrongCode), timeout), summary());
    let shown = '';
    const hovered = await until(async () => {
      shown = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 8)));
      return shown.includes(digest);
    }, timeout);
    check('hover shows the digest', hovered, shown);

    // "Pin to digest" from the code actions on the image.
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 8, 0, 8));
    verdict.details.actions = actions.map((a) => a.title);
    const pin = actions.find((a) => a.title.startsWith('Pin to digest'));
    if (pin && pin.edit) await vscode.workspace.applyEdit(pin.edit);
    if (pin && pin.command) await vscode.commands.executeCommand(pin.command.command, ...(pin.command.arguments || []));
    const pinned = `FROM ${image}:1.0@${digest}`;
    check('pin to digest rewrites FROM', await until(() => doc.lineAt(0).text === pinned, timeout), doc.lineAt(0).text);

    const commands = await vscode.commands.getCommands(true);
    check('restart command registered', commands.includes('dlint.restartServer'));
  } catch (e) {
    verdict.error = String((e && e.stack) || e);
  }
  verdict.ok = !verdict.error && Object.values(verdict.checks).every(Boolean);
  fs.writeFileSync(out, JSON.stringify(verdict, null, 2));
};
