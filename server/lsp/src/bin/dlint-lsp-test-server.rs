//! `dlint lsp` without the CLI around it: the same `run_stdio`, as its own binary so that
//! this crate's tests can spawn the real stdio server (`CARGO_BIN_EXE_*` only exists for
//! binaries of the package under test).

fn main() -> std::process::ExitCode {
    dlint_lsp::run_stdio()
}
