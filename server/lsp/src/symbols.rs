//! `textDocument/documentSymbol`: directives, then global instructions, then one symbol
//! per stage holding its instructions.

use dlint_syntax::{Body, Instruction, InstructionKind, Span};
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind, SymbolTag};

use crate::convert::Encoding;
use crate::store::Snapshot;

/// How much of an instruction's arguments the outline shows.
const DETAIL_CHARS: usize = 60;

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be spelt out; we set `tags`.
fn symbol(
    snap: &Snapshot,
    enc: Encoding,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
    deprecated: bool,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: deprecated.then(|| vec![SymbolTag::DEPRECATED]),
        deprecated: None,
        range: snap.range(span, enc),
        selection_range: snap.range(selection, enc),
        children,
    }
}

/// The instruction's arguments on one line, shortened for the outline. Stops reading at
/// the limit: a long RUN costs no more than a short one.
pub fn short_detail(ins: &Instruction) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    for word in ins.rest.text.split_whitespace() {
        let sep = (!out.is_empty()).then_some(' ');
        for c in sep.into_iter().chain(word.chars()) {
            if chars == DETAIL_CHARS {
                out.push('…');
                return Some(out);
            }
            out.push(c);
            chars += 1;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn instruction_symbol(snap: &Snapshot, enc: Encoding, ins: &Instruction) -> DocumentSymbol {
    let kind = match ins.kind {
        InstructionKind::Arg | InstructionKind::Env => SymbolKind::VARIABLE,
        _ => SymbolKind::FUNCTION,
    };
    let name = match ins.kind {
        InstructionKind::Unknown => ins.keyword.clone(),
        k => k.keyword().to_owned(),
    };
    symbol(
        snap,
        enc,
        name,
        short_detail(ins),
        kind,
        ins.span,
        ins.keyword_span,
        None,
        ins.kind == InstructionKind::Maintainer,
    )
}

pub fn document_symbols(snap: &Snapshot, enc: Encoding) -> Vec<DocumentSymbol> {
    let df = &snap.syntax;
    let mut out: Vec<DocumentSymbol> = df
        .directives
        .iter()
        .map(|d| {
            symbol(
                snap,
                enc,
                d.name.clone(),
                Some(d.value.clone()),
                SymbolKind::PROPERTY,
                d.span,
                d.name_span,
                None,
                false,
            )
        })
        .collect();
    let mut stage: Option<(&Instruction, Vec<DocumentSymbol>, Span)> = None;
    let flush = |stage: Option<(&Instruction, Vec<DocumentSymbol>, Span)>,
                 out: &mut Vec<DocumentSymbol>| {
        if let Some((from, children, span)) = stage {
            out.push(stage_symbol(
                snap,
                enc,
                out_index(out),
                from,
                children,
                span,
            ));
        }
    };
    for ins in &df.instructions {
        if ins.kind == InstructionKind::From {
            flush(stage.take(), &mut out);
            stage = Some((ins, Vec::new(), ins.span));
            continue;
        }
        let sym = instruction_symbol(snap, enc, ins);
        match stage.as_mut() {
            Some((_, children, span)) => {
                children.push(sym);
                *span = span.cover(ins.span);
            }
            None => out.push(sym),
        }
    }
    flush(stage, &mut out);
    out
}

/// Stages are counted among the symbols already emitted, to number unnamed ones.
fn out_index(out: &[DocumentSymbol]) -> usize {
    out.iter()
        .filter(|s| s.kind == SymbolKind::NAMESPACE)
        .count()
}

fn stage_symbol(
    snap: &Snapshot,
    enc: Encoding,
    index: usize,
    from: &Instruction,
    children: Vec<DocumentSymbol>,
    span: Span,
) -> DocumentSymbol {
    let (image, name) = match &from.body {
        Body::From {
            image, stage_name, ..
        } => (image.as_ref(), stage_name.as_ref()),
        _ => (None, None),
    };
    let label = match name {
        Some(n) => n.text.clone(),
        None => format!("stage {index}"),
    };
    let selection = name.or(image).map_or(from.keyword_span, |w| w.span);
    symbol(
        snap,
        enc,
        label,
        image.map(|w| w.text.clone()),
        SymbolKind::NAMESPACE,
        span,
        selection,
        Some(children),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::short_detail;

    fn detail(line: &str) -> Option<String> {
        let df = dlint_syntax::parse_text(line);
        short_detail(&df.instructions[0])
    }

    #[test]
    fn detail_joins_lines_and_stops_at_the_limit() {
        assert_eq!(detail("RUN a \\\n   b\n").as_deref(), Some("a b"));
        assert_eq!(detail("WORKDIR\n"), None);
        let sixty = "x".repeat(60);
        assert_eq!(detail(&format!("RUN {sixty}\n")), Some(sixty.clone()));
        assert_eq!(
            detail(&format!("RUN {sixty} y\n")),
            Some(format!("{sixty}…"))
        );
        let long = "é".repeat(59);
        assert_eq!(
            detail(&format!("RUN {long} zz\n")),
            Some(format!("{long} …"))
        );
    }
}
