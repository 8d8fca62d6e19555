//! Incremental linting for editors: [`LintCache::lint`] gives exactly what
//! [`crate::lint_parsed_full`] gives, but reuses the findings of the stages an edit left
//! alone.
//!
//! Most rules are *stage-local*: what they find inside a stage depends only on that
//! stage, the stages it is built `FROM` (its ancestors), the part of the file before
//! the first `FROM` (directives, global ARGs) and the `FROM` lines (stage names and
//! bases, which stage is last); what they find in that global part depends on it and
//! the `FROM` lines alone. [`STAGE_LOCAL`] lists them; a test checks the property on every
//! corpus file for every listed rule, and a rule not listed (a new one) is treated as
//! whole-file, which is always correct, only slower.
//!
//! After an edit, a stage is *clean* when its text and that of all its ancestors are
//! unchanged, and the file's skeleton (the global part, every `FROM` line and the text
//! between stages) is unchanged. Stage-local rules run again only on a cut-down file
//! holding the global part, every `FROM`, and the dirty stages with their ancestors
//! ([`sub_file`]); clean stages keep their findings, moved by how far the stage moved.
//! Whole-file rules, pragmas, severities and sorting run on the whole file each time.

use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::engine::{finish, run_rules, run_rules_parallel, top_check_config, LintResult};
use crate::registry;
use crate::rule::Rule;
use crate::settings::Settings;
use dlint_syntax::{Dockerfile, InstructionKind, Span};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Rules whose findings are stage-local (see the module documentation). Checked on the
/// corpus by `tests/incremental.rs`; keep it sorted. Left out on purpose although the
/// corpus does not contradict them (it is linted without a path): rules that read files
/// or registries (CopyIgnoredFile, DF016 missing-dockerignore, which also reports only
/// the first `COPY .` of the file, InvalidBaseImagePlatform, the DR rules), ConsistentInstructionCasing
/// (the casing of the whole file), StageNameCasing (its fix renames references in other
/// stages), DL3002 and DL3066 (a USER in an earlier stage is reported or not depending
/// on the last stage), DL3067 (reads the stage it copies from).
pub const STAGE_LOCAL: &[&str] = &[
    "DF001",
    "DF002",
    "DF003",
    "DF004",
    "DF005",
    "DF006",
    "DF007",
    "DF008",
    "DF009",
    "DF010",
    "DF011",
    "DF012",
    "DF013",
    "DF014",
    "DF015",
    "DF090",
    "DF091",
    "DF099",
    "DL1001",
    "DL3000",
    "DL3001",
    "DL3003",
    "DL3004",
    "DL3006",
    "DL3007",
    "DL3008",
    "DL3009",
    "DL3010",
    "DL3011",
    "DL3012",
    "DL3013",
    "DL3014",
    "DL3015",
    "DL3016",
    "DL3018",
    "DL3019",
    "DL3020",
    "DL3021",
    "DL3022",
    "DL3023",
    "DL3024",
    "DL3025",
    "DL3026",
    "DL3027",
    "DL3028",
    "DL3029",
    "DL3030",
    "DL3032",
    "DL3033",
    "DL3034",
    "DL3035",
    "DL3036",
    "DL3037",
    "DL3038",
    "DL3040",
    "DL3041",
    "DL3042",
    "DL3043",
    "DL3044",
    "DL3045",
    "DL3046",
    "DL3047",
    "DL3048",
    "DL3049",
    "DL3050",
    "DL3051",
    "DL3052",
    "DL3053",
    "DL3054",
    "DL3055",
    "DL3056",
    "DL3057",
    "DL3058",
    "DL3059",
    "DL3060",
    "DL3061",
    "DL3062",
    "DL3063",
    "DL3064",
    "DL3065",
    "DL4000",
    "DL4001",
    "DL4003",
    "DL4004",
    "DL4005",
    "DL4006",
    "DuplicateStageName",
    "ExposeInvalidFormat",
    "ExposeProtoCasing",
    "FromAsCasing",
    "FromPlatformFlagConstDisallowed",
    "InvalidDefaultArgInFrom",
    "InvalidDefinitionDescription",
    "JSONArgsRecommended",
    "LegacyKeyValueFormat",
    "MaintainerDeprecated",
    "MultipleInstructionsDisallowed",
    "NoEmptyContinuation",
    "RedundantTargetPlatform",
    "ReservedStageName",
    "SecretsUsedInArgOrEnv",
    "ShellCheck",
    "UndefinedArgInFrom",
    "UndefinedVar",
    "WorkdirRelativePath",
];

