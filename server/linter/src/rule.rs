//! The rule framework: one rule is one `static` declared with [`declare_rule!`] in its own
//! file, whose `///` doc comment is the rule's documentation.

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Severity};
use dlint_syntax::Span;

/// Where a rule comes from; also a selectable group name (`Hadolint`, `BuildKit`, `Dlint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// hadolint's DL rules (and ShellCheck's SC codes run through hadolint's integration).
    Hadolint,
    /// BuildKit's build checks, under their BuildKit names.
    BuildKit,
    /// dlint's own checks (mostly BuildKit's instruction-level build errors).
    Dlint,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Hadolint => "Hadolint",
            Origin::BuildKit => "BuildKit",
            Origin::Dlint => "Dlint",
        }
    }
}

/// The signature of a rule's check: read the context, push findings.
pub type CheckFn = fn(&Context, &mut Vec<Diagnostic>);

/// A rule's metadata and its check function.
#[derive(Clone, Copy)]
pub struct Rule {
    /// `DL3008`, `StageNameCasing`, `DF001`.
    pub code: &'static str,
    /// kebab-case: `pin-apt-versions`, `stage-name-casing`.
    pub name: &'static str,
    pub origin: Origin,
    pub default_severity: Severity,
    /// Whether the rule offers a fix (at least sometimes).
    pub fixable: bool,
    /// Off unless enabled explicitly (BuildKit's `experimental=`, or `select`).
    pub experimental: bool,
    /// The doc comment of the rule's static, verbatim (`///` lines joined by `\n`).
    pub doc: &'static str,
    /// For a rule that reports under codes of its own (ShellCheck's `SC2086`, …), their
    /// common prefix (`SC`): selecting such a code runs the rule. Empty otherwise.
    pub subcodes: &'static str,
    pub check: CheckFn,
}

fn no_check(_: &Context, _: &mut Vec<Diagnostic>) {}

impl Rule {
    /// Defaults for [`declare_rule!`]'s optional fields. `check` does nothing here, and a
    /// registry test fails for any rule whose `## Example` bad block does not fire.
    pub const DEFAULTS: Rule = Rule {
        code: "",
        name: "",
        origin: Origin::Dlint,
        default_severity: Severity::Warning,
        fixable: false,
        experimental: false,
        doc: "",
        subcodes: "",
        check: no_check,
    };

    /// A finding of this rule at its default severity (the engine applies overrides).
    pub fn diag(&'static self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.default_severity,
            message: message.into(),
            span,
            fix: None,
            url: self.url(),
        }
    }

    /// The documentation page of the rule.
    pub fn url(&self) -> Option<String> {
        match self.origin {
            // BuildKit documents every rule but this one.
            Origin::BuildKit if self.code == "InvalidBaseImagePlatform" => None,
            Origin::BuildKit => Some(format!(
                "https://docs.docker.com/go/dockerfile/rule/{}/",
                self.name
            )),
            Origin::Hadolint if self.code.starts_with("SC") => {
                Some(format!("https://www.shellcheck.net/wiki/{}", self.code))
            }
            Origin::Hadolint => Some(format!(
                "https://github.com/hadolint/hadolint/wiki/{}",
                self.code
            )),
            Origin::Dlint => None,
        }
    }

    /// The documentation as Markdown: the doc comment with the one space `///` leaves
    /// at the start of each line removed.
    pub fn doc_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first sentence of `## What it does` (for rule tables and hovers).
    pub fn summary(&self) -> String {
        let md = self.doc_markdown();
        let mut lines = md
            .lines()
            .skip_while(|l| l.trim() != "## What it does")
            .skip(1);
        let mut text = String::new();
        for line in lines.by_ref() {
            let line = line.trim();
            if line.is_empty() && !text.is_empty() || line.starts_with('#') {
                break;
            }
            if !line.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(line);
            }
        }
        match text.find(". ") {
            Some(i) => text[..=i].to_string(),
            None => text,
        }
    }

    /// The fenced `dockerfile` blocks under `## Example`: (bad, good) in order. A block
    /// is "good" when the prose line just before it mentions "instead" or "good".
    pub fn examples(&self) -> Vec<(bool, String)> {
        let md = self.doc_markdown();
        let mut out = Vec::new();
        let mut in_example = false;
        let mut block: Option<String> = None;
        let mut last_prose = String::new();
        for line in md.lines() {
            if let Some(body) = block.as_mut() {
                if line.trim_start().starts_with("```") {
                    let lower = last_prose.to_ascii_lowercase();
                    let good = lower.contains("instead") || lower.contains("good");
                    out.push((!good, std::mem::take(body)));
                    block = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
                continue;
            }
            if line.starts_with("## ") {
                in_example = line.trim() == "## Example";
                last_prose.clear();
            } else if in_example && line.trim_start().starts_with("```dockerfile") {
                block = Some(String::new());
            } else if !line.trim().is_empty() {
                last_prose = line.to_string();
            }
        }
        out
    }
}

impl Rule {
    /// A fenced `toml` block under `## Example`: the `.dlint.toml` settings the examples
    /// need (e.g. `trusted-registries` for rules that are off without them).
    pub fn example_config(&self) -> Option<String> {
        let md = self.doc_markdown();
        let example = md.split("\n## ").find(|s| s.starts_with("Example"))?;
        let start = example.find("```toml\n")? + "```toml\n".len();
        let len = example[start..].find("```")?;
        Some(example[start..start + len].to_string())
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({} {})", self.code, self.name)
    }
}

/// Declares one rule as a `static` [`Rule`], keeping its doc comment as documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub static RULE = {
///         code: "StageNameCasing",
///         name: "stage-name-casing",
///         origin: Origin::BuildKit,
///         default_severity: Severity::Warning,
///         fixable: true,
///         check: check,
///     };
/// }
/// ```
/// Fields not given take their value from [`Rule::DEFAULTS`].
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = { $($field:ident : $value:expr),* $(,)? };
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::rule::Rule = $crate::rule::Rule {
            $($field: $value,)*
            doc: concat!($($doc, "\n"),*),
            ..$crate::rule::Rule::DEFAULTS
        };
    };
}
