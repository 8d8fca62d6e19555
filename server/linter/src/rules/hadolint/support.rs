//! Facts several hadolint rules share: the RUN scripts in effect, BuildKit mounts,
//! stage lineage and the variables visible at an instruction.

use crate::context::Context;
use crate::shell::{Script, ShellCommand, ShellKind};
use dlint_syntax::{Body, Instruction, InstructionKind, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// Strips one pair of matching surrounding quotes.
pub fn unquote(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// One RUN (or `ONBUILD RUN`) with the scripts it executes.
pub struct Run<'a> {
    pub index: usize,
    /// The RUN itself.
    pub run: &'a Instruction,
    /// Written as `ONBUILD RUN`.
    pub trigger: bool,
    pub scripts: Arc<[Arc<Script>]>,
}

impl Run<'_> {
    /// The RUN is an ONBUILD trigger.
    pub fn is_trigger(&self) -> bool {
        self.trigger
    }
    pub fn commands(&self) -> impl Iterator<Item = &ShellCommand> {
        self.scripts.iter().flat_map(|s| s.commands.iter())
    }
    pub fn commands_named<'b>(&'b self, name: &'b str) -> impl Iterator<Item = &'b ShellCommand> {
        self.commands().filter(move |c| c.is(name))
    }
    /// A later command in the same RUN satisfies `pred`.
    pub fn any_after(&self, cmd: &ShellCommand, pred: impl Fn(&ShellCommand) -> bool) -> bool {
        self.commands()
            .any(|c| c.span.start > cmd.span.start && pred(c))
    }
}

/// Every RUN and ONBUILD RUN whose shell is POSIX-like, with its parsed scripts.
/// PowerShell and cmd scripts are skipped: the bash grammar would only produce noise.
pub fn runs<'a>(ctx: &Context<'a>) -> Vec<Run<'a>> {
    // Which RUNs qualify is the same for every rule: work it out once per lint run.
    let indices = ctx.posix_runs.get_or_init(|| {
        let mut windows: HashMap<usize, bool> = HashMap::new();
        let mut out = Vec::new();
        for (index, outer) in ctx.instructions().iter().enumerate() {
            if outer.effective().kind != InstructionKind::Run {
                continue;
            }
            let shell = ctx.shell(index);
            let exe = shell.argv.first().map(String::as_str).unwrap_or("/bin/sh");
            if ShellKind::from_executable(exe) == ShellKind::Windows {
                continue;
            }
            // Windows images run RUN with `cmd /S /C` until a SHELL says otherwise.
            let default_shell = shell.argv == crate::context::EffectiveShell::default_posix().argv;
            if default_shell
                && ctx
                    .stage_of(index)
                    .is_some_and(|s| *windows.entry(s).or_insert_with(|| windows_stage(ctx, s)))
            {
                continue;
            }
            out.push(index);
        }
        out
    });
    indices
        .iter()
        .map(|&index| {
            let outer = &ctx.instructions()[index];
            let run = outer.effective();
            Run {
                index,
                run,
                trigger: !std::ptr::eq(run, outer),
                scripts: ctx.scripts(index),
            }
        })
        .collect()
}

/// Names of Windows base images (Microsoft's registry paths and tags).
const WINDOWS_IMAGE_MARKERS: &[&str] = &[
    "mcr.microsoft.com/windows",
    "windows/servercore",
    "windows/nanoserver",
    "windowsservercore",
    "nanoserver",
    "dotnet/framework",
];

/// The stage (through the stages it is built `FROM`) starts from a Windows image. An
/// image given by variables is judged by the default values of the global ARGs.
pub fn windows_stage(ctx: &Context, stage: usize) -> bool {
    let Some(&root) = lineage(ctx, stage).last() else {
        return false;
    };
    let Body::From {
        image: Some(word), ..
    } = &ctx.instructions()[ctx.stages[root].from].body
    else {
        return false;
    };
    let mut text = word.text.to_ascii_lowercase();
    let first_from = ctx.stages.first().map_or(0, |s| s.from);
    for ins in &ctx.instructions()[..first_from] {
        if let Body::Args(decls) = &ins.body {
            for d in decls
                .iter()
                .filter(|d| variable_refs(&word.text).contains(&d.name.text.as_str()))
            {
                if let Some(default) = &d.default {
                    text.push(' ');
                    text.push_str(&default.text.to_ascii_lowercase());
                }
            }
        }
    }
    WINDOWS_IMAGE_MARKERS.iter().any(|m| text.contains(m))
}

