use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports instruction keywords whose case differs from the majority of the file, and
    /// mixed-case keywords (`Run`).
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, but one consistent style is easier to read. The
    /// majority is counted over all keywords; ties count as uppercase.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// run echo hi
    /// CMD ["sh"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN echo hi
    /// CMD ["sh"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keywords are case-insensitive.
    pub static RULE = {
        code: "ConsistentInstructionCasing",
        name: "consistent-instruction-casing",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        fixable: true,
        check: check,
    };
}

// ASCII keywords (all real ones) are checked without allocating: this rule reads every
// instruction of the file on every keystroke.
fn is_upper(word: &str) -> bool {
    if word.is_ascii() {
        return !word.bytes().any(|b| b.is_ascii_lowercase());
    }
    word == word.to_uppercase()
}
fn is_lower(word: &str) -> bool {
    if word.is_ascii() {
        return !word.bytes().any(|b| b.is_ascii_uppercase());
    }
    word == word.to_lowercase()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // One pass over the file keeps the keywords that are not uppercase: with an uppercase
    // majority (nearly every file) they are the findings, and a second pass over
    // thousands of instructions on every keystroke is saved.
    let (mut upper, mut lower) = (0usize, 0usize);
    let mut not_upper = Vec::new();
    for ins in ctx.instructions() {
        if is_upper(&ins.keyword) {
            upper += 1;
        } else {
            lower += usize::from(is_lower(&ins.keyword));
            not_upper.push(ins);
        }
    }
    let upper_wins = upper >= lower;
    let majority = if upper_wins { "uppercase" } else { "lowercase" };
    let misfits: Vec<&dlint_syntax::Instruction> = if upper_wins {
        not_upper
    } else {
        ctx.instructions()
            .iter()
            .filter(|ins| !is_lower(&ins.keyword))
            .collect()
    };
    for ins in misfits {
        let word = ins.keyword.as_str();
        let wanted = if upper_wins {
            word.to_uppercase()
        } else {
            word.to_lowercase()
        };
        out.push(
            RULE.diag(
                ins.keyword_span,
                format!(
                    "Command '{word}' should match the case of the command majority ({majority})"
                ),
            )
            .with_fix(Fix::safe(
                format!("Change '{word}' to '{wanted}'"),
                vec![Edit::replace(ins.keyword_span, wanted)],
            )),
        );
    }
}
