use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, Command, Instruction, InstructionKind, Span};

declare_rule! {
    /// ## What it does
    /// Reports instructions with missing or superfluous arguments, as BuildKit checks
    /// them when it parses each instruction: `ARG`, `ENV`, `LABEL`, `EXPOSE`, `VOLUME`,
    /// `HEALTHCHECK`, `ONBUILD` need at least one argument; `USER`, `WORKDIR`,
    /// `STOPSIGNAL`, `MAINTAINER` exactly one; `ADD`/`COPY` a source and a destination
    /// (a directory ending in `/` when there are several sources); `SHELL` a non-empty
    /// JSON array; `HEALTHCHECK` the type `CMD` with a command, or `NONE` alone. Blank
    /// `ARG`/`ENV`/`LABEL` names are reported too.
    ///
    /// ## Why is this bad?
    /// The build fails on the instruction.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// COPY app.tar
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// COPY app.tar /srv/
    /// ```
    pub static RULE = {
        code: "DF007",
        name: "invalid-arguments",
        origin: Origin::Dlint,
        default_severity: Severity::Error,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ins in ctx.instructions() {
        let ins = ins.effective();
        if let Some((span, message)) = problem(ctx.source, ins) {
            if !ctx.parser_reported(&message) {
                out.push(RULE.diag(span, message));
            }
        }
    }
}

fn problem(source: &str, ins: &Instruction) -> Option<(Span, String)> {
    let kw = ins.kind.keyword();
    let at_keyword = |m: String| Some((ins.keyword_span, m));
    let at_least_one = || at_keyword(format!("{kw} requires at least one argument"));
    match &ins.body {
        Body::Args(args) if args.is_empty() => at_least_one(),
        Body::Args(args) => args
            .iter()
            .find(|a| a.name.text.is_empty())
            .map(|a| (a.word.span, "ARG names can not be blank".to_string())),
        Body::KeyValues { pairs, .. } if pairs.is_empty() => at_least_one(),
        Body::KeyValues { pairs, .. } => pairs
            .iter()
            .find(|p| p.key.text.is_empty() || p.key.text == "\"\"" || p.key.text == "''")
            .map(|p| {
                (
                    p.key.span.cover(p.value.span),
                    format!("{kw} names can not be blank"),
                )
            }),
        Body::Words(words) if words.is_empty() => at_least_one(),
        Body::Paths { paths, .. } if ins.kind == InstructionKind::Volume && paths.is_empty() => {
            at_least_one()
        }
        Body::Paths { paths, .. } if ins.kind != InstructionKind::Volume => {
            copy_problem(ins, paths)
        }
        Body::Text(None) => at_keyword(format!("{kw} requires exactly one argument")),
        Body::Onbuild(None) => at_least_one(),
        Body::Command(command) if ins.kind == InstructionKind::Shell => match command {
            Some(Command::Exec(e)) if e.elements.is_empty() => {
                Some((e.span, "SHELL requires at least one argument".into()))
            }
            Some(Command::Exec(_)) => None,
            Some(Command::Shell(t)) => Some((
                t.span_to_source(0, t.text.len()),
                "SHELL requires the arguments to be in JSON form".into(),
            )),
            None => at_least_one(),
        },
        Body::Healthcheck { kind: None, .. } => at_least_one(),
        Body::Healthcheck {
            kind: Some(kind),
            command,
        } => {
            if kind.text.eq_ignore_ascii_case("none") {
                let after = source.get(kind.span.end..ins.span.end).unwrap_or("");
                let extra = !after.trim().is_empty();
                extra.then(|| (kind.span, "HEALTHCHECK NONE takes no arguments".into()))
            } else if kind.text.eq_ignore_ascii_case("cmd") {
                let empty = match command {
                    None => true,
                    Some(Command::Shell(t)) => t.text.trim().is_empty(),
                    Some(Command::Exec(e)) => e.elements.is_empty(),
                };
                empty.then(|| (kind.span, "Missing command after HEALTHCHECK CMD".into()))
            } else {
                Some((
                    kind.span,
                    format!(
                        "Unknown type {:?} in HEALTHCHECK (try CMD)",
                        kind.text.to_uppercase()
                    ),
                ))
            }
        }
        _ => None,
    }
}

fn copy_problem(ins: &Instruction, paths: &[dlint_syntax::Word]) -> Option<(Span, String)> {
    let kw = ins.kind.keyword();
    if paths.len() < 2 {
        let span = paths.first().map_or(ins.keyword_span, |p| p.span);
        return Some((
            span,
            format!("{kw} requires at least two arguments, but only one was provided. Destination could not be determined."),
        ));
    }
    let (dest, sources) = paths.split_last()?;
    let literal_sources = sources.iter().filter(|s| !s.text.starts_with("<<")).count();
    let dest_text = dest.text.trim_matches(['"', '\'']);
    // A trailing `\` also marks a directory for Windows images.
    let is_dir = dest_text.ends_with('/') || dest_text.ends_with('\\');
    if literal_sources > 1 && !is_dir && !dest_text.contains('$') {
        return Some((
            dest.span,
            format!("When using {kw} with more than one source file, the destination must be a directory and end with a /"),
        ));
    }
    None
}
