use super::packages::{removes_any, require_cleanup};
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;

declare_rule! {
    /// ## What it does
    /// Reports `yum install` not followed, in the same `RUN`, by a cache cleanup. A cache or
    /// tmpfs mount on the package cache is accepted.
    ///
    /// ## Why is this bad?
    /// Downloaded packages and metadata stay in the layer and make the image larger;
    /// removing them in a later `RUN` does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.62
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    pub static RULE = {
        code: "DL3032",
        name: "yum-clean-all",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    require_cleanup(
        ctx,
        out,
        &RULE,
        &["yum"],
        &["install", "groupinstall", "localinstall", "reinstall"],
        &["/var/cache/yum"],
        |_, c| (c.is("yum") && c.has_subcommand(&["clean"])) || removes_any(c, &["/var/cache/yum"]),
        "clean the package cache in the same RUN",
        None,
    );
}
