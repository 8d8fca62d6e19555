//! Scripts of RUN instructions, parsed once per distinct text and position.
//!
//! Many rules read the same RUN; a language server re-lints on every keystroke while most
//! instructions stay unchanged. The cache key is the script text plus the shape of its
//! source map (positions relative to where the script starts), so an edit above a script
//! only moves it: the cached parse is shifted to the new position, not parsed again.

use super::model::{Connector, Script, ShellCommand, ShellWord};
use super::parse::parse_script;
use super::source_map::SourceMap;
use dlint_syntax::{Command, ExecForm, Heredoc, Instruction, LogicalText, Segment};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

/// Bounded so that a long editing session cannot grow it without limit.
const MAX_ENTRIES: usize = 4096;

/// Script key -> (source offset the cached parse was made at, the parse). One cache for
/// the process: the language server lints on several threads (keystrokes, the ShellCheck
/// pass, registry checks), and a cache per thread would parse and hold every script of a
/// big file once per thread.
fn cache() -> std::sync::MutexGuard<'static, HashMap<u64, (usize, Arc<Script>)>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, (usize, Arc<Script>)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // A panic while holding the lock leaves at worst a missing entry.
    cache.lock().unwrap_or_else(|e| e.into_inner())
}

/// Parses `text` (mapped by `map`), reusing an earlier parse of the same text and layout,
/// moved to where the text sits now.
pub fn script_for(text: &str, map: SourceMap) -> Arc<Script> {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    map.hash_layout(&mut hasher);
    let key = hasher.finish();
    let base = map.base();
    let cached = cache().get(&key).cloned();
    // Parsed outside the lock, so other threads are not kept waiting.
    let script = match cached {
        Some((at, hit)) if at == base => return hit,
        Some((at, hit)) => Arc::new(hit.shifted(base as isize - at as isize)),
        None => Arc::new(parse_script(text, &map)),
    };
    let mut c = cache();
    if c.len() >= MAX_ENTRIES {
        c.clear();
    }
    c.insert(key, (base, script.clone()));
    script
}

/// The text of one script a RUN executes and how its offsets map to the source.
pub struct ScriptSource<'a> {
    pub text: &'a str,
    pub map: SourceMap,
    /// A heredoc body (which may carry its own shebang), not the command line.
    pub heredoc: bool,
}

/// The shell scripts a RUN (or the RUN inside an ONBUILD) executes: its shell-form
/// command line, and every heredoc body the shell runs as a script (`RUN <<EOF`,
/// `RUN bash <<EOF`). A heredoc fed to another program (`RUN python3 <<EOF`) is not
/// shell. Exec-form RUNs have no script.
pub fn script_sources<'a>(inst: &'a Instruction, source: &str) -> Vec<ScriptSource<'a>> {
    let run = inst.effective();
    let Some(Command::Shell(line)) = run.command() else {
        return Vec::new();
    };
    let heredocs: &[Heredoc] = if run.heredocs.is_empty() {
        &inst.heredocs
    } else {
        &run.heredocs
    };
    let mut out = Vec::new();
    let only_heredocs = line
        .text
        .split_whitespace()
        .all(|w| heredocs.iter().any(|h| is_heredoc_word(w, h)));
    // A line of nothing but heredoc words has no commands of its own.
    if !only_heredocs || heredocs.is_empty() {
        out.push(ScriptSource {
            text: &line.text,
            map: SourceMap::from_logical(line),
            heredoc: false,
        });
    }
    if heredocs_feed_shell(&line.text, heredocs) {
        for h in heredocs.iter().filter(|h| body_is_shell(&h.body)) {
            out.push(ScriptSource {
                text: &h.body,
                map: SourceMap::from_heredoc(h, source),
                heredoc: true,
            });
        }
    }
    out
}

/// The parsed scripts of [`script_sources`], each parsed once per text and position.
/// An exec-form RUN (`RUN ["apt-get", "install", "curl"]`) runs no shell; it is one
/// command whose words are the array's elements.
pub fn run_scripts(inst: &Instruction, source: &str) -> Vec<Arc<Script>> {
    if let Some(Command::Exec(form)) = inst.effective().command() {
        return exec_script(form, source).into_iter().collect();
    }
    script_sources(inst, source)
        .into_iter()
        .map(|s| {
            let ScriptSource { text, map, .. } = s;
            script_for(text, map)
        })
        .collect()
}

/// The command of an exec-form RUN. `["sh", "-c", "script"]` is the script itself,
/// parsed when its JSON string has no escapes (so offsets map one to one).
fn exec_script(form: &ExecForm, source: &str) -> Option<Arc<Script>> {
    let (first, rest) = form.elements.split_first()?;
    let base = first.text.rsplit('/').next().unwrap_or(&first.text);
    let is_shell = matches!(base, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh");
    if let (true, [flag, script, ..]) = (is_shell, rest) {
        let raw = source.get(script.span.range()).unwrap_or("");
        let inner = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
        if flag.text.starts_with('-') && flag.text.ends_with('c') {
            if inner == Some(script.text.as_str()) {
                let lt = LogicalText {
                    text: String::new(),
                    segments: vec![Segment {
                        logical: 0,
                        source: script.span.start + 1,
                        len: script.text.len(),
                    }],
                };
                return Some(script_for(&script.text, SourceMap::from_logical(&lt)));
            }
            // Escapes inside the JSON string: positions cannot be mapped exactly.
            return None;
        }
    }
    let word = |w: &dlint_syntax::Word| ShellWord {
        value: w.text.clone(),
        raw: source.get(w.span.range()).unwrap_or("").to_string(),
        span: w.span,
    };
    Some(Arc::new(Script {
        commands: vec![ShellCommand {
            name: word(first),
            args: rest.iter().map(word).collect(),
            env: Vec::new(),
            span: first.span.cover(rest.last().map_or(first.span, |w| w.span)),
            pipeline: None,
            connector: Connector::Sequence,
            wrapped_by: None,
        }],
        pipelines: 0,
        has_error: false,
    }))
}

fn is_heredoc_word(word: &str, h: &Heredoc) -> bool {
    let w = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let w = w.strip_prefix("<<").map(|w| w.trim_start_matches('-'));
    w.is_some_and(|w| w.trim_matches(['"', '\'']) == h.delimiter)
}

/// `<<EOF` alone, or a shell (with options) reading the heredoc: `bash -e <<EOF`.
fn heredocs_feed_shell(line: &str, heredocs: &[Heredoc]) -> bool {
    let mut words = line
        .split_whitespace()
        .filter(|w| !heredocs.iter().any(|h| is_heredoc_word(w, h)));
    match words.next() {
        None => !heredocs.is_empty(),
        Some(first) => {
            let base = first.rsplit('/').next().unwrap_or(first);
            matches!(base, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
                && words.all(|w| w.starts_with('-'))
        }
    }
}

/// A body with a shebang for another interpreter (`#!/usr/bin/env python3`) is not shell.
fn body_is_shell(body: &str) -> bool {
    let first = body.lines().next().unwrap_or("");
    let Some(shebang) = first.strip_prefix("#!") else {
        return true;
    };
    let mut parts = shebang.split_whitespace();
    let mut exe = parts.next().unwrap_or("");
    if exe.ends_with("/env") {
        exe = parts.next().unwrap_or("");
    }
    let base = exe.rsplit('/').next().unwrap_or(exe);
    matches!(base, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
}
