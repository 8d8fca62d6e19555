use super::support::unquote;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use dlint_syntax::{Body, Span};

declare_rule! {
    /// ## What it does
    /// Reports `ARG` and `ENV` names that look like secrets: well-known credential
    /// variables (`AWS_SECRET_ACCESS_KEY`, `GITHUB_TOKEN`, …) or names containing
    /// `password`, `secret`, `token`, `api_key`, `client_key` or `private`.
    ///
    /// ## Why is this bad?
    /// Build arguments and environment variables are stored in the image metadata and
    /// build history, where anyone with the image can read them. Use a secret mount
    /// (`RUN --mount=type=secret`) instead.
    ///
    /// Difference from hadolint: names containing `username` are not reported; a
    /// user name (such as `ARG USERNAME=vscode` in dev containers) is not a secret.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ARG GITHUB_TOKEN
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN --mount=type=secret,id=github_token ./fetch.sh
    /// ```
    pub static RULE = {
        code: "DL3064",
        name: "no-secrets-in-args",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

const KNOWN: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AZURE_CLIENT_SECRET",
    "AZURE_STORAGE_KEY",
    "AZURE_STORAGE_CONNECTION_STRING",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GCP_SERVICE_ACCOUNT_KEY",
    "GITHUB_TOKEN",
    "GH_TOKEN",
    "GITLAB_TOKEN",
    "CI_JOB_TOKEN",
    "NPM_TOKEN",
    "NPM_AUTH_TOKEN",
    "PYPI_TOKEN",
    "TWINE_PASSWORD",
    "DOCKER_PASSWORD",
    "DOCKERHUB_TOKEN",
    "SLACK_TOKEN",
    "SLACK_WEBHOOK_URL",
    "STRIPE_SECRET_KEY",
    "SENTRY_AUTH_TOKEN",
    "HEROKU_API_KEY",
    "DATABASE_URL",
    "DB_PASSWORD",
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_PASSWORD",
    "POSTGRES_PASSWORD",
    "REDIS_PASSWORD",
    "SSH_PRIVATE_KEY",
    "GPG_PRIVATE_KEY",
    "JWT_SECRET",
    "SECRET_KEY_BASE",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "VAULT_TOKEN",
    "CONSUL_HTTP_TOKEN",
    "SONAR_TOKEN",
    "CODECOV_TOKEN",
];

const PARTS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "client_key",
    "private",
];

pub(super) fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)) || PARTS.iter().any(|p| lower.contains(p))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut report = |name: &str, span: Span| {
        if looks_secret(name) {
            out.push(RULE.diag(
                span,
                format!(
                    "`{name}` looks like a secret; build arguments and ENV are kept in the image"
                ),
            ));
        }
    };
    for outer in ctx.instructions() {
        match &outer.effective().body {
            Body::Args(decls) => decls.iter().for_each(|d| report(&d.name.text, d.name.span)),
            Body::KeyValues { pairs, .. }
                if outer.effective().kind == dlint_syntax::InstructionKind::Env =>
            {
                pairs
                    .iter()
                    .for_each(|kv| report(unquote(&kv.key.text), kv.key.span))
            }
            _ => {}
        }
    }
}
