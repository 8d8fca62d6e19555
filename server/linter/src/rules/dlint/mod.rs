//! dlint's own checks: mostly BuildKit's instruction-level build errors, reported while
//! editing instead of at build time, plus findings about dlint's own configuration.

use crate::rule::Rule;

pub mod internal_error;
pub mod invalid_check_directive;
pub mod syntax_error;
pub mod unknown_rule_code;

/// One line per rule.
pub static RULES: &[&Rule] = &[
    &syntax_error::RULE,
    &invalid_check_directive::RULE,
    &unknown_rule_code::RULE,
    &internal_error::RULE,
];
