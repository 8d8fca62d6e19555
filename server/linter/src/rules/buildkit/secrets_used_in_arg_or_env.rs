use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, InstructionKind, Word};

declare_rule! {
    /// ## What it does
    /// Reports an `ARG` or `ENV` inside a stage whose **name** looks like a secret
    /// (`password`, `token`, `secret`, `apikey`, `auth`, `credential(s)`, `key`, …
    /// delimited by `_` or the ends of the name), unless it also contains `public`,
    /// `file` or `version` as such a token.
    ///
    /// ## Why is this bad?
    /// Build arguments and environment variables are stored in the image's metadata and
    /// history, where anyone with the image can read them. Use secret mounts
    /// (`RUN --mount=type=secret`) instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine
    /// ARG GITHUB_TOKEN
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine
    /// RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch.sh
    /// ```
    pub static RULE = {
        code: "SecretsUsedInArgOrEnv",
        name: "secrets-used-in-arg-or-env",
        origin: Origin::BuildKit,
        default_severity: Severity::Warning,
        check: check,
    };
}

const DENY: [&str; 10] = [
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOW: [&str; 3] = ["public", "file", "version"];

/// BuildKit's `(?i)(?:_|^)(?:tokens)(?:_|$)`: a token delimited by `_` or the ends.
pub fn looks_secret(key: &str) -> bool {
    let lower = key.to_lowercase();
    let parts: Vec<&str> = lower.split('_').collect();
    let has = |tokens: &[&str]| parts.iter().any(|p| tokens.contains(p));
    has(&DENY) && !has(&ALLOW)
}

fn unquote(word: &Word) -> String {
    word.text.trim_matches(['"', '\'']).to_string()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, ins) in ctx.instructions().iter().enumerate() {
        if ctx.stage_of(i).is_none() {
            continue; // global ARGs are only checked when re-declared in a stage
        }
        let keys: Vec<&Word> = match (&ins.body, ins.kind) {
            (Body::Args(args), _) => args.iter().map(|a| &a.name).collect(),
            (Body::KeyValues { pairs, .. }, InstructionKind::Env) => {
                pairs.iter().map(|p| &p.key).collect()
            }
            _ => continue,
        };
        for key in keys {
            let name = unquote(key);
            if looks_secret(&name) {
                out.push(RULE.diag(
                    key.span,
                    format!(
                        "Do not use ARG or ENV instructions for sensitive data ({} {:?})",
                        ins.kind.keyword(),
                        name
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn upstream_cases() {
        for yes in [
            "SECRET_PASSPHRASE",
            "SUPER_Secret",
            "password",
            "secret",
            "auth",
            "super_duper_secret_token",
            "apikey",
            "git_key",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            assert!(looks_secret(yes), "{yes}");
        }
        for no in [
            "sunflower",
            "PUBLIC_KEY",
            "public_token",
            "SECRET_PASSPHRASE_FILE",
            "password_file",
            "secret_File",
            "AUTH_MODULE_VERSION",
            "MYTOKEN",
        ] {
            assert!(!looks_secret(no), "{no}");
        }
    }
}
