//! Semantic model of a Dockerfile: stages, BuildKit's ARG/ENV scoping and variable
//! expansion, and the queries the linter and the language server ask of them.
//!
//! * [`mod@expand`]: the builder's variable lexer (one word → value, references, error),
//!   with the glob patterns of `${v#p}`/`${v%p}`/`${v/p/r}` in [`pattern`].
//! * [`mod@shell_refs`]: `$VAR` references in text left to the shell (RUN and friends).
//! * [`analyze()`]: the whole-file [`Model`] (stages, declarations, references resolved
//!   per BuildKit's scoping, stage references); queries on it are methods of [`Model`].
//! * [`names`]: automatic platform ARGs, proxy ARGs and BuildKit's own build args.
//!
//! Architecture invariant: no LSP, JSON, async or network concepts here.

mod analyze;
pub mod expand;
pub mod model;
pub mod names;
pub mod names_map;
pub mod pattern;
mod pieces;
mod queries;
pub mod shell_refs;
mod spans;
mod stage_refs;

pub use analyze::analyze;
pub use expand::{
    builder_refs, expand, expand_with, ExpandError, Expansion, Lookup, NoVars, RefForm, VarRef,
};
pub use model::*;
pub use shell_refs::shell_refs;
