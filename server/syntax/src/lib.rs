//! Dockerfile syntax: the typed model of a Dockerfile ([`ast`]), BuildKit-exact lowering
//! of source text into it ([`lower`]), BuildKit's AST dump ([`dump`]), positions
//! ([`line_index`]) and incrementally parsed documents ([`document`]).
//!
//! Architecture invariant: nothing here knows about LSP, JSON, tokio or the network.
//! Parsing never fails: it returns a model plus a list of errors.

pub mod ast;
pub mod document;
pub mod dump;
pub mod line_index;
pub mod lower;
pub mod shift;

pub use ast::*;
pub use lower::parse_text;
