use super::first_per_host;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::facts::RegistryAnswer;
use crate::rule::Origin;
use dlint_imageref::whole_range;

declare_rule! {
    /// ## What it does
    /// Notes, once per registry and file, that a registry refused access to a `FROM`
    /// image after authenticating, so dlint could not check it. Needs registry lookups
    /// (`dlint check --registry`, or the language server).
    ///
    /// ## Why is this bad?
    /// The image may be private or may not exist (registries answer both the same way
    /// to strangers). A build without credentials for the registry fails the same way;
    /// `docker login` to the registry lets dlint check it.
    ///
    /// ## Example
    /// With a registry that refuses access to `registry.example.com/private/app`:
    /// ```dockerfile
    /// FROM registry.example.com/private/app:1
    /// ```
    pub static RULE = {
        code: "DR009",
        name: "registry-no-access",
        origin: Origin::Dlint,
        default_severity: Severity::Info,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for image in first_per_host(ctx, refusing_host) {
        out.push(RULE.diag(
            image.span(&whole_range(&image.reference)),
            format!(
                "cannot verify {}: {} refused access (the image may be private or not exist; try docker login)",
                image.reference.familiar(),
                refusing_host(image.answer).unwrap_or_default()
            ),
        ));
    }
}

fn refusing_host(answer: &RegistryAnswer) -> Option<&str> {
    match answer {
        RegistryAnswer::NoAccess { host } => Some(host),
        _ => None,
    }
}
