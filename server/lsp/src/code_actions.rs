//! `textDocument/codeAction`: the lint engine's fixes as quick fixes (read from each
//! diagnostic's `data`, no re-lint), "ignore this rule here", and `source.fixAll.dlint`.

use std::collections::HashMap;

use dlint_linter::pragma::{parse_ignore, PragmaScope};
use dlint_linter::Settings;
use dlint_syntax::Span;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, TextEdit,
    WorkspaceEdit,
};

use crate::convert::Encoding;
use crate::diagnostics::{DiagnosticData, SOURCE};
use crate::store::Snapshot;

pub const FIX_ALL_DLINT: CodeActionKind = CodeActionKind::new("source.fixAll.dlint");

/// Codes that cannot be suppressed with a comment: syntax errors (as hadolint's DL1000)
/// and dlint's own failures.
fn unsuppressible(code: &str) -> bool {
    use dlint_linter::rules::dlint::{internal_error, syntax_error};
    [syntax_error::RULE.code, internal_error::RULE.code].contains(&code)
}

fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    // `only: ["source.fixAll"]` asks for `source.fixAll.dlint` too (kinds are hierarchical).
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str()))
        })
    })
}

fn edit(snap: &Snapshot, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(snap.uri.clone(), edits);
    WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }
}

fn code_of(d: &Diagnostic) -> Option<&str> {
    match &d.code {
        Some(NumberOrString::String(c)) => Some(c),
        _ => None,
    }
}

fn data_of(d: &Diagnostic) -> Option<DiagnosticData> {
    serde_json::from_value(d.data.clone()?).ok()
}

