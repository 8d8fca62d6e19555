//! Build-argument facts shared by the FROM-related rules (`buildkit-parsing.md` §8).

use dlint_syntax::{ArgDecl, Body, Dockerfile, InstructionKind};

/// The automatic platform ARGs, defined in the global scope (the semantic model's list).
pub use dlint_semantic::names::AUTOMATIC_ARGS as PLATFORM_ARGS;

/// A plausible value of an automatic platform ARG, for expanding FROM words statically.
pub fn platform_arg_value(name: &str) -> Option<&'static str> {
    Some(match name {
        "TARGETPLATFORM" | "BUILDPLATFORM" => "linux/amd64",
        "TARGETOS" | "BUILDOS" => "linux",
        "TARGETARCH" | "BUILDARCH" => "amd64",
        "TARGETVARIANT" | "BUILDVARIANT" | "TARGETOSVERSION" | "BUILDOSVERSION" => "",
        "TARGETSTAGE" => "default",
        _ => return None,
    })
}

/// ARG declarations before the first FROM.
pub fn global_args(df: &Dockerfile) -> Vec<&ArgDecl> {
    df.instructions
        .iter()
        .take_while(|i| i.kind != InstructionKind::From)
        .filter_map(|i| match &i.body {
            Body::Args(args) => Some(args.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}
