//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod check;
mod common;
mod fix;
mod formats;
mod lsp;
mod precommit;
mod registry;
mod sarif_schema;
