//! Shell analysis of RUN instructions: the script is parsed (by a quick reader for plain
//! scripts, else with tree-sitter-bash) into a small plain-data model (simple commands,
//! their words with unquoted values and their positions in the Dockerfile, and the
//! pipelines they sit in).
//!
//! Rules about package managers, `cd`, `sudo` and so on read this model instead of
//! matching regular expressions on the instruction text, so quoting, continuation lines
//! and heredoc bodies are handled once, here.

mod cache;
mod model;
pub(crate) mod parse;
mod query;
mod simple;
mod source_map;

pub use cache::{run_scripts, script_for, script_sources, ScriptSource};
pub use model::{Connector, Script, ShellCommand, ShellWord};
pub use parse::{parse_script, parse_with_grammar};
pub use source_map::SourceMap;

#[cfg(test)]
mod tests;

/// The shell a RUN runs under, as far as analysis cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellKind {
    /// sh, bash, ash, dash, zsh, ksh, or anything else POSIX-like: analysed.
    Posix,
    /// PowerShell or cmd.exe: not analysed (the bash grammar would produce noise).
    Windows,
}

impl ShellKind {
    /// Classifies a shell by its executable (`/bin/bash`, `pwsh`, `cmd /S /C`, …).
    pub fn from_executable(exe: &str) -> ShellKind {
        let first = exe.split_whitespace().next().unwrap_or("");
        let base = first
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(first)
            .to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base);
        if base.contains("pwsh") || base.contains("powershell") || base == "cmd" {
            ShellKind::Windows
        } else {
            ShellKind::Posix
        }
    }
}
