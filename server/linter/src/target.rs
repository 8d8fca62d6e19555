//! Restricting BuildKit's dispatch-phase checks to the stages a build target needs
//! (`buildkit-checks.md` §3.5): a plain `docker build --target x` only dispatches the
//! stages `x` depends on, while `--check` without a target lints them all.

use crate::context::Context;
use dlint_syntax::InstructionKind;

/// BuildKit's checks that run while dispatching instructions, hence only on reachable
/// stages. The others run at parse or stage setup time and cover every stage.
pub const DISPATCH_PHASE: [&str; 10] = [
    "UndefinedVar",
    "SecretsUsedInArgOrEnv",
    "LegacyKeyValueFormat",
    "JSONArgsRecommended",
    "MultipleInstructionsDisallowed",
    "WorkdirRelativePath",
    "CopyIgnoredFile",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
    "InvalidBaseImagePlatform",
];

/// For each stage, whether building `target` needs it. `None` when the target names no
/// stage (then nothing is restricted).
pub fn reachable_stages(ctx: &Context, target: &str) -> Option<Vec<bool>> {
    let find = |name: &str| -> Option<usize> {
        if let Ok(i) = name.parse::<usize>() {
            return (i < ctx.stages.len()).then_some(i);
        }
        ctx.stages.iter().position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    };
    let start = find(target)?;
    let mut needed = vec![false; ctx.stages.len()];
    let mut todo = vec![start];
    while let Some(s) = todo.pop() {
        if std::mem::replace(&mut needed[s], true) {
            continue;
        }
        let stage = &ctx.stages[s];
        todo.extend(stage.parent);
        for ins in &ctx.instructions()[stage.from..stage.end] {
            let mut names: Vec<&str> = Vec::new();
            if ins.kind == InstructionKind::Copy {
                names.extend(ins.flag("from").and_then(|f| f.value.as_deref()));
            }
            for flag in ins.flags.iter().filter(|f| f.name == "mount") {
                let value = flag.value.as_deref().unwrap_or("");
                names.extend(value.split(',').filter_map(|f| f.strip_prefix("from=")));
            }
            todo.extend(
                names
                    .into_iter()
                    .filter_map(find)
                    .filter(|&d| d < ctx.stages.len()),
            );
        }
    }
    Some(needed)
}
