//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod code_actions;
mod common;
mod completion_hover;
mod config_files;
mod format_corpus;
mod formatting;
mod links_hints;
mod navigation;
mod outline;
mod protocol;
mod semantic_tokens;
mod settings;
mod settings_schema;
mod slow_sources;
mod stdio;
mod sync;
