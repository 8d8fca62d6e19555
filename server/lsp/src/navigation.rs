//! Definition, references, highlight and rename, over one index of named things (stages,
//! ARG/ENV variables, heredoc delimiters) so the five requests always agree.

use dlint_syntax::Span;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    DocumentHighlight, DocumentHighlightKind, Location, PrepareRenameResponse, TextEdit,
    WorkspaceEdit,
};

use crate::convert::Encoding;
use crate::server::invalid_params;
use crate::stages;
use crate::store::Snapshot;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetKind {
    Stage,
    Variable,
    Heredoc,
}

/// The symbol under the cursor: its declaration span (if any) and every use.
struct Target {
    kind: TargetKind,
    declaration: Option<Span>,
    /// Every occurrence, declaration included, in source order.
    occurrences: Vec<(Span, bool)>,
    /// Occurrences written as a stage index (`--from=0`): references, but a rename must
    /// leave them alone.
    by_index: Vec<Span>,
    /// The span under the cursor.
    at: Span,
    renamable: bool,
}

fn target(snap: &Snapshot, offset: usize) -> Option<Target> {
    stage_target(snap, offset)
        .or_else(|| variable_target(snap, offset))
        .or_else(|| heredoc_target(snap, offset))
}

/// A heredoc delimiter: the name in `<<EOF` (quotes and `-` aside) and its terminator line
/// are one symbol, so renaming one renames the other.
fn heredoc_target(snap: &Snapshot, offset: usize) -> Option<Target> {
    let ins = snap.syntax.instruction_at(offset)?.effective();
    ins.heredocs.iter().find_map(|h| {
        let raw = snap.text.get(h.word_span.range())?;
        let prefix = raw.find("<<")? + 2;
        let name = h.word_span.start + prefix + raw[prefix..].find(h.delimiter.as_str())?;
        let name = Span::new(name, name + h.delimiter.len());
        let end = h.terminator_span.and_then(|t| {
            let line = snap.text.get(t.range())?;
            line.ends_with(h.delimiter.as_str())
                .then(|| Span::new(t.end - h.delimiter.len(), t.end))
        });
        let at = [Some(name), end]
            .into_iter()
            .flatten()
            .find(|s| s.touches(offset))?;
        let mut occurrences = vec![(name, true)];
        occurrences.extend(end.map(|e| (e, false)));
        Some(Target {
            kind: TargetKind::Heredoc,
            declaration: Some(name),
            occurrences,
            by_index: Vec::new(),
            at,
            renamable: !h.delimiter.is_empty(),
        })
    })
}

/// Why `name` cannot replace the delimiter of the heredoc under `offset`: it must be one
/// plain word, and no line of the body may equal it (that line would end the heredoc).
fn invalid_heredoc_name(snap: &Snapshot, offset: usize, name: &str) -> Option<String> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !plain {
        return Some(format!(
            "invalid heredoc delimiter {name:?}: use letters, digits, '_', '-' and '.'"
        ));
    }
    let ins = snap.syntax.instruction_at(offset)?.effective();
    let h = ins.heredocs.iter().find(|h| {
        let end = h.terminator_span.map_or(h.word_span.end, |t| t.end);
        h.word_span.touches(offset) || Span::new(h.body_span.start, end).touches(offset)
    })?;
    h.body
        .lines()
        .any(|l| l.trim_end_matches('\r') == name)
        .then(|| {
            format!("a line of the heredoc's body is {name:?}: it would end the heredoc there")
        })
}

/// An ARG/ENV name or a `$NAME` reference, through the semantic model's scoping: a global
/// ARG and the stage ARGs re-declaring it are one variable.
fn variable_target(snap: &Snapshot, offset: usize) -> Option<Target> {
    let model = snap.model();
    let (decl, at, on_declaration) = match model.declaration_at(offset) {
        Some(d) => (d, model.declarations[d].name_span, true),
        None => {
            let r = model.reference_at(offset)?;
            (r.declaration?, r.name_span, false)
        }
    };
    let d = &model.declarations[decl];
    // From a declaration re-declaring a global ARG, "definition" is the global one.
    let definition = match (on_declaration, d.redeclares) {
        (true, Some(global)) => model.declarations[global].name_span,
        _ => d.name_span,
    };
    let mut occurrences: Vec<(Span, bool)> = Vec::new();
    for linked in model.linked_declarations(decl) {
        occurrences.push((model.declarations[linked].name_span, true));
        occurrences.extend(model.references_to(linked).map(|r| (r.name_span, false)));
    }
    occurrences.sort_by_key(|(s, _)| s.start);
    occurrences.dedup();
    Some(Target {
        kind: TargetKind::Variable,
        declaration: Some(definition),
        occurrences,
        by_index: Vec::new(),
        at,
        renamable: true,
    })
}

