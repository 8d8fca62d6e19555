//! hadolint's DL rules, one file per rule (`dlXXXX.rs`), under their hadolint codes and
//! default severities, plus the ShellCheck bridge (`shellcheck.rs`, SC codes).
//!
//! Rules about commands read the shell model of [`crate::shell`] (through
//! `support::runs`), never the raw text. Shared shapes live in `packages.rs` (missing
//! flag, unpinned operand, missing cache cleanup), `pip.rs`, `rpm.rs` and `labels.rs`.
//!
//! Differences from hadolint are deliberate and written in each rule's documentation;
//! those the hadolint test corpus exercises are listed with reasons in
//! `tests/hadolint_differences.tsv`. Common to all rules: findings point at the
//! offending word (not line 1 of the instruction), PowerShell/cmd scripts (a SHELL, a
//! `# hadolint shell=` pragma, or a Windows base image without SHELL) are not analysed
//! as shell, and exec-form RUNs are analysed as the one command they run.

use crate::rule::Rule;

mod labels;
mod packages;
mod pip;
mod rpm;
pub mod shellcheck;
mod support;

pub mod dl1001;
pub mod dl3000;
pub mod dl3001;
pub mod dl3002;
pub mod dl3003;
pub mod dl3004;
pub mod dl3006;
pub mod dl3007;
pub mod dl3008;
pub mod dl3009;
pub mod dl3010;
pub mod dl3011;
pub mod dl3012;
pub mod dl3013;
pub mod dl3014;
pub mod dl3015;
pub mod dl3016;
pub mod dl3018;
pub mod dl3019;
pub mod dl3020;
pub mod dl3021;
pub mod dl3022;
pub mod dl3023;
pub mod dl3024;
pub mod dl3025;
pub mod dl3026;
pub mod dl3027;
pub mod dl3028;
pub mod dl3029;
pub mod dl3030;
pub mod dl3032;
pub mod dl3033;
pub mod dl3034;
pub mod dl3035;
pub mod dl3036;
pub mod dl3037;
pub mod dl3038;
pub mod dl3040;
pub mod dl3041;
pub mod dl3042;
pub mod dl3043;
pub mod dl3044;
pub mod dl3045;
pub mod dl3046;
pub mod dl3047;
pub mod dl3048;
pub mod dl3049;
pub mod dl3050;
pub mod dl3051;
pub mod dl3052;
pub mod dl3053;
pub mod dl3054;
pub mod dl3055;
pub mod dl3056;
pub mod dl3057;
pub mod dl3058;
pub mod dl3059;
pub mod dl3060;
pub mod dl3061;
pub mod dl3062;
pub mod dl3063;
pub mod dl3064;
pub mod dl3065;
pub mod dl3066;
pub mod dl3067;
pub mod dl4000;
pub mod dl4001;
pub mod dl4003;
pub mod dl4004;
pub mod dl4005;
pub mod dl4006;

/// One line per rule, in code order.
pub static RULES: &[&Rule] = &[
    &dl1001::RULE,
    &dl3000::RULE,
    &dl3001::RULE,
    &dl3002::RULE,
    &dl3003::RULE,
    &dl3004::RULE,
    &dl3006::RULE,
    &dl3007::RULE,
    &dl3008::RULE,
    &dl3009::RULE,
    &dl3010::RULE,
    &dl3011::RULE,
    &dl3012::RULE,
    &dl3013::RULE,
    &dl3014::RULE,
    &dl3015::RULE,
    &dl3016::RULE,
    &dl3018::RULE,
    &dl3019::RULE,
    &dl3020::RULE,
    &dl3021::RULE,
    &dl3022::RULE,
    &dl3023::RULE,
    &dl3024::RULE,
    &dl3025::RULE,
    &dl3026::RULE,
    &dl3027::RULE,
    &dl3028::RULE,
    &dl3029::RULE,
    &dl3030::RULE,
    &dl3032::RULE,
    &dl3033::RULE,
    &dl3034::RULE,
    &dl3035::RULE,
    &dl3036::RULE,
    &dl3037::RULE,
    &dl3038::RULE,
    &dl3040::RULE,
    &dl3041::RULE,
    &dl3042::RULE,
    &dl3043::RULE,
    &dl3044::RULE,
    &dl3045::RULE,
    &dl3046::RULE,
    &dl3047::RULE,
    &dl3048::RULE,
    &dl3049::RULE,
    &dl3050::RULE,
    &dl3051::RULE,
    &dl3052::RULE,
    &dl3053::RULE,
    &dl3054::RULE,
    &dl3055::RULE,
    &dl3056::RULE,
    &dl3057::RULE,
    &dl3058::RULE,
    &dl3059::RULE,
    &dl3060::RULE,
    &dl3061::RULE,
    &dl3062::RULE,
    &dl3063::RULE,
    &dl3064::RULE,
    &dl3065::RULE,
    &dl3066::RULE,
    &dl3067::RULE,
    &dl4000::RULE,
    &dl4001::RULE,
    &dl4003::RULE,
    &dl4004::RULE,
    &dl4005::RULE,
    &dl4006::RULE,
    &shellcheck::RULE,
];
