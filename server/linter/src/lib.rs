//! The lint engine: rules, settings, pragmas, and the lint entry point shared by the
//! CLI and the language server.
//!
//! Architecture invariant: nothing here knows about LSP, tokio, JSON or the network.

pub mod check_directive;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod incremental;
pub mod overlap;
pub mod pragma;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod settings;
pub mod shell;
pub mod shellcheck;
pub mod support;
pub mod suppress;
pub mod target;

pub use config::{ConfigError, ConfigKind, ConfigSource, Resolved};
pub use context::{Context, EffectiveShell, StageInfo};
pub use diagnostic::{apply_edits, Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::{
    lint, lint_analyzed, lint_only, lint_parsed, lint_parsed_full, lint_with_facts, LintResult,
};
pub use facts::{BaseImage, ImageFacts};
pub use incremental::LintCache;
pub use registry::{all_rules, find_rule};
pub use rule::{CheckFn, Origin, Rule};
pub use settings::{LabelType, Settings, SettingsLayer};
pub use suppress::suppression_fixes;
