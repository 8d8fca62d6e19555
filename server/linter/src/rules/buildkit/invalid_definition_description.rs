use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Experimental (enable with `# check=experimental=InvalidDefinitionDescription` or by
    /// selecting it). Reports a comment directly above `FROM … AS name` or `ARG name`
    /// whose first word is not the name being defined.
    ///
    /// ## Why is this bad?
    /// Build tools read such comments as the description of the stage or argument
    /// (`# name description`). A comment that is not meant as a description should be
    /// separated from the instruction by an empty line.
    ///
    /// ## Example
    /// ```dockerfile
    /// # compile the application
    /// FROM golang:1.22 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # build compiles the application
    /// FROM golang:1.22 AS build
    /// ```
    pub static RULE = {
        code: "InvalidDefinitionDescription",
        name: "invalid-definition-description",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        experimental: true,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let starts = crate::pragma::line_starts(ctx.source);
    for ins in ctx.instructions() {
        let (what, names): (&str, Vec<&str>) = match (&ins.body, ins.kind) {
            (
                Body::From {
                    stage_name: Some(n),
                    ..
                },
                _,
            ) => ("FROM", vec![n.text.as_str()]),
            (Body::Args(args), InstructionKind::Arg) => {
                ("ARG", args.iter().map(|a| a.name.text.as_str()).collect())
            }
            _ => continue,
        };
        // Only a comment on the line directly above counts (a blank line separates). Such
        // a comment is the last one before the instruction: found by bisection, as a scan
        // per ARG made this rule quadratic on big files.
        let comments = &ctx.dockerfile.comments;
        let before = comments.partition_point(|c| c.span.start < ins.span.start);
        let Some(comment) = before
            .checked_sub(1)
            .map(|i| &comments[i])
            .filter(|c| crate::pragma::line_of(&starts, c.span.start) + 1 == ins.start_line)
        else {
            continue;
        };
        let first_word = comment.text.split_whitespace().next().unwrap_or("");
        if names.contains(&first_word) {
            continue;
        }
        let shown = if names.len() == 1 {
            names[0]
        } else {
            "<arg_key>"
        };
        let span = comment.span;
        out.push(RULE.diag(
            span,
            format!("Comment for {what} should follow the format: `# {shown} <description>`"),
        ));
    }
}