/// From this many instructions on, a first lint reads the RUN scripts, then runs the
/// rules, on all cores (for a small file, starting threads costs more than it saves).
const PARALLEL_FROM: usize = 500;

/// Whether `rule` is stage-local.
pub fn is_stage_local(rule: &Rule) -> bool {
    STAGE_LOCAL.binary_search(&rule.code).is_ok()
}

/// The parts of a file: the global part before the first `FROM`, then one part per
/// stage, from the end of the previous stage's last instruction (so that the comments
/// above a `FROM` belong to its stage) to the end of the stage's own last instruction
/// (the last part runs to the end of the text).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Layout {
    /// Start offset of each stage's part.
    starts: Vec<usize>,
    /// End of each stage's last instruction: the text from there to the next `FROM`
    /// (comments, blank lines) belongs to the skeleton.
    ends: Vec<usize>,
    /// The stage each stage is built `FROM`, if any.
    parents: Vec<Option<usize>>,
    /// Span of each stage's `FROM` instruction.
    froms: Vec<Span>,
}

impl Layout {
    fn of(ctx: &Context) -> Layout {
        let ins = ctx.instructions();
        Layout {
            starts: ctx.stages.iter().map(|s| ins[s.from].span.start).collect(),
            ends: ctx.stages.iter().map(|s| ins[s.end - 1].span.end).collect(),
            parents: ctx.stages.iter().map(|s| s.parent).collect(),
            froms: ctx.stages.iter().map(|s| ins[s.from].span).collect(),
        }
    }

    /// Where stage `t`'s part starts.
    fn low(&self, t: usize) -> usize {
        match t {
            0 => self.starts[0],
            _ => self.ends[t - 1],
        }
    }

    /// The byte range of stage `t`'s part (the last one runs past the end of the text,
    /// so that a finding at the very end belongs to it).
    fn part(&self, t: usize) -> Range<usize> {
        let end = if t + 1 < self.starts.len() {
            self.low(t + 1)
        } else {
            usize::MAX
        };
        self.low(t)..end
    }

    /// What a cut-down file keeps of stage `t`: its part and the comments after it up
    /// to the next `FROM` (a `# hadolint shell=` there sets the shell later stages built
    /// on this one inherit).
    fn kept(&self, t: usize) -> Range<usize> {
        self.low(t)..self.starts.get(t + 1).copied().unwrap_or(usize::MAX)
    }

    fn global(&self) -> Range<usize> {
        0..self.starts.first().copied().unwrap_or(usize::MAX)
    }

    /// The part an offset falls in: `None` for the global part, else the stage.
    fn part_of(&self, offset: usize) -> Option<usize> {
        if self.starts.first().is_none_or(|&s| offset < s) {
            return None;
        }
        let later = (1..self.starts.len()).filter(|&t| self.ends[t - 1] <= offset);
        Some(later.last().unwrap_or(0))
    }

    /// `t` and the stages it is built on.
    fn lineage(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut at = t;
        while let Some(p) = self.parents[at].filter(|&p| p < at && !out.contains(&p)) {
            out.push(p);
            at = p;
        }
        out
    }

