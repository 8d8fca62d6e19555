//! Version pins of rpm packages (yum, dnf, microdnf).

/// `name-version` (a `-` followed by a digit), a module stream (`name:stream`), a
/// local `.rpm` file or a path.
pub fn rpm_pinned(v: &str) -> bool {
    let b = v.as_bytes();
    v.ends_with(".rpm")
        || v.contains('/')
        || v.contains(':')
        || b.windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit())
}

/// Options of yum/dnf that take a separate value.
pub const RPM_TAKES_VALUE: &[&str] = &[
    "-x",
    "--exclude",
    "--enablerepo",
    "--disablerepo",
    "--repo",
    "--repoid",
    "--releasever",
    "--installroot",
    "--setopt",
    "-c",
    "--config",
    "-d",
    "--debuglevel",
    "-e",
    "--errorlevel",
];

/// Reports unpinned packages of `install`/`in`/`module install` for rpm tools.
pub fn require_rpm_pins(
    ctx: &crate::context::Context,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
    rule: &'static crate::rule::Rule,
    tools: &[&str],
) {
    super::packages::require_pins(
        ctx,
        out,
        rule,
        tools,
        &["install", "in"],
        &["module"],
        RPM_TAKES_VALUE,
        rpm_pinned,
        "name-version",
    );
}
