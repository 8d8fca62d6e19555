use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::support::reference::validate_reference;
use crate::support::scope::{global_args, platform_arg_value};
use crate::support::vars::expand;
use dlint_syntax::Body;
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Expands each `FROM` image using only the default values of the global ARGs and
    /// reports it when the result is empty or not a valid image reference.
    ///
    /// ## Why is this bad?
    /// A build without `--build-arg` then fails, e.g. `ARG TAG` + `FROM busybox:${TAG}`
    /// becomes `busybox:`. Give the ARG a default, or use `${TAG:-latest}`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM busybox:${TAG}
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// ARG TAG=stable
    /// FROM busybox:${TAG}
    /// ```
    pub static RULE = {
        code: "InvalidDefaultArgInFrom",
        name: "invalid-default-arg-in-from",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let escape = ctx.dockerfile.escape;
    // Global defaults, each expanded against the ones before it.
    let mut env: HashMap<String, String> = HashMap::new();
    for arg in global_args(ctx.dockerfile) {
        let Some(default) = &arg.default else {
            env.remove(&arg.name.text);
            continue;
        };
        let lookup = |n: &str| {
            env.get(n)
                .cloned()
                .or_else(|| platform_arg_value(n).map(String::from))
        };
        // BuildKit abandons the rule when the global ARGs cannot be expanded.
        let Ok(value) = expand(&default.text, escape, &lookup) else {
            return;
        };
        env.insert(arg.name.text.clone(), value.value);
    }
    for ins in ctx.instructions() {
        let Body::From {
            image: Some(image), ..
        } = &ins.body
        else {
            continue;
        };
        if !image.text.contains('$') {
            continue;
        }
        let lookup = |n: &str| {
            env.get(n)
                .cloned()
                .or_else(|| platform_arg_value(n).map(String::from))
        };
        let Ok(expanded) = expand(&image.text, escape, &lookup) else {
            continue;
        };
        if validate_reference(&expanded.value).is_err() {
            out.push(RULE.diag(
                image.span,
                format!(
                    "Default value for ARG {} results in empty or invalid base image name",
                    image.text
                ),
            ));
        }
    }
}
