//! The `dlint` binary. All behaviour lives in `dlint_cli`; this file exists so that
//! `cargo install --path .` (what pre-commit's `language: rust` runs) finds a package
//! at the repository root.

fn main() -> std::process::ExitCode {
    dlint_cli::main()
}
