use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::expanded::{expanded_words, Part};
use crate::support::suggest::suggest;
use crate::support::vars::expand_span;
use dlint_syntax::{Body, Instruction, InstructionKind, Span};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it does
    /// Reports a variable the builder expands (in ENV, LABEL, ARG defaults, ADD/COPY
    /// paths and `--chown`/`--chmod`/`--checksum`, WORKDIR, USER, VOLUME, STOPSIGNAL and
    /// `RUN --mount` options) that is not defined at that point: no `ARG` or `ENV` of
    /// that name earlier in the stage or in the stage it is built from.
    ///
    /// Commands of RUN, CMD and ENTRYPOINT are not checked: the shell expands those.
    /// When a stage's base is an external image, its environment (`PATH`,
    /// `PYTHON_VERSION`, …) is unknown without a registry lookup, so only names with a
    /// lowercase letter are reported there (images define upper-case variables); stages
    /// built from `scratch`, or from an image whose configuration the caller provided,
    /// are checked fully.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string, usually by mistake: a typo, or a
    /// global ARG used in a stage without re-declaring it there.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM scratch
    /// ARG VERSION=1.0
    /// COPY app-$VERSOIN.tar /app.tar
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM scratch
    /// ARG VERSION=1.0
    /// COPY app-$VERSION.tar /app.tar
    /// ```
    pub static RULE = {
        code: "UndefinedVar",
        name: "undefined-var",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

/// Never reported: BuildKit's own build args that are not exported, and `PATH`, which
/// the builder sets to a default when the base image does not (even for `scratch`).
const ALWAYS_DEFINED: [&str; 3] = [
    "BUILDKIT_SBOM_SCAN_CONTEXT",
    "BUILDKIT_SBOM_SCAN_STAGE",
    "PATH",
];

#[derive(Clone, Default)]
struct Env {
    names: BTreeSet<String>,
    /// The base is an external image whose environment is unknown.
    open: bool,
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut finals: Vec<Env> = Vec::with_capacity(ctx.stages.len());
    for stage in &ctx.stages {
        let from = &ctx.instructions()[stage.from];
        let mut env = match stage.parent {
            Some(p) => finals[p].clone(),
            None => match ctx.base_image(finals.len()) {
                // The registry told us the image's environment: check fully.
                Some(image) => Env {
                    names: image.env_names().map(String::from).collect(),
                    open: false,
                },
                None => Env {
                    names: BTreeSet::new(),
                    open: !is_scratch(from),
                },
            },
        };
        for ins in &ctx.instructions()[stage.from + 1..stage.end] {
            report_uses(ctx, ins, &env, out);
            define(ins, &mut env);
        }
        finals.push(env);
    }
}

fn is_scratch(from: &Instruction) -> bool {
    matches!(&from.body, Body::From { image: Some(w), .. } if w.text.eq_ignore_ascii_case("scratch"))
}

fn define(ins: &Instruction, env: &mut Env) {
    match &ins.body {
        Body::Args(args) => env.names.extend(args.iter().map(|a| a.name.text.clone())),
        Body::KeyValues { pairs, .. } if ins.kind == InstructionKind::Env => {
            env.names.extend(
                pairs
                    .iter()
                    .map(|p| p.key.text.trim_matches(['"', '\'']).to_string()),
            );
        }
        _ => {}
    }
}

fn report_uses(ctx: &Context, ins: &Instruction, env: &Env, out: &mut Vec<Diagnostic>) {
    let lookup =
        |name: &str| (env.names.contains(name) || ALWAYS_DEFINED.contains(&name)).then(String::new);
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let spans = expanded_words(ins)
        .into_iter()
        .filter(|(_, part)| *part == Part::Stage);
    for (span, _) in spans {
        let Ok(expansion) = expand_span(ctx.source, span, ctx.dockerfile.escape, &lookup) else {
            continue;
        };
        // An unknown base image may define any upper-case name.
        let unknown = |name: &str| !env.open || name.chars().any(|c| c.is_lowercase());
        for var in expansion
            .uses
            .iter()
            .filter(|u| !u.found && unknown(&u.name))
        {
            if !reported.insert(var.name.clone()) {
                continue;
            }
            let mut message = format!("Usage of undefined variable '${}'", var.name);
            if let Some(s) = suggest(&var.name, env.names.iter().map(String::as_str)) {
                message.push_str(&format!(" (did you mean ${s}?)"));
            }
            out.push(RULE.diag(Span::new(var.range.start, var.range.end), message));
        }
    }
}
