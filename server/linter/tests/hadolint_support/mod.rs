//! Settings for the hadolint rule fixtures: only the given rules, plus the
//! configuration the config-gated rules need.

use dlint_linter::{LabelType, Settings, SettingsLayer};

/// `extra`: "" (none), "trusted" (trusted registries), "trusted-paths" (repository
/// prefixes), "schema" (a label schema with
/// every type), "owner" (one text label) or "strict" (one text label, strict).
pub fn settings(rules: &[&str], extra: &str) -> Settings {
    let mut layer = SettingsLayer {
        select: Some(rules.iter().map(|s| s.to_string()).collect()),
        ..SettingsLayer::default()
    };
    match extra {
        "" => {}
        "trusted" => layer.trusted_registries = vec!["registry.example.com".into()],
        "trusted-paths" => {
            layer.trusted_registries = vec!["gcr.io/distroless".into(), "docker.io/library".into()]
        }
        "schema" => {
            for (k, t) in [
                ("owner", LabelType::Text),
                ("source", LabelType::Url),
                ("created", LabelType::Rfc3339),
                ("licenses", LabelType::Spdx),
                ("revision", LabelType::Hash),
                ("version", LabelType::Semver),
                ("maintainer", LabelType::Email),
            ] {
                layer.label_schema.insert(k.into(), t);
            }
        }
        "owner" | "strict" => {
            layer.label_schema.insert("owner".into(), LabelType::Text);
            layer.strict_labels = Some(extra == "strict");
        }
        other => panic!("unknown fixture settings {other}"),
    }
    let mut settings = Settings::default();
    settings.apply(&layer);
    settings
}
