//! `dlint check`: find the files, resolve each directory's settings once, lint (and fix)
//! the files in parallel, then write one report.

use super::{fail, write_stdout};
use crate::args::{CheckArgs, Format, RegistryArgs};
use crate::discover::{discover, Input};
use crate::exit;
use crate::fix::{unified_diff, write_atomically};
use crate::output::{self, statistics, FileReport, TextOptions};
use crate::settings::Resolver;
use crate::source::{io_message, read_text};
use dlint_linter::fix::fix_until_stable;
use dlint_linter::{lint, ConfigError, LintResult, Resolved, Settings};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// One file to process, with everything it needs decided up front.
struct Job {
    input: Input,
    settings: Arc<Result<Resolved, ConfigError>>,
    /// Stdin is read once, before the parallel part.
    stdin_text: Option<Result<String, String>>,
}

/// What processing one file produced.
enum Outcome {
    Done {
        report: FileReport,
        /// `--diff`: the change `--fix` would make.
        diff: String,
        /// Stdin under `--fix`: the fixed text, written to stdout.
        fixed_stdin: Option<String>,
    },
    /// The file could not be linted (reported as `path: message`, exit 2).
    Failed(String),
}

/// `--registry`'s lookups (one resolver for the run).
#[cfg(feature = "registry")]
type Registry = crate::registry_check::RegistryCheck;
/// Built without the `registry` feature there is never a resolver.
#[cfg(not(feature = "registry"))]
enum Registry {}

#[cfg(feature = "registry")]
fn start_registry(args: &RegistryArgs) -> Result<Option<Registry>, String> {
    Registry::new(args)
}

#[cfg(not(feature = "registry"))]
fn start_registry(args: &RegistryArgs) -> Result<Option<Registry>, String> {
    if args.registry {
        return Err("--registry: this dlint was built without the `registry` feature".into());
    }
    Ok(None)
}

/// Which fixing the run does.
#[derive(Clone, Copy)]
struct FixMode {
    apply: bool,
    diff: bool,
    unsafe_fixes: bool,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let mut resolver = match Resolver::new(&args.settings) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    // Created only with --registry: without it nothing here touches the network.
    let registry = match start_registry(&args.registry) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let (inputs, discover_errors) = discover(&args.paths, args.stdin_filename.as_deref());
    let mut errors: Vec<String> = discover_errors
        .into_iter()
        .map(|e| format!("{}: {}", e.path.display(), e.message))
        .collect();

    if inputs.is_empty() && errors.is_empty() {
        // Not an error (a hook may run on a repository without Dockerfiles), but say so.
        eprintln!("dlint: warning: no Dockerfiles found");
    }
    let mut stdin_text = None;
    let jobs: Vec<Job> = inputs
        .into_iter()
        .map(|input| {
            let settings = resolver.for_file(input.display_path());
            let text = match &input {
                // A second `-` gets the same text rather than an empty read.
                Input::Stdin { .. } => {
                    Some(stdin_text.get_or_insert_with(|| read_text(None)).clone())
                }
                Input::File(_) => None,
            };
            Job {
                input,
                settings,
                stdin_text: text,
            }
        })
        .collect();
    report_config_problems(&jobs, &mut errors);
    report_missing_shellcheck(&jobs);

    let mode = FixMode {
        apply: args.fix,
        diff: args.diff,
        unsafe_fixes: args.unsafe_fixes,
    };
    let outcomes: Vec<(Input, Outcome)> = jobs
        .into_par_iter()
        .map(|job| {
            let outcome = process(&job, mode, registry.as_ref());
            (job.input, outcome)
        })
        .collect();

    let mut reports = Vec::new();
    let mut diffs = String::new();
    let mut fixed_stdin = None;
    for (input, outcome) in outcomes {
        match outcome {
            Outcome::Done {
                report,
                diff,
                fixed_stdin: fixed,
            } => {
                diffs.push_str(&diff);
                fixed_stdin = fixed_stdin.or(fixed);
                reports.push(report);
            }
            Outcome::Failed(message) => {
                errors.push(format!("{}: {message}", input.display_path().display()))
            }
        }
    }
    for e in &errors {
        eprintln!("dlint: {e}");
    }

    let written = if args.diff {
        write_stdout(diffs.as_bytes())
    } else {
        write_results(args, &reports, fixed_stdin.as_deref(), errors.len())
    };
    if let Err(e) = written {
        return fail(e);
    }

    let status = if !errors.is_empty() {
        exit::ERROR
    } else if args.diff {
        if diffs.is_empty() {
            exit::CLEAN
        } else {
            exit::FINDINGS
        }
    } else if reports.iter().any(|r| r.fails) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    };
    ExitCode::from(status)
}

/// Configuration warnings once per file they come from, and configuration errors once
/// each (the files that depend on them fail individually, without repeating the text).
fn report_config_problems(jobs: &[Job], errors: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for job in jobs {
        match job.settings.as_ref() {
            Ok(resolved) => {
                for w in &resolved.warnings {
                    if seen.insert(w.clone()) {
                        eprintln!("dlint: warning: {w}");
                    }
                }
            }
            Err(e) => {
                let text = format!("configuration error: {e}");
                if seen.insert(text.clone()) {
                    errors.push(text);
                }
            }
        }
    }
}

