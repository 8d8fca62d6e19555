//! What a rule sees: the source, the syntax tree, the settings, the path, and facts
//! computed once per file (stages, the shell in effect at each instruction).

use crate::facts::ImageFacts;
use crate::settings::Settings;
use dlint_semantic::Model;
use dlint_syntax::{Body, Command, Dockerfile, Instruction, InstructionKind};
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::sync::OnceLock;

/// The shell that runs a shell-form RUN/CMD/ENTRYPOINT at some instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveShell {
    /// `["/bin/sh", "-c"]` by default, else the last SHELL's exec form in the stage (or
    /// its parent stage), or the name given by `# hadolint shell=`.
    pub argv: Vec<String>,
    /// Set by a SHELL instruction (not the default, not a pragma).
    pub from_instruction: bool,
}

impl EffectiveShell {
    pub fn default_posix() -> EffectiveShell {
        EffectiveShell {
            argv: vec!["/bin/sh".into(), "-c".into()],
            from_instruction: false,
        }
    }
    /// The program's base name, lower-cased (`sh`, `bash`, `pwsh`, `cmd`).
    pub fn program(&self) -> String {
        let first = self.argv.first().map(String::as_str).unwrap_or("");
        let base = first.rsplit(['/', '\\']).next().unwrap_or(first);
        base.trim_end_matches(".exe").to_ascii_lowercase()
    }
    /// POSIX-like shells that ShellCheck-style analysis understands.
    pub fn is_posix(&self) -> bool {
        matches!(
            self.program().as_str(),
            "sh" | "bash" | "dash" | "ash" | "ksh" | "zsh" | "busybox"
        )
    }
}

/// One build stage: the FROM instruction and the instructions up to the next FROM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageInfo {
    /// Index of the FROM in `Dockerfile::instructions`.
    pub from: usize,
    /// One past the last instruction of the stage.
    pub end: usize,
    /// The `AS` name as written.
    pub name: Option<String>,
    /// The index of an earlier stage used as base (`FROM <stage>`), case-insensitive.
    pub parent: Option<usize>,
}

/// The semantic model of a lint run: given by the caller, or built on first use. Few
/// rules read it, and on a big file building it costs more than many rules together.
pub struct ModelRef<'a> {
    given: Option<Cow<'a, Model>>,
    dockerfile: &'a Dockerfile,
    built: OnceLock<Model>,
    /// Set when building the model panicked (an empty model stands in).
    panicked: AtomicBool,
}

impl<'a> ModelRef<'a> {
    fn lazy(dockerfile: &'a Dockerfile) -> ModelRef<'a> {
        ModelRef {
            given: None,
            dockerfile,
            built: OnceLock::new(),
            panicked: AtomicBool::new(false),
        }
    }

    /// Whether building the model panicked; the engine reports that once.
    pub fn panicked(&self) -> bool {
        self.panicked.load(Ordering::Relaxed)
    }
}

impl std::ops::Deref for ModelRef<'_> {
    type Target = Model;
    fn deref(&self) -> &Model {
        if let Some(model) = &self.given {
            return model;
        }
        self.built.get_or_init(|| {
            // Analysis code outside this crate: a failure there costs one finding.
            let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                dlint_semantic::analyze(self.dockerfile)
            }));
            built.unwrap_or_else(|_| {
                self.panicked.store(true, Ordering::Relaxed);
                Model::default()
            })
        })
    }
}

/// Everything a rule may read. Built once per lint run by the engine.
pub struct Context<'a> {
    pub source: &'a str,
    pub dockerfile: &'a Dockerfile,
    /// The semantic model (stages, ARG/ENV scopes, references), given by the caller or
    /// computed on first use in this run.
    pub model: ModelRef<'a>,
    pub path: Option<&'a Path>,
    pub settings: &'a Settings,
    /// Base-image facts from a registry, when the caller has them.
    pub facts: Option<&'a dyn ImageFacts>,
    /// Stages in order; instructions before the first FROM belong to none.
    pub stages: Vec<StageInfo>,
    /// For each instruction, the stage index it belongs to.
    stage_of: Vec<Option<usize>>,
    /// The distinct shells of the file, and for each instruction the one in effect (an
    /// index): a file has few shells and thousands of instructions.
    shells: Vec<EffectiveShell>,
    shell_of: Vec<usize>,
    /// For each instruction, the parsed scripts it runs, computed on first use: dozens
    /// of rules read them, and each should not look them up again, while a rule about
    /// one stage should not make every script of a big file be looked up.
    scripts: Vec<OnceLock<Arc<[Arc<crate::shell::Script>]>>>,
    /// Indices of the RUNs whose scripts are analysed as POSIX shell, computed once by
    /// the hadolint rules' shared helper (`rules::hadolint::support::runs`).
    pub(crate) posix_runs: OnceLock<Vec<usize>>,
}

