//! Architecture invariant: the linter knows nothing of LSP, async runtimes, JSON or the
//! network. Its normal dependencies must not bring them in (dev-dependencies may).

#[test]
fn linter_dependencies_stay_free_of_lsp_json_async_and_network() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let deps: Vec<&str> = manifest
        .split("\n[")
        .filter(|section| section.starts_with("dependencies]"))
        .flat_map(|section| section.lines().skip(1))
        .filter_map(|line| line.split(['=', '.']).next())
        .map(str::trim)
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect();
    assert!(
        deps.contains(&"dlint_syntax"),
        "parsed no dependencies from the manifest: {deps:?}"
    );
    let forbidden = [
        "tokio",
        "tower",
        "tower-lsp",
        "tower-lsp-server",
        "lsp-types",
        "lsp-server",
        "serde_json",
        "reqwest",
        "hyper",
        "ureq",
        "dlint_registry",
        "dlint_lsp",
    ];
    for name in deps {
        assert!(
            !forbidden.contains(&name),
            "dlint_linter must not depend on {name}"
        );
    }
}
