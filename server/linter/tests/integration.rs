//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod architecture;
mod buildkit_doc_snippets;
mod buildkit_rules;
mod common;
mod config;
mod dlint_rules;
mod dockerfile_utils_cases;
mod engine;
mod hadolint_cases;
mod hadolint_corpus;
mod hadolint_rules;
mod hadolint_support;
mod incremental;
mod real_corpus;
mod rule_docs;
mod rule_examples;
mod suppression;