impl<'a> Context<'a> {
    pub fn new(
        source: &'a str,
        dockerfile: &'a Dockerfile,
        model: Cow<'a, Model>,
        path: Option<&'a Path>,
        settings: &'a Settings,
        facts: Option<&'a dyn ImageFacts>,
    ) -> Context<'a> {
        let mut ctx = Context::lazy(source, dockerfile, path, settings, facts);
        ctx.model.given = Some(model);
        ctx
    }

    /// A context whose semantic model is built only if a rule reads it.
    pub fn lazy(
        source: &'a str,
        dockerfile: &'a Dockerfile,
        path: Option<&'a Path>,
        settings: &'a Settings,
        facts: Option<&'a dyn ImageFacts>,
    ) -> Context<'a> {
        let (stages, stage_of) = compute_stages(dockerfile);
        let (shells, shell_of) = compute_shells(dockerfile, &stages, &stage_of);
        Context {
            source,
            dockerfile,
            model: ModelRef::lazy(dockerfile),
            path,
            settings,
            facts,
            stages,
            stage_of,
            shells,
            shell_of,
            scripts: (0..dockerfile.instructions.len())
                .map(|_| OnceLock::new())
                .collect(),
            posix_runs: OnceLock::new(),
        }
    }

    /// The parsed shell scripts instruction `index` runs (see `shell::run_scripts`),
    /// parsed once per lint run and cached across runs.
    pub fn scripts(&self, index: usize) -> Arc<[Arc<crate::shell::Script>]> {
        let (Some(cell), Some(ins)) = (self.scripts.get(index), self.instructions().get(index))
        else {
            return Arc::from(Vec::new());
        };
        cell.get_or_init(|| {
            if ins.effective().kind == InstructionKind::Run {
                crate::shell::run_scripts(ins, self.source).into()
            } else {
                Arc::from(Vec::new())
            }
        })
        .clone()
    }

    /// Looks up the scripts of every RUN (parsing those not in the cache) on up to
    /// `threads` threads, this one included, so that the rules find them ready. A big
    /// file's first lint is mostly this, and the scripts are independent.
    pub(crate) fn load_scripts(&self, threads: usize) {
        let runs: Vec<usize> = (0..self.instructions().len())
            .filter(|&i| self.instructions()[i].effective().kind == InstructionKind::Run)
            .collect();
        let threads = threads.clamp(1, runs.len().max(1));
        // Interleaved, so each thread gets scripts from all over the file.
        let share = |k: usize| {
            for &i in runs.iter().skip(k).step_by(threads) {
                self.scripts(i);
            }
        };
        std::thread::scope(|scope| {
            for k in 1..threads {
                let spawned = std::thread::Builder::new()
                    .name("dlint-parse".into())
                    .spawn_scoped(scope, move || share(k));
                if spawned.is_err() {
                    // No thread: the rules load what is missing as they go.
                    break;
                }
            }
            share(0);
        });
    }

    pub fn instructions(&self) -> &'a [Instruction] {
        &self.dockerfile.instructions
    }

    /// The stage index of instruction `index`, or `None` before the first FROM.
    pub fn stage_of(&self, index: usize) -> Option<usize> {
        self.stage_of.get(index).copied().flatten()
    }

    /// The shell in effect at instruction `index`.
    pub fn shell(&self, index: usize) -> &EffectiveShell {
        static DEFAULT: std::sync::OnceLock<EffectiveShell> = std::sync::OnceLock::new();
        self.shell_of
            .get(index)
            .and_then(|&i| self.shells.get(i))
            .unwrap_or_else(|| DEFAULT.get_or_init(EffectiveShell::default_posix))
    }

    /// The platform a stage is built for: its constant `FROM --platform`, else the
    /// configured target platform, else `linux/amd64`.
    pub fn expected_platform(&self, stage: usize) -> String {
        let from = &self.instructions()[self.stages[stage].from];
        from.flag("platform")
            .and_then(|f| f.value.clone())
            .filter(|v| !v.contains('$'))
            .or_else(|| self.settings.platform.clone())
            .unwrap_or_else(|| "linux/amd64".to_string())
    }

    /// The external image a stage's chain of `FROM <stage>` ends in, as written (only
    /// literal names; `scratch` is not an image), with the stage that names it.
    pub fn external_base(&self, stage: usize) -> Option<(&'a str, usize)> {
        let mut s = stage;
        while let Some(parent) = self.stages.get(s)?.parent {
            s = parent;
        }
        let from = &self.dockerfile.instructions[self.stages[s].from];
        match &from.body {
            Body::From { image: Some(w), .. }
                if !w.text.contains('$') && !w.text.eq_ignore_ascii_case("scratch") =>
            {
                Some((w.text.as_str(), s))
            }
            _ => None,
        }
    }

    /// What the registry facts say about a stage's external base image.
    pub fn base_image(&self, stage: usize) -> Option<crate::facts::BaseImage> {
        let (image, root) = self.external_base(stage)?;
        self.facts?.base_image(image, &self.expected_platform(root))
    }

    /// Whether the parser already reported this message (some instruction-level errors
    /// may come from the parser); rules skip those to avoid reporting twice.
    pub fn parser_reported(&self, message: &str) -> bool {
        self.dockerfile.errors.iter().any(|e| e.message == message)
    }

    /// The source text of a span (empty when out of range, never a panic).
    pub fn text(&self, span: dlint_syntax::Span) -> &'a str {
        self.source.get(span.range()).unwrap_or("")
    }
}