fn stage_target(snap: &Snapshot, offset: usize) -> Option<Target> {
    let uses = stages::uses(&snap.text, &snap.syntax);
    let hit = stages::use_at(&uses, offset)?;
    let all = stages::stages(&snap.syntax);
    let stage = &all[hit.stage];
    let occurrences: Vec<(Span, bool)> = uses
        .iter()
        .filter(|u| u.stage == hit.stage)
        .map(|u| (u.span, u.declaration))
        .collect();
    Some(Target {
        kind: TargetKind::Stage,
        declaration: stage
            .name
            .as_ref()
            .map(|(_, s)| *s)
            .or(Some(stage.from_span)),
        occurrences,
        by_index: uses
            .iter()
            .filter(|u| u.stage == hit.stage && u.by_index)
            .map(|u| u.span)
            .collect(),
        at: hit.span,
        renamable: !hit.by_index && stage.name.is_some(),
    })
}

const NOTHING_TO_RENAME: &str =
    "nothing to rename here: place the cursor on a stage name, a variable or a heredoc delimiter";

/// Why `name` cannot be an ARG/ENV name: the builder's `$NAME` only reads
/// `[A-Za-z_][A-Za-z0-9_]*`, so any other name could never be referenced.
fn invalid_variable_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!ok).then(|| format!("invalid variable name {name:?}: use letters, digits and '_', not starting with a digit"))
}

pub fn definition(snap: &Snapshot, enc: Encoding, offset: usize) -> Option<Location> {
    let t = target(snap, offset)?;
    let decl = t.declaration?;
    Some(Location::new(snap.uri.clone(), snap.range(decl, enc)))
}

pub fn references(
    snap: &Snapshot,
    enc: Encoding,
    offset: usize,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let t = target(snap, offset)?;
    Some(
        t.occurrences
            .iter()
            .filter(|(_, decl)| include_declaration || !decl)
            .map(|(span, _)| Location::new(snap.uri.clone(), snap.range(*span, enc)))
            .collect(),
    )
}

pub fn highlights(snap: &Snapshot, enc: Encoding, offset: usize) -> Option<Vec<DocumentHighlight>> {
    let t = target(snap, offset)?;
    Some(
        t.occurrences
            .iter()
            .map(|(span, decl)| DocumentHighlight {
                range: snap.range(*span, enc),
                kind: Some(if *decl {
                    DocumentHighlightKind::WRITE
                } else {
                    DocumentHighlightKind::READ
                }),
            })
            .collect(),
    )
}

pub fn prepare_rename(
    snap: &Snapshot,
    enc: Encoding,
    offset: usize,
) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
    match target(snap, offset) {
        Some(t) if t.renamable => Ok(Some(PrepareRenameResponse::Range(snap.range(t.at, enc)))),
        Some(_) => Err(invalid_params(
            "a stage referred to by its index cannot be renamed; name it with AS first",
        )),
        None => Err(invalid_params(NOTHING_TO_RENAME)),
    }
}

pub fn rename(
    snap: &Snapshot,
    enc: Encoding,
    offset: usize,
    new_name: &str,
) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let Some(t) = target(snap, offset).filter(|t| t.renamable) else {
        return Err(invalid_params(NOTHING_TO_RENAME));
    };
    let invalid = match t.kind {
        TargetKind::Stage => stages::invalid_name(new_name),
        TargetKind::Variable => invalid_variable_name(new_name),
        TargetKind::Heredoc => invalid_heredoc_name(snap, offset, new_name),
    };
    if let Some(why) = invalid {
        return Err(invalid_params(why));
    }
    let current = &snap.text[t.at.range()];
    let clash = t.kind == TargetKind::Stage
        && stages::stages(&snap.syntax).iter().any(|s| {
            s.name.as_ref().is_some_and(|(n, _)| {
                n.eq_ignore_ascii_case(new_name) && !n.eq_ignore_ascii_case(current)
            })
        });
    if clash {
        return Err(invalid_params(format!(
            "a stage named {new_name:?} already exists"
        )));
    }
    let edits = t
        .occurrences
        .iter()
        .filter(|(span, _)| !t.by_index.contains(span))
        .map(|(span, _)| TextEdit::new(snap.range(*span, enc), new_name.to_owned()))
        .collect();
    let mut changes = std::collections::HashMap::new();
    changes.insert(snap.uri.clone(), edits);
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }))
}