    /// Whether everything but the stages' own instructions reads the same in both texts:
    /// the global part, the stage count, every `FROM`, and the text between stages.
    fn same_skeleton(&self, text: &str, old: &Layout, old_text: &str) -> bool {
        fn slice(t: &str, r: Range<usize>) -> Option<&[u8]> {
            t.get(r.start..r.end.min(t.len())).map(str::as_bytes)
        }
        if self.starts.len() != old.starts.len()
            || slice(text, self.global()) != slice(old_text, old.global())
        {
            return false;
        }
        (0..self.starts.len()).all(|t| {
            let gap =
                |l: &Layout, len: usize| l.ends[t]..l.starts.get(t + 1).copied().unwrap_or(len);
            slice(text, self.froms[t].range()) == slice(old_text, old.froms[t].range())
                && slice(text, gap(self, text.len())) == slice(old_text, gap(old, old_text.len()))
        })
    }
}

/// The file cut down to the byte ranges `parts` (the global part and some stages'
/// parts): the instructions, comments and syntax errors that start in them, plus every
/// `FROM`, so that the stages keep their indices, names, bases and order (which rules
/// about the final stage or stage names read). Spans still point into the original text.
pub fn sub_file(dockerfile: &Dockerfile, parts: &[Range<usize>]) -> Dockerfile {
    let froms: Vec<usize> = (dockerfile.instructions.iter().enumerate())
        .filter(|(_, i)| i.kind == InstructionKind::From)
        .map(|(at, _)| at)
        .collect();
    sub_file_with(dockerfile, parts, &froms)
}

/// [`sub_file`] given the indices of the `FROM` instructions, in order. A keystroke's
/// lint knows them, and finds the instructions of `parts` by bisection: looking at each
/// of a big file's thousands of instructions costs more than copying the few it keeps.
fn sub_file_with(dockerfile: &Dockerfile, parts: &[Range<usize>], froms: &[usize]) -> Dockerfile {
    let inside = |offset: usize| parts.iter().any(|r| r.contains(&offset));
    let all = &dockerfile.instructions;
    // Instructions are in text order.
    let mut kept: Vec<usize> = froms.to_vec();
    for part in parts {
        let first = all.partition_point(|i| i.span.start < part.start);
        let end = all.partition_point(|i| i.span.start < part.end);
        kept.extend(first..end);
    }
    kept.sort_unstable();
    kept.dedup();
    Dockerfile {
        bom: dockerfile.bom,
        directives: dockerfile.directives.clone(),
        escape: dockerfile.escape,
        comments: (dockerfile.comments.iter())
            .filter(|c| inside(c.span.start))
            .cloned()
            .collect(),
        instructions: kept.into_iter().map(|at| all[at].clone()).collect(),
        errors: (dockerfile.errors.iter())
            .filter(|e| inside(e.span.start))
            .cloned()
            .collect(),
        frontend_directives: dockerfile.frontend_directives.clone(),
    }
}

/// For stage `t` of a file: the byte ranges a cut-down file for it keeps (the global
/// part and its lineage's), and the range of its own part. Public for the locality test.
pub fn stage_parts(
    source: &str,
    dockerfile: &Dockerfile,
    t: usize,
) -> (Vec<Range<usize>>, Range<usize>) {
    let settings = Settings::default();
    let ctx = Context::lazy(source, dockerfile, None, &settings, None);
    let layout = Layout::of(&ctx);
    let mut keep = vec![layout.global()];
    keep.extend(layout.lineage(t).into_iter().map(|s| layout.kept(s)));
    (keep, layout.part(t))
}

/// The stage-local rules' raw findings (before pragmas and severities) of one run,
/// grouped by part.
struct Previous {
    text: String,
    path: Option<PathBuf>,
    settings: Settings,
    layout: Layout,
    /// Findings in the global part.
    global: Vec<Diagnostic>,
    /// Findings in each stage's part.
    stages: Vec<Vec<Diagnostic>>,
    /// [`crate::shellcheck::cache_generation`] when they were found.
    shellcheck_generation: u64,
}

/// What [`LintCache::lint`] did on its last call (for tests and benchmarks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reuse {
    pub stages: usize,
    /// Stages whose findings were kept from the previous run.
    pub clean: usize,
}

/// The state kept between lint runs of one document.
#[derive(Default)]
pub struct LintCache {
    previous: Option<Previous>,
    last: Reuse,
}

impl LintCache {
    pub fn new() -> LintCache {
        LintCache::default()
    }

