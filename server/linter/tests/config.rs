//! Configuration files: discovery, formats, errors naming file, line and key.

use dlint_linter::config::{find_config, parse_dlint_toml, parse_hadolint_yaml};
use dlint_linter::{ConfigKind, LabelType, Settings, SettingsLayer, Severity};
use std::path::Path;

#[test]
fn dlint_toml_keys() {
    let text = r#"
select = ["BuildKit", "Dlint"]
ignore = ["MaintainerDeprecated"]
failure-threshold = "warning"
trusted-registries = ["docker.io"]
strict-labels = true
shellcheck = false
buildkit-check = "skip=all"

[severity]
StageNameCasing = "error"

[label-schema]
maintainer = "email"
"#;
    let (layer, warnings) = parse_dlint_toml(text, Path::new("/p/.dlint.toml")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut s = Settings::default();
    s.apply(&layer);
    assert_eq!(s.select, ["BuildKit", "Dlint"]);
    assert_eq!(s.ignore, ["MaintainerDeprecated"]);
    assert_eq!(s.failure_threshold, Severity::Warning);
    assert_eq!(s.severity["StageNameCasing"], Severity::Error);
    assert_eq!(s.label_schema["maintainer"], LabelType::Email);
    assert!(s.strict_labels && !s.shellcheck);
    assert_eq!(s.buildkit_check.as_deref(), Some("skip=all"));
}

#[test]
fn dlint_toml_errors_name_file_line_and_key() {
    let err = parse_dlint_toml(
        "ignore = []\nignorred = [\"X\"]\n",
        Path::new("/p/.dlint.toml"),
    )
    .unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("ignorred"), "{err}");
    assert!(err.to_string().starts_with("/p/.dlint.toml:2:"), "{err}");
    let err =
        parse_dlint_toml("\nfailure-threshold = \"loud\"\n", Path::new("x.toml")).unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("loud"), "{err}");
}

#[test]
fn unknown_codes_in_config_are_warnings() {
    let (_, warnings) = parse_dlint_toml(
        "ignore = [\"DL9999\", \"StageNameCasing\"]\n",
        Path::new("c.toml"),
    )
    .unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("c.toml:1") && warnings[0].contains("DL9999"));
}

#[test]
fn hadolint_yaml_keys() {
    let text = "ignored:\n  - MaintainerDeprecated\noverride:\n  error:\n    - StageNameCasing\n  style:\n    - StageNameCasing\ntrustedRegistries: docker.io\nlabel-schema:\n  author: text\n  url: url\nstrict-labels: true\nfailure-threshold: none\nno-fail: true\ndisable-ignore-pragma: true\nformat: json\n";
    let (layer, warnings) = parse_hadolint_yaml(text, Path::new(".hadolint.yaml")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut s = Settings::default();
    s.apply(&layer);
    assert_eq!(s.ignore, ["MaintainerDeprecated"]);
    // error beats style whatever the order, as in hadolint.
    assert_eq!(s.severity["StageNameCasing"], Severity::Error);
    assert_eq!(s.trusted_registries, ["docker.io"]);
    assert_eq!(s.label_schema["url"], LabelType::Url);
    assert_eq!(s.failure_threshold, Severity::Style);
    assert!(s.no_fail && s.strict_labels && s.disable_ignore_pragma);
}

#[test]
fn hadolint_yaml_unknown_key_warns_and_bad_value_fails() {
    let (_, warnings) = parse_hadolint_yaml("ignorred:\n  - X\n", Path::new("h.yaml")).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("h.yaml:1") && w.contains("ignorred")),
        "{warnings:?}"
    );
    let err = parse_hadolint_yaml("ignored: []\nstrict-labels: maybe\n", Path::new("h.yaml"))
        .unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("strict-labels"), "{err}");
    let err = parse_hadolint_yaml("ignored: [\n", Path::new("h.yaml")).unwrap_err();
    assert!(err.line.is_some(), "{err}");
}

#[test]
fn discovery_walks_up_and_prefers_dlint_toml() {
    let root = tempfile::tempdir().unwrap();
    let sub = root.path().join("a").join("b");
    std::fs::create_dir_all(&sub).unwrap();
    assert_eq!(find_config(&sub), None);
    std::fs::write(
        sub.join(".hadolint.yml"),
        "ignored: [MaintainerDeprecated]\n",
    )
    .unwrap();
    assert_eq!(find_config(&sub), Some(sub.join(".hadolint.yml")));
    // A .dlint.toml anywhere up the tree wins over a nearer .hadolint file.
    std::fs::write(
        root.path().join(".dlint.toml"),
        "ignore = [\"StageNameCasing\"]\n",
    )
    .unwrap();
    assert_eq!(find_config(&sub), Some(root.path().join(".dlint.toml")));

    let overrides = SettingsLayer {
        ignore: vec!["FromAsCasing".into()],
        ..SettingsLayer::default()
    };
    let resolved = Settings::resolve_for(&sub.join("Dockerfile"), &overrides).unwrap();
    assert_eq!(
        resolved.settings.ignore,
        ["StageNameCasing", "FromAsCasing"]
    );
    assert_eq!(resolved.layers[0].0.kind, ConfigKind::DlintToml);
    assert_eq!(resolved.layers[1].0.kind, ConfigKind::Overrides);

    std::fs::write(root.path().join(".dlint.toml"), "ignore = 3\n").unwrap();
    let err = Settings::resolve_for(&sub.join("Dockerfile"), &overrides).unwrap_err();
    assert!(err.to_string().contains(".dlint.toml:1"), "{err}");
}

#[test]
fn hadolint_environment_variables() {
    use std::collections::HashMap;
    let env: HashMap<&str, &str> = [
        ("HADOLINT_IGNORE", "DL3008, DL3009"),
        ("HADOLINT_OVERRIDE_ERROR", "DL3007"),
        ("HADOLINT_OVERRIDE_STYLE", "DL3007"),
        ("HADOLINT_FAILURE_THRESHOLD", "ignore"),
        ("HADOLINT_NOFAIL", "Yes"),
        ("HADOLINT_STRICT_LABELS", "0"),
        ("HADOLINT_REQUIRE_LABELS", "maintainer:email,version:semver"),
        ("HADOLINT_TRUSTED_REGISTRIES", "docker.io,gcr.io"),
    ]
    .into_iter()
    .collect();
    let layer = dlint_linter::config::hadolint_env_layer(|k| env.get(k).map(|v| v.to_string()));
    assert_eq!(layer.ignore, ["DL3008", "DL3009"]);
    assert_eq!(layer.severity["DL3007"], Severity::Error);
    assert_eq!(layer.failure_threshold, Some(Severity::Style));
    assert_eq!(layer.no_fail, Some(true));
    assert_eq!(layer.strict_labels, Some(false));
    assert_eq!(layer.label_schema["version"], LabelType::Semver);
    assert_eq!(layer.trusted_registries, ["docker.io", "gcr.io"]);
    assert_eq!(layer.disable_ignore_pragma, None);
}