fn compute_stages(df: &Dockerfile) -> (Vec<StageInfo>, Vec<Option<usize>>) {
    let mut stages: Vec<StageInfo> = Vec::new();
    let mut stage_of = Vec::with_capacity(df.instructions.len());
    for (i, ins) in df.instructions.iter().enumerate() {
        if ins.kind == InstructionKind::From {
            if let Some(last) = stages.last_mut() {
                last.end = i;
            }
            let (image, name) = match &ins.body {
                Body::From {
                    image, stage_name, ..
                } => (
                    image.as_ref().map(|w| w.text.clone()),
                    stage_name.as_ref().map(|w| w.text.clone()),
                ),
                _ => (None, None),
            };
            let parent = image.and_then(|img| {
                stages.iter().position(|s| {
                    s.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&img))
                })
            });
            stages.push(StageInfo {
                from: i,
                end: i + 1,
                name,
                parent,
            });
        }
        if let Some(last) = stages.last_mut() {
            last.end = i + 1;
        }
        stage_of.push(stages.len().checked_sub(1));
    }
    (stages, stage_of)
}

/// `# hadolint shell=<name>` in a comment, if any.
fn shell_pragma(comment: &str) -> Option<String> {
    let rest = comment.trim().strip_prefix("hadolint")?.trim_start();
    let rest = rest.strip_prefix("shell")?.trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    let name = rest.split_whitespace().next()?;
    Some(name.to_string())
}

/// The distinct shells in effect, and for each instruction the index of its shell.
fn compute_shells(
    df: &Dockerfile,
    stages: &[StageInfo],
    stage_of: &[Option<usize>],
) -> (Vec<EffectiveShell>, Vec<usize>) {
    let mut distinct: Vec<EffectiveShell> = Vec::new();
    let mut out: Vec<usize> = Vec::with_capacity(df.instructions.len());
    // The shell at the end of each stage, inherited by stages built `FROM` it.
    let mut stage_final: Vec<EffectiveShell> = Vec::with_capacity(stages.len());
    let mut current = EffectiveShell::default_posix();
    let mut comments = df.comments.iter().peekable();
    let mut index = 0;
    for (i, ins) in df.instructions.iter().enumerate() {
        let mut changed = false;
        // Pragmas take effect from the instruction after them onwards.
        while let Some(c) = comments.next_if(|c| c.span.start < ins.span.start) {
            if let Some(name) = shell_pragma(&c.text) {
                changed = true;
                current = EffectiveShell {
                    argv: vec![name],
                    from_instruction: false,
                };
            }
        }
        if ins.kind == InstructionKind::From {
            changed = true;
            if let Some(prev) = stage_of.get(i.wrapping_sub(1)).copied().flatten() {
                if stage_final.len() == prev {
                    stage_final.push(current.clone());
                }
            }
            let idx = stage_of[i].unwrap_or(0);
            current = stages
                .get(idx)
                .and_then(|s| s.parent)
                .and_then(|p| stage_final.get(p).cloned())
                .unwrap_or_else(EffectiveShell::default_posix);
        }
        if ins.kind == InstructionKind::Shell {
            if let Body::Command(Some(Command::Exec(exec))) = &ins.body {
                changed = true;
                current = EffectiveShell {
                    argv: exec.elements.iter().map(|w| w.text.clone()).collect(),
                    from_instruction: true,
                };
            }
        }
        // Looked up only when it may have changed: comparing shells for each of
        // thousands of instructions was a noticeable part of a keystroke's lint.
        if changed || i == 0 {
            index = match distinct.iter().position(|s| *s == current) {
                Some(i) => i,
                None => {
                    distinct.push(current.clone());
                    distinct.len() - 1
                }
            };
        }
        out.push(index);
    }
    (distinct, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_pragma_grammar() {
        assert_eq!(
            shell_pragma("hadolint shell=powershell"),
            Some("powershell".into())
        );
        assert_eq!(
            shell_pragma("hadolint shell = bash # x"),
            Some("bash".into())
        );
        assert_eq!(shell_pragma("hadolint ignore=DL3000"), None);
    }

    #[test]
    fn program_names() {
        let s = EffectiveShell {
            argv: vec!["C:\\Windows\\pwsh.exe".into()],
            from_instruction: true,
        };
        assert_eq!(s.program(), "pwsh");
        assert!(!s.is_posix());
        assert!(EffectiveShell::default_posix().is_posix());
    }
}