pub fn code_actions(
    snap: &Snapshot,
    enc: Encoding,
    diagnostics: &[Diagnostic],
    only: Option<&[CodeActionKind]>,
    settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let ours = diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some(SOURCE));
    if wants(only, &CodeActionKind::QUICKFIX) {
        // One "ignore" action per rule and instruction, however many of its diagnostics
        // the client sends (a rule can fire several times on one line): the action lists
        // them all and is added after the fixes.
        let mut ignores: Vec<(String, usize, CodeAction)> = Vec::new();
        for d in ours {
            // Fixes computed for another version would edit the wrong text.
            if let Some(fix) = data_of(d)
                .filter(|data| data.version == snap.version)
                .and_then(|data| data.fix)
            {
                let edit = Some(edit(snap, fix.edits));
                // A fix that several diagnostics share (one rename fixing every casing
                // finding) is offered once, for all of them.
                let same = out.iter_mut().find_map(|a| match a {
                    CodeActionOrCommand::CodeAction(a)
                        if a.title == fix.title && a.edit == edit =>
                    {
                        Some(a)
                    }
                    _ => None,
                });
                match same {
                    Some(a) => a.diagnostics.get_or_insert_with(Vec::new).push(d.clone()),
                    None => out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit,
                        is_preferred: Some(fix.safe),
                        ..Default::default()
                    })),
                }
            }
            if let Some((line, action)) = ignore_action(snap, enc, d) {
                let code = code_of(d).unwrap_or_default();
                match ignores
                    .iter_mut()
                    .find(|(c, l, _)| c.eq_ignore_ascii_case(code) && *l == line)
                {
                    Some((_, _, existing)) => existing
                        .diagnostics
                        .get_or_insert_with(Vec::new)
                        .push(d.clone()),
                    None => ignores.push((code.to_owned(), line, action)),
                }
            }
        }
        out.extend(
            ignores
                .into_iter()
                .map(|(_, _, a)| CodeActionOrCommand::CodeAction(a)),
        );
    }
    // Fix-all re-lints, so it is computed only when asked for by kind (on save, or from
    // the source-action menu), never for the light bulb on every cursor move.
    if only.is_some() && wants(only, &FIX_ALL_DLINT) {
        if let Some(action) = fix_all(snap, enc, settings) {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    out
}

/// "Ignore CODE for this instruction": a `# dlint ignore=CODE` line above the instruction,
/// or the code added to an ignore comment already there. Returned with the line of the
/// instruction's keyword (where the comment goes).
fn ignore_action(snap: &Snapshot, enc: Encoding, d: &Diagnostic) -> Option<(usize, CodeAction)> {
    let code = code_of(d)?;
    if unsuppressible(code) {
        return None;
    }
    let offset = snap.offset(d.range.start, enc).ok()?;
    let ins = snap.syntax.instruction_at(offset)?;
    let line = snap.line(ins.span.start);
    let line_start = snap
        .offset(tower_lsp_server::ls_types::Position::new(line, 0), enc)
        .ok()?;
    let indent: String = snap.text[line_start..ins.span.start]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect();
    let existing = (line > 0)
        .then(|| {
            snap.syntax
                .comments
                .iter()
                .find(|c| snap.line(c.span.start) == line - 1)
        })
        .flatten()
        .and_then(|c| {
            let raw = &snap.text[c.span.range()];
            let after_hash = c.span.start + raw.find('#')? + 1;
            let (scope, codes) = parse_ignore(&snap.text[after_hash..c.span.end])?;
            (scope == PragmaScope::Next).then_some((after_hash, codes))
        });
    let text_edit = match existing {
        Some((_, codes)) if codes.iter().any(|(c, _, _)| c.eq_ignore_ascii_case(code)) => {
            return None
        }
        Some((base, codes)) => {
            let end = base + codes.last().map_or(0, |(_, _, e)| *e);
            TextEdit::new(snap.range(Span::empty(end), enc), format!(",{code}"))
        }
        None => TextEdit::new(
            snap.range(Span::empty(line_start), enc),
            format!("{indent}# dlint ignore={code}\n"),
        ),
    };
    let action = CodeAction {
        title: format!("Ignore {code} for this instruction"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit(snap, vec![text_edit])),
        is_preferred: Some(false),
        ..Default::default()
    };
    Some((line as usize, action))
}

/// The text after applying every safe fix, round after round until nothing changes (as
/// `dlint check --fix` does, through the same loop).
pub fn fix_all_text(text: &str, settings: &Settings, path: Option<&std::path::Path>) -> String {
    // No ShellCheck finding carries a fix, so the rounds skip ShellCheck: with it, each
    // round that changed a script waited for a ShellCheck process, and fix-all took 270 ms
    // on an eight-line file with one RUN (2-5 ms without).
    let settings = Settings {
        shellcheck: false,
        ..settings.clone()
    };
    let lint = |t: &str| {
        let parsed = dlint_syntax::parse_text(t);
        dlint_linter::lint_parsed_full(t, &parsed, path, &settings)
    };
    dlint_linter::fix::fix_until_stable(text, lint, false, lint(text)).text
}

/// The smallest single edit turning `old` into `new` (common prefix and suffix kept), so
/// editors keep the cursor and folds outside the changed region.
fn minimal_edit(old: &str, new: &str) -> (Span, String) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
        .unwrap_or(0);
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old.as_bytes()[old.len() - max_suffix..]
        .iter()
        .rev()
        .zip(new.as_bytes()[new.len() - max_suffix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (
        Span::new(prefix, old.len() - suffix),
        new[prefix..new.len() - suffix].to_owned(),
    )
}

fn fix_all(snap: &Snapshot, enc: Encoding, settings: &Settings) -> Option<CodeAction> {
    let path = snap.uri.to_file_path();
    let fixed = fix_all_text(&snap.text, settings, path.as_deref());
    if fixed == *snap.text {
        return None;
    }
    let (span, text) = minimal_edit(&snap.text, &fixed);
    Some(CodeAction {
        title: "Fix all auto-fixable dlint problems".into(),
        kind: Some(FIX_ALL_DLINT),
        edit: Some(edit(snap, vec![TextEdit::new(snap.range(span, enc), text)])),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::minimal_edit;
    use dlint_syntax::Span;

    #[test]
    fn minimal_edit_keeps_common_ends() {
        assert_eq!(
            minimal_edit("from a AS b", "FROM a AS b"),
            (Span::new(0, 4), "FROM".into())
        );
        assert_eq!(minimal_edit("aé", "aè"), (Span::new(1, 3), "è".into()));
        assert_eq!(minimal_edit("abc", "abc"), (Span::new(3, 3), "".into()));
        assert_eq!(minimal_edit("aa", "aaa"), (Span::new(2, 2), "a".into()));
    }
}
