//! dlint's own checks: mostly BuildKit's instruction-level build errors, reported while
//! editing instead of at build time, plus findings about dlint's own configuration.

use crate::rule::Rule;

pub mod build_tools_in_final_stage;
pub mod exec_form_single_quotes;
pub mod from_arguments;
pub mod internal_error;
pub mod invalid_arguments;
pub mod invalid_check_directive;
pub mod invalid_expose;
pub mod invalid_flag;
pub mod invalid_flag_value;
pub mod invalid_image_reference;
pub mod invalid_onbuild;
pub mod invalid_stage_reference;
pub mod invalid_stop_signal;
pub mod missing_dockerignore;
pub mod no_build_stage;
pub mod syntax_error;
pub mod unknown_instruction;
pub mod unknown_rule_code;
pub mod variable_expansion_error;

/// One line per rule.
pub static RULES: &[&Rule] = &[
    &syntax_error::RULE,
    &unknown_instruction::RULE,
    &no_build_stage::RULE,
    &from_arguments::RULE,
    &invalid_flag::RULE,
    &invalid_flag_value::RULE,
    &invalid_arguments::RULE,
    &invalid_expose::RULE,
    &invalid_stop_signal::RULE,
    &exec_form_single_quotes::RULE,
    &invalid_stage_reference::RULE,
    &invalid_onbuild::RULE,
    &variable_expansion_error::RULE,
    &invalid_image_reference::RULE,
    &build_tools_in_final_stage::RULE,
    &missing_dockerignore::RULE,
    &invalid_check_directive::RULE,
    &unknown_rule_code::RULE,
    &internal_error::RULE,
];
