use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, Command, Instruction, Span};

declare_rule! {
    /// ## What it does
    /// Reports arguments written like a JSON array but with single quotes
    /// (`CMD ['nginx', '-g', 'daemon off;']`), in RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY
    /// and VOLUME.
    ///
    /// ## Why is this bad?
    /// JSON needs double quotes. BuildKit silently treats the text as shell form (or as
    /// whitespace-separated paths), so the shell runs `['nginx',` as a command name and
    /// fails at container start.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx
    /// CMD ['nginx', '-g', 'daemon off;']
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe when no element contains a double quote or a backslash (otherwise no fix
    /// is offered): the result is the exec form that was intended.
    pub static RULE = {
        code: "DF010",
        name: "exec-form-single-quotes",
        origin: Origin::Dlint,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

/// Splits `['a', 'b']` into its elements, or `None` when it is not such a list.
fn single_quoted_elements(text: &str) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = inner;
    loop {
        let body = rest.strip_prefix('\'')?;
        let end = body.find('\'')?;
        out.push(&body[..end]);
        rest = body[end + 1..].trim_start();
        if rest.is_empty() {
            return Some(out);
        }
        rest = rest.strip_prefix(',')?.trim_start();
        // A trailing comma is tolerated here (JSON would not be, either way).
        if rest.is_empty() {
            return Some(out);
        }
    }
}

/// The argument text of an instruction that takes a JSON array, as a source span.
fn array_candidate(ins: &Instruction) -> Option<Span> {
    match (&ins.body, ins.command()) {
        (_, Some(Command::Shell(text))) => {
            let start = text.text.len() - text.text.trim_start().len();
            Some(text.span_to_source(start, text.text.trim_end().len()))
        }
        (Body::Paths { json: false, paths }, _) => {
            Some(paths.first()?.span.cover(paths.last()?.span))
        }
        _ => None,
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let ins = ins.effective();
        let Some(span) = array_candidate(ins) else {
            continue;
        };
        let text = ctx.text(span);
        let Some(elements) = single_quoted_elements(text) else {
            continue;
        };
        let mut diag = RULE.diag(
            span,
            format!(
                "JSON arrays need double quotes; with single quotes {} does not read this as a JSON array",
                ins.kind.keyword()
            ),
        );
        let plain =
            !text.contains(['\n', '\r']) && !elements.iter().any(|e| e.contains(['"', '\\']));
        if plain {
            let quoted: Vec<String> = elements.iter().map(|e| format!("\"{e}\"")).collect();
            diag = diag.with_fix(Fix::safe(
                "Use double quotes",
                vec![Edit::replace(span, format!("[{}]", quoted.join(", ")))],
            ));
        }
        out.push(diag);
    }
}