    /// What the last run reused.
    pub fn last_reuse(&self) -> Reuse {
        self.last
    }

    /// Lints like [`crate::lint_parsed_full`], reusing what the previous call found in
    /// stages this text left unchanged.
    pub fn lint(
        &mut self,
        source: &str,
        dockerfile: &Dockerfile,
        path: Option<&Path>,
        settings: &Settings,
    ) -> LintResult {
        // Read before any lookup in ShellCheck's cache (see `cache_generation`).
        let shellcheck_generation = crate::shellcheck::cache_generation();
        let ctx = Context::lazy(source, dockerfile, path, settings, None);
        let rules = registry::all_rules();
        let mut out = Vec::new();
        let check = top_check_config(&ctx, &mut out);
        let (mut local, whole): (Vec<&'static Rule>, Vec<&'static Rule>) =
            rules.iter().copied().partition(|r| is_stage_local(r));

        let layout = Layout::of(&ctx);
        // The previous text's buffer is kept for this text: a big file's text is
        // allocated apart from the heap, and a new one each keystroke is a new mapping
        // whose pages all fault in again.
        let mut text_buffer = String::new();
        let previous = match self.previous.take() {
            Some(p)
                if p.path.as_deref() == path
                    && p.settings == *settings
                    && layout.same_skeleton(source, &p.layout, &p.text) =>
            {
                Some(p)
            }
            Some(p) => {
                text_buffer = p.text;
                None
            }
            None => None,
        };
        // Findings answered from ShellCheck's cache (while the slow pass fills it) are
        // found again everywhere once the cache has changed.
        let mut refresh: Vec<&'static Rule> = Vec::new();
        if previous
            .as_ref()
            .is_some_and(|p| p.shellcheck_generation != shellcheck_generation)
            && settings.shellcheck_cached_only
        {
            local.retain(|r| {
                let from_cache = r.subcodes == "SC";
                if from_cache {
                    refresh.push(r);
                }
                !from_cache
            });
        }
        // The whole-file rules' findings when a first lint already ran them.
        let mut whole_found: Option<Vec<Diagnostic>> = None;
        let (mut global, mut stages) = match previous {
            Some(p) => {
                let (global, stages, text) = self.reuse(&ctx, &local, &check, &layout, p);
                text_buffer = text;
                (global, stages)
            }
            None => {
                self.last = Reuse {
                    stages: layout.starts.len(),
                    clean: 0,
                };
                // A first lint of a big file, which the editor waits for with nothing
                // shown: reading its RUN scripts is most of the work, and they are
                // independent, so they are read on every core first. The rules, also
                // independent of each other, then share the cores too (the whole-file
                // ones with the others).
                let mut found = Vec::new();
                if dockerfile.instructions.len() >= PARALLEL_FROM {
                    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                    ctx.load_scripts(cores.min(4));
                    let all: Vec<&'static Rule> = local.iter().chain(&whole).copied().collect();
                    let mut per_rule = run_rules_parallel(&ctx, &all, &check, cores.min(4));
                    whole_found = Some(per_rule.split_off(local.len()).concat());
                    found = per_rule.concat();
                } else {
                    run_rules(&ctx, &local, &check, &mut found);
                }
                split(&layout, found)
            }
        };
        if !refresh.is_empty() {
            let stale = |d: &Diagnostic| crate::engine::is_shellcheck_code(d.code);
            global.retain(|d| !stale(d));
            stages.iter_mut().for_each(|s| s.retain(|d| !stale(d)));
            let mut found = Vec::new();
            run_rules(&ctx, &refresh, &check, &mut found);
            let (g, s) = split(&layout, found);
            global.extend(g);
            stages
                .iter_mut()
                .zip(s)
                .for_each(|(old, new)| old.extend(new));
        }
        out.extend(global.iter().cloned());
        out.extend(stages.iter().flatten().cloned());
        match whole_found {
            Some(found) => out.extend(found),
            None => run_rules(&ctx, &whole, &check, &mut out),
        }
        text_buffer.clear();
        text_buffer.push_str(source);
        self.previous = Some(Previous {
            text: text_buffer,
            path: path.map(Path::to_path_buf),
            settings: settings.clone(),
            layout,
            global,
            stages,
            shellcheck_generation,
        });
        finish(&ctx, &rules, &check, out)
    }