/// ShellCheck was asked for (`--shellcheck` or the config) but cannot run: say so once,
/// rather than leaving the user to wonder why no SC finding ever shows up.
fn report_missing_shellcheck(jobs: &[Job]) {
    let wanted = jobs
        .iter()
        .any(|job| matches!(job.settings.as_ref(), Ok(r) if r.settings.shellcheck));
    if wanted {
        if let Err(message) = dlint_linter::shellcheck::status() {
            eprintln!("dlint: warning: {message}");
        }
    }
}

/// Lints one file and, as asked, fixes it.
fn process(job: &Job, mode: FixMode, registry: Option<&Registry>) -> Outcome {
    let resolved = match job.settings.as_ref() {
        Ok(r) => r,
        Err(_) => return Outcome::Failed("not linted (configuration error above)".to_string()),
    };
    let settings = &resolved.settings;
    let (text, lint_path) = match (&job.input, &job.stdin_text) {
        (Input::Stdin { name }, Some(text)) => match text {
            Ok(t) => (
                t.clone(),
                (name.as_os_str() != "-").then_some(name.as_path()),
            ),
            Err(e) => return Outcome::Failed(e.clone()),
        },
        (Input::File(path), _) => match read_file(path) {
            Ok(t) => (t, Some(path.as_path())),
            Err(e) => return Outcome::Failed(e),
        },
        (Input::Stdin { .. }, None) => unreachable!("stdin is read before processing"),
    };
    let lint_text = |t: &str| lint_one(t, lint_path, settings, registry);
    let first = lint_text(&text);
    let path = job.input.display_path().to_path_buf();
    if !mode.apply && !mode.diff {
        let fails = first.fails(settings);
        return Outcome::Done {
            report: FileReport::new(path, text, first, fails, 0),
            diff: String::new(),
            fixed_stdin: None,
        };
    }
    let fixed = fix_until_stable(&text, lint_text, mode.unsafe_fixes, first);
    let mut diff = String::new();
    let mut fixed_stdin = None;
    if mode.diff {
        diff = unified_diff(&output::display_path(&path), &text, &fixed.text);
    } else if let Input::File(file) = &job.input {
        if fixed.text != text {
            if let Err(e) = write_atomically(file, &fixed.text) {
                return Outcome::Failed(format!("cannot write the fixed file: {}", io_message(&e)));
            }
        }
    } else {
        fixed_stdin = Some(fixed.text.clone());
    }
    let fails = fixed.result.fails(settings);
    Outcome::Done {
        report: FileReport::new(path, fixed.text, fixed.result, fails, fixed.applied),
        diff,
        fixed_stdin,
    }
}

/// The single place a file is linted. With `--registry` the linter gets what the
/// registries say about the `FROM` images, so the registry rules report like any other:
/// every output format, `--fix` and the exit status see them.
fn lint_one(
    text: &str,
    path: Option<&Path>,
    settings: &Settings,
    registry: Option<&Registry>,
) -> LintResult {
    match registry {
        Some(registry) => lint_with_registry(text, path, settings, registry),
        None => lint(text, path, settings),
    }
}

#[cfg(feature = "registry")]
fn lint_with_registry(
    text: &str,
    path: Option<&Path>,
    settings: &Settings,
    registry: &Registry,
) -> LintResult {
    registry.lint(text, path, settings)
}

#[cfg(not(feature = "registry"))]
fn lint_with_registry(_: &str, _: Option<&Path>, _: &Settings, registry: &Registry) -> LintResult {
    match *registry {}
}

fn read_file(path: &Path) -> Result<String, String> {
    if path.is_dir() {
        return Err("is a directory".to_string());
    }
    read_text(Some(path))
}

/// Writes the report (or statistics) where asked; fixed stdin text goes to stdout and
/// pushes the report to stderr, as ruff does.
fn write_results(
    args: &CheckArgs,
    reports: &[FileReport],
    fixed_stdin: Option<&str>,
    unlinted: usize,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let to_terminal = args.output.is_none() && fixed_stdin.is_none() && io::stdout().is_terminal();
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let style = TextOptions {
        color: to_terminal && !args.no_color && !no_color_env,
        unsafe_fixes: args.unsafe_fixes,
        unlinted,
    };
    let written = if args.statistics {
        match args.format {
            Format::Json => statistics::write_json(reports, args.unsafe_fixes, &mut buf),
            _ => statistics::write_text(reports, args.unsafe_fixes, &mut buf),
        }
    } else {
        output::write_report(args.format, reports, style, &mut buf)
    };
    written.map_err(|e| format!("cannot format the report: {e}"))?;
    if let Some(path) = &args.output {
        std::fs::write(path, &buf)
            .map_err(|e| format!("{}: cannot write: {}", path.display(), io_message(&e)))?;
    } else if let Some(text) = fixed_stdin {
        write_stdout(text.as_bytes())?;
        io::stderr().write_all(&buf).map_err(|e| e.to_string())?;
    } else {
        write_stdout(&buf)?;
    }
    Ok(())
}
