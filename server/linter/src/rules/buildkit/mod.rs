//! BuildKit's build checks (`buildkit-checks.md`), under their BuildKit names.

use crate::rule::Rule;

pub mod maintainer_deprecated;

/// One line per rule.
pub static RULES: &[&Rule] = &[&maintainer_deprecated::RULE];
