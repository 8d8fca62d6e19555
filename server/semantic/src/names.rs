//! Variable names BuildKit gives a meaning of its own (`buildkit-parsing.md` §8.2–8.4).

/// Platform ARGs BuildKit defines in the global scope. A stage must re-declare them
/// (`ARG TARGETARCH`) to see them.
pub const AUTOMATIC_ARGS: [&str; 11] = [
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETOSVERSION",
    "BUILDOSVERSION",
    "TARGETSTAGE",
];

/// Proxy build args: passed to RUN without any ARG, but not part of the builder's
/// expansion environment.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Build args that configure BuildKit itself.
pub const BUILDKIT_ARGS: [&str; 11] = [
    "BUILDKIT_BUILD_NAME",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SYNTAX",
    "SOURCE_DATE_EPOCH",
    "BUILDKIT_DOCKERFILE_CHECK",
    "BUILDKIT_SBOM_SCAN_CONTEXT",
    "BUILDKIT_SBOM_SCAN_STAGE",
];

pub fn is_automatic_arg(name: &str) -> bool {
    AUTOMATIC_ARGS.contains(&name)
}

/// Proxy names; BuildKit matches them case-insensitively.
pub fn is_proxy_arg(name: &str) -> bool {
    PROXY_ARGS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

pub fn is_buildkit_arg(name: &str) -> bool {
    BUILDKIT_ARGS.contains(&name)
}

/// The SBOM args are never exported to the environment and never reported as undefined.
pub fn is_never_undefined(name: &str) -> bool {
    matches!(
        name,
        "BUILDKIT_SBOM_SCAN_CONTEXT" | "BUILDKIT_SBOM_SCAN_STAGE"
    )
}
