//! All integration tests of this crate in one binary: one link instead of one per file,
//! which keeps CI builds small and fast. A test that changes process-wide state (such as
//! environment variables) stays in its own binary, declared in Cargo.toml.

mod buildkit_corpus;
mod document_incremental;
mod line_index;
mod lower_forms;
mod lower_heredocs;
mod lower_incremental;
mod lower_lines;
mod lower_robustness;
mod lower_spans;
mod real_corpus;
