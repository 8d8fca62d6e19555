//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod corpus;
mod expand;
mod model;