/// Calls `f` for every command named one of `names` in every analysed RUN.
pub fn each_command<'a>(
    ctx: &Context<'a>,
    names: &[&str],
    mut f: impl FnMut(&Run<'a>, &ShellCommand),
) {
    for run in runs(ctx) {
        for cmd in run.commands() {
            if names.iter().any(|n| cmd.is(n)) {
                f(&run, cmd);
            }
        }
    }
}

/// From the command name to the end of `word` (`apt-get install`), the natural place
/// to report something missing from a command.
pub fn name_through(cmd: &ShellCommand, word: Option<&crate::shell::ShellWord>) -> Span {
    match word {
        Some(w) if w.span.end >= cmd.name.span.start => Span::new(cmd.name.span.start, w.span.end),
        _ => cmd.name.span,
    }
}

/// `(type, target)` of each `--mount` flag (type defaults to `bind`, as in BuildKit).
pub fn mounts(run: &Instruction) -> Vec<(String, String)> {
    run.flags
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("mount"))
        .filter_map(|f| f.value.as_deref())
        .map(|v| {
            let mut kind = "bind".to_string();
            let mut target = String::new();
            for part in v.split(',') {
                let (k, val) = part.split_once('=').unwrap_or((part, ""));
                match k.trim().to_ascii_lowercase().as_str() {
                    "type" => kind = val.trim().to_ascii_lowercase(),
                    "target" | "dst" | "destination" => target = val.trim().to_string(),
                    _ => {}
                }
            }
            (kind, target)
        })
        .collect()
}

/// A cache or tmpfs mount covers `dir` (the mount target is `dir` or a parent of it).
pub fn has_cache_mount(run: &Instruction, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    mounts(run).iter().any(|(kind, target)| {
        let target = target.trim_end_matches('/');
        (kind == "cache" || kind == "tmpfs")
            && !target.is_empty()
            && (dir == target || dir.starts_with(&format!("{target}/")))
    })
}

/// The stage index and its ancestors (`FROM <earlier stage>`), nearest first.
pub fn lineage(ctx: &Context, stage: usize) -> Vec<usize> {
    let mut out = vec![stage];
    let mut at = stage;
    while let Some(p) = ctx.stages.get(at).and_then(|s| s.parent) {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        at = p;
    }
    out
}

/// Stages whose file system ends up in the built image: the last stage and every
/// stage it is built `FROM` (directly or through other stages).
pub fn final_lineage(ctx: &Context) -> Vec<usize> {
    match ctx.stages.len() {
        0 => Vec::new(),
        n => lineage(ctx, n - 1),
    }
}

/// Indexes of the instructions that make up `stage` and its ancestors, up to `before`.
fn lineage_instructions(ctx: &Context, index: usize) -> Vec<usize> {
    let Some(stage) = ctx.stage_of(index) else {
        return (0..index).collect();
    };
    let mut out = Vec::new();
    for s in lineage(ctx, stage).into_iter().rev() {
        let info = &ctx.stages[s];
        let end = if s == stage { index } else { info.end };
        out.extend(info.from..end);
    }
    out
}

/// ENV variables set before instruction `index` in its stage or the stages it builds
/// on, with their (raw, unquoted) values; later settings win.
pub fn env_before(ctx: &Context, index: usize) -> HashMap<String, String> {
    let mut env = HashMap::new();
    for i in lineage_instructions(ctx, index) {
        let ins = ctx.instructions()[i].effective();
        if ins.kind != InstructionKind::Env || !std::ptr::eq(ins, &ctx.instructions()[i]) {
            continue;
        }
        if let Body::KeyValues { pairs, .. } = &ins.body {
            for kv in pairs {
                env.insert(
                    unquote(&kv.key.text).to_string(),
                    unquote(&kv.value.text).to_string(),
                );
            }
        }
    }
    env
}

