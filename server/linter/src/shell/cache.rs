//! Scripts of RUN instructions, parsed once per distinct text and position.
//!
//! Many rules read the same RUN; a language server re-lints on every keystroke while most
//! instructions stay unchanged. The cache key is the script text plus where it sits in
//! the source, so a cached script always carries correct positions.

use super::model::Script;
use super::parse::parse_script;
use super::source_map::SourceMap;
use dlint_syntax::{Command, Heredoc, Instruction};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Bounded so that a long editing session cannot grow it without limit.
const MAX_ENTRIES: usize = 4096;

thread_local! {
    static CACHE: RefCell<HashMap<u64, Rc<Script>>> = RefCell::new(HashMap::new());
}

/// Parses `text` (mapped by `map`), reusing an earlier parse with the same key.
pub fn script_for(text: &str, key_extra: &[usize], map: impl FnOnce() -> SourceMap) -> Rc<Script> {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    key_extra.hash(&mut hasher);
    let key = hasher.finish();
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let script = Rc::new(parse_script(text, &map()));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_ENTRIES {
            c.clear();
        }
        c.insert(key, script.clone());
    });
    script
}

/// The text of one script a RUN executes and how its offsets map to the source.
pub struct ScriptSource<'a> {
    pub text: &'a str,
    /// Where the text sits in the source (part of the cache key).
    pub key: Vec<usize>,
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
            key: line
                .segments
                .iter()
                .flat_map(|s| [s.logical, s.source, s.len])
                .collect(),
            map: SourceMap::from_logical(line),
            heredoc: false,
        });
    }
    if heredocs_feed_shell(&line.text, heredocs) {
        for h in heredocs.iter().filter(|h| body_is_shell(&h.body)) {
            out.push(ScriptSource {
                text: &h.body,
                key: vec![h.body_span.start, h.body_span.end, h.chomp as usize],
                map: SourceMap::from_heredoc(h, source),
                heredoc: true,
            });
        }
    }
    out
}

/// The parsed scripts of [`script_sources`], each parsed once per text and position.
pub fn run_scripts(inst: &Instruction, source: &str) -> Vec<Rc<Script>> {
    script_sources(inst, source)
        .into_iter()
        .map(|s| {
            let ScriptSource { text, key, map, .. } = s;
            script_for(text, &key, || map)
        })
        .collect()
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
