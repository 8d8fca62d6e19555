//! LABEL pairs and the typed label checks of hadolint's `label-schema`
//! (DL3051–DL3056, DL3058).

use super::support::unquote;
use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::settings::LabelType;
use dlint_syntax::{Body, InstructionKind, Span};

/// One `key=value` of a LABEL instruction.
pub struct Label<'a> {
    pub index: usize,
    pub key: &'a str,
    pub value: &'a str,
    pub key_span: Span,
    pub value_span: Span,
}

/// Every label of every (top-level) LABEL instruction, keys and values unquoted.
pub fn labels<'a>(ctx: &Context<'a>) -> Vec<Label<'a>> {
    let mut out = Vec::new();
    for (index, ins) in ctx.instructions().iter().enumerate() {
        if ins.kind != InstructionKind::Label {
            continue;
        }
        let Body::KeyValues { pairs, .. } = &ins.body else {
            continue;
        };
        for kv in pairs {
            out.push(Label {
                index,
                key: unquote(kv.key.text.trim()),
                value: unquote(kv.value.text.trim()),
                key_span: kv.key.span,
                value_span: kv.value.span,
            });
        }
    }
    out
}

/// Reports labels of schema type `kind` whose value `valid` rejects. Empty values are
/// left to DL3051.
pub fn check_typed(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    rule: &'static Rule,
    kind: LabelType,
    what: &str,
    valid: fn(&str) -> bool,
) {
    for label in labels(ctx) {
        if ctx.settings.label_schema.get(label.key) != Some(&kind) {
            continue;
        }
        if !label.value.is_empty() && !valid(label.value) {
            out.push(rule.diag(
                label.value_span,
                format!("label `{}` must be {what}", label.key),
            ));
        }
    }
}