/// Every ARG name declared anywhere before instruction `index` (global ARGs and those
/// of any stage: hadolint does not scope them).
pub fn args_before(ctx: &Context, index: usize) -> Vec<String> {
    ctx.instructions()[..index.min(ctx.instructions().len())]
        .iter()
        .filter_map(|i| match &i.body {
            Body::Args(decls) => Some(decls.iter().map(|d| d.name.text.clone())),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The variable names `$NAME` / `${NAME…}` refers to in `text`.
pub fn variable_refs(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'$' {
            let braced = bytes.get(i + 1) == Some(&b'{');
            let start = i + 1 + braced as usize;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end > start {
                out.push(&text[start..end]);
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// A word whose value refers to variables the Dockerfile defines (ARG anywhere before,
/// ENV in the stage lineage): its value is decided at build time, so it is treated as
/// pinned.
pub fn refers_to_known_variable(ctx: &Context, index: usize, word: &str) -> bool {
    let refs = variable_refs(word);
    if refs.is_empty() {
        return false;
    }
    let env = env_before(ctx, index);
    let args = args_before(ctx, index);
    refs.iter()
        .all(|r| env.contains_key(*r) || args.iter().any(|a| a == r))
}

/// Splits an image reference into (registry or None, rest).
pub fn split_registry(image: &str) -> (Option<&str>, &str) {
    match image.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (Some(first), rest)
        }
        _ => (None, image),
    }
}

/// The tag of an image reference (`None` without one); the digest is removed first.
pub fn image_tag(image: &str) -> Option<&str> {
    let no_digest = image.split('@').next().unwrap_or(image);
    let (_, path) = split_registry(no_digest);
    path.rsplit_once(':').map(|(_, tag)| tag)
}

/// The second and later instructions of `kind` in each stage (only the last one of a
/// stage takes effect for CMD, ENTRYPOINT and HEALTHCHECK).
pub fn repeated_in_stage<'a>(ctx: &Context<'a>, kind: InstructionKind) -> Vec<&'a Instruction> {
    let mut seen: Vec<Option<usize>> = Vec::new();
    let mut out = Vec::new();
    for (i, ins) in ctx.instructions().iter().enumerate() {
        if ins.kind != kind {
            continue;
        }
        let stage = ctx.stage_of(i);
        if seen.contains(&stage) {
            out.push(ins);
        } else {
            seen.push(stage);
        }
    }
    out
}

/// Each top-level `COPY --from=<value>`: instruction index, the value, and the span of
/// the value in the source.
pub fn copy_froms<'a>(ctx: &Context<'a>) -> Vec<(usize, &'a str, Span)> {
    ctx.instructions()
        .iter()
        .enumerate()
        .filter(|(_, ins)| ins.kind == InstructionKind::Copy)
        .filter_map(|(i, ins)| {
            let flag = ins.flag("from")?;
            Some((
                i,
                flag.value.as_deref()?,
                flag.value_span.unwrap_or(flag.span),
            ))
        })
        .collect()
}

/// The index of the stage named `name` (case-insensitive) among `stages[..limit]`.
pub fn stage_named(ctx: &Context, name: &str, limit: usize) -> Option<usize> {
    ctx.stages[..limit.min(ctx.stages.len())]
        .iter()
        .position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
}

/// Each stage's base image word, unquoted, with the stage index.
pub fn from_images<'a>(ctx: &Context<'a>) -> Vec<(usize, &'a dlint_syntax::Word, &'a str)> {
    ctx.stages
        .iter()
        .enumerate()
        .filter_map(|(n, s)| match &ctx.instructions()[s.from].body {
            Body::From { image: Some(w), .. } => Some((n, w, unquote(&w.text))),
            _ => None,
        })
        .collect()
}

/// Each `FROM --platform=…` flag with its value (quotes removed).
pub fn from_platforms<'a>(ctx: &Context<'a>) -> Vec<(&'a dlint_syntax::Flag, &'a str)> {
    ctx.instructions()
        .iter()
        .filter(|i| i.kind == InstructionKind::From)
        .filter_map(|i| i.flag("platform"))
        .map(|f| (f, f.value.as_deref().unwrap_or("").trim_matches('"')))
        .collect()
}

/// A package word whose value is decided at build time: only an expansion
/// (`$PACKAGES`, `$(cat list)`), or built from variables the Dockerfile defines
/// (`git-core-${version}`). Pin rules treat it as pinned.
pub fn decided_at_build_time(ctx: &Context, index: usize, word: &str) -> bool {
    word.starts_with('$') || refers_to_known_variable(ctx, index, word)
}
