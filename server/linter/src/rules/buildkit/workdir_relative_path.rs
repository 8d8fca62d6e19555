use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports the first `WORKDIR` with a relative path in a stage when neither the stage
    /// nor a stage it is built from has set an absolute `WORKDIR` before.
    ///
    /// ## Why is this bad?
    /// A relative path is resolved against the base image's working directory, which
    /// can change when the base image changes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: `/app` is what `app` means only when the base image's working directory
    /// is `/`, which is the usual case but not guaranteed.
    pub static RULE = {
        code: "WorkdirRelativePath",
        name: "workdir-relative-path",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

fn is_absolute(path: &str) -> bool {
    let p = path.trim_matches(['"', '\'']);
    let bytes = p.as_bytes();
    // Windows targets: `C:\x`, `C:/x` (`C:` alone or `C:dir` is drive-relative).
    let windows = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'\\' || bytes[2] == b'/');
    p.starts_with('/') || p.starts_with('\\') || windows
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Whether each stage has set a WORKDIR by its end (inherited by child stages).
    let mut has_workdir = vec![false; ctx.stages.len()];
    for (s, stage) in ctx.stages.iter().enumerate() {
        let mut set = stage.parent.is_some_and(|p| has_workdir[p]);
        for ins in &ctx.instructions()[stage.from..stage.end] {
            if ins.kind != InstructionKind::Workdir {
                continue;
            }
            let Body::Text(Some(path)) = &ins.body else {
                continue;
            };
            // Variables make the result unknown: assume the author made it absolute.
            if !set && !path.text.contains('$') && !is_absolute(&path.text) {
                let diag = RULE.diag(
                    path.span,
                    format!(
                        "Relative workdir {:?} can have unexpected results if the base image changes",
                        path.text
                    ),
                );
                let make_absolute = Edit::insert(path.span.start, "/");
                out.push(
                    diag.with_fix(Fix::unsafe_("Make the path absolute", vec![make_absolute])),
                );
            }
            set = true;
        }
        has_workdir[s] = set;
    }
}