    /// Stage-local findings for a file with the same skeleton as `p`'s: kept for clean
    /// stages, found again (on a cut-down file) for the others; and `p`'s text, for reuse.
    fn reuse(
        &mut self,
        ctx: &Context,
        local: &[&'static Rule],
        check: &crate::check_directive::CheckConfig,
        layout: &Layout,
        p: Previous,
    ) -> (Vec<Diagnostic>, Vec<Vec<Diagnostic>>, String) {
        let n = layout.starts.len();
        let mut clean = vec![false; n];
        for t in 0..n {
            let same = ctx.source.get(clip(layout.part(t), ctx.source.len()))
                == p.text.get(clip(p.layout.part(t), p.text.len()));
            clean[t] = same && layout.parents[t].is_none_or(|q| q < t && clean[q]);
        }
        // Old offset -> new offset, for offsets in the global part or a stage whose text
        // is unchanged.
        let unchanged = clean.clone();
        let moved = |offset: usize| -> Option<usize> {
            match p.layout.part_of(offset) {
                None => Some(offset),
                Some(t) if unchanged[t] => Some(offset - p.layout.low(t) + layout.low(t)),
                Some(_) => None,
            }
        };
        let mut stages: Vec<Vec<Diagnostic>> = vec![Vec::new(); n];
        for (t, mut found) in p.stages.into_iter().enumerate() {
            if !clean[t] {
                continue;
            }
            if found.iter_mut().all(|d| shift(d, &moved)) {
                stages[t] = found;
            } else {
                // A fix that edits a changed stage: find this stage's findings again.
                clean[t] = false;
            }
        }
        let dirty: Vec<usize> = (0..n).filter(|&t| !clean[t]).collect();
        self.last = Reuse {
            stages: n,
            clean: n - dirty.len(),
        };
        if !dirty.is_empty() {
            let mut parts = vec![layout.global()];
            for &t in &dirty {
                parts.extend(layout.lineage(t).into_iter().map(|s| layout.kept(s)));
            }
            parts.sort_by_key(|r| r.start);
            parts.dedup();
            let froms: Vec<usize> = ctx.stages.iter().map(|s| s.from).collect();
            let cut = sub_file_with(ctx.dockerfile, &parts, &froms);
            let sub = Context::lazy(ctx.source, &cut, ctx.path, ctx.settings, None);
            let mut found = Vec::new();
            run_rules(&sub, local, check, &mut found);
            for d in found {
                if let Some(t) = layout.part_of(d.span.start).filter(|&t| !clean[t]) {
                    stages[t].push(d);
                }
            }
        }
        (p.global, stages, p.text)
    }
}

fn clip(r: Range<usize>, len: usize) -> Range<usize> {
    r.start.min(len)..r.end.min(len)
}

/// Findings grouped by the part they start in.
fn split(layout: &Layout, found: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Vec<Diagnostic>>) {
    let mut global = Vec::new();
    let mut stages = vec![Vec::new(); layout.starts.len()];
    for d in found {
        match layout.part_of(d.span.start) {
            None => global.push(d),
            Some(t) => stages[t].push(d),
        }
    }
    (global, stages)
}

/// Moves a finding to the new text in place; false when a span (of the finding or of a
/// fix edit) lies where the text changed (the finding is then left half-moved).
fn shift(d: &mut Diagnostic, moved: &impl Fn(usize) -> Option<usize>) -> bool {
    let span = |s: &mut Span| -> Option<()> {
        let start = moved(s.start)?;
        *s = Span::new(start, start + (s.end - s.start));
        Some(())
    };
    span(&mut d.span).is_some()
        && d.fix
            .as_mut()
            .is_none_or(|fix| fix.edits.iter_mut().all(|e| span(&mut e.span).is_some()))
}
