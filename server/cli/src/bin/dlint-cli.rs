//! Test copy of the `dlint` binary (see this crate's `Cargo.toml`).

fn main() -> std::process::ExitCode {
    dlint_cli::main()
}
