//! `dlint lsp`: the language server on stdin/stdout (all of it lives in `dlint_lsp`).

use std::process::ExitCode;

#[cfg(feature = "lsp")]
pub fn run() -> ExitCode {
    dlint_lsp::run_stdio()
}

#[cfg(not(feature = "lsp"))]
pub fn run() -> ExitCode {
    super::fail("this dlint was built without the language server (cargo feature `lsp`)")
}
