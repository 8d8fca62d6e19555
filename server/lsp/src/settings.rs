//! Editor settings → the linter's one settings model.
//!
//! Precedence, lowest first: dlint's defaults, then `initializationOptions`, then the
//! editor's `dlint` settings section (pulled with `workspace/configuration` when the
//! client supports it, else taken from `workspace/didChangeConfiguration`). Each source
//! is a [`SettingsLayer`]: keys it does not mention keep their value from below, so a
//! Neovim user setting one key does not switch anything else off. A document's nearest
//! `.dlint.toml` (or `.hadolint.yaml`) sits between the defaults and the editor layers
//! ([`for_document`]), as on the command line, where flags win over the file.
//!
//! Keys (all optional): `select`, `ignore` (lists of rule codes, names or groups),
//! `severity` (`{ "DL3008": "error" }`), `trustedRegistries`, `labelSchema`
//! (`{ "maintainer": "email" }`), `strictLabels`, `shellcheck`, `disableIgnorePragma`,
//! `buildkitCheck`, `contextDir`, `target`.

use std::path::{Path, PathBuf};

use dlint_linter::{LabelType, Settings, SettingsLayer, Severity};
use serde_json::Value;

/// Reads one JSON settings object into a layer. Unknown keys are ignored; keys with a
/// value of the wrong type are skipped and reported, so one typo costs one setting.
pub fn layer_from_json(value: &Value) -> (SettingsLayer, Vec<String>) {
    let mut layer = SettingsLayer::default();
    let mut problems = Vec::new();
    let Some(obj) = value.as_object() else {
        if !value.is_null() {
            problems.push("dlint settings must be an object".to_owned());
        }
        return (layer, problems);
    };
    let strings = |key: &str, problems: &mut Vec<String>| -> Option<Vec<String>> {
        let v = obj.get(key)?;
        match v.as_array().map(|a| {
            a.iter()
                .map(|s| s.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
        }) {
            Some(Some(list)) => Some(list),
            _ => {
                problems.push(format!("`{key}` must be a list of strings"));
                None
            }
        }
    };
    let boolean = |key: &str, problems: &mut Vec<String>| -> Option<bool> {
        let v = obj.get(key)?;
        v.as_bool().or_else(|| {
            problems.push(format!("`{key}` must be true or false"));
            None
        })
    };
    let string = |key: &str, problems: &mut Vec<String>| -> Option<String> {
        let v = obj.get(key)?;
        v.as_str().map(str::to_owned).or_else(|| {
            problems.push(format!("`{key}` must be a string"));
            None
        })
    };
    layer.select = strings("select", &mut problems);
    layer.ignore = strings("ignore", &mut problems).unwrap_or_default();
    layer.trusted_registries = strings("trustedRegistries", &mut problems).unwrap_or_default();
    layer.strict_labels = boolean("strictLabels", &mut problems);
    layer.shellcheck = boolean("shellcheck", &mut problems);
    layer.disable_ignore_pragma = boolean("disableIgnorePragma", &mut problems);
    layer.buildkit_check = string("buildkitCheck", &mut problems);
    layer.context_dir = string("contextDir", &mut problems).map(PathBuf::from);
    layer.target = string("target", &mut problems);
    if let Some(sev) = obj.get("severity") {
        match sev.as_object() {
            Some(map) => {
                for (selector, level) in map {
                    match level.as_str().and_then(Severity::parse) {
                        Some(s) => {
                            layer.severity.insert(selector.clone(), s);
                        }
                        None => problems.push(format!(
                            "`severity.{selector}` must be one of error, warning, info, style"
                        )),
                    }
                }
            }
            None => problems.push("`severity` must be an object of rule → level".to_owned()),
        }
    }
    if let Some(schema) = obj.get("labelSchema") {
        match schema.as_object() {
            Some(map) => {
                for (label, ty) in map {
                    match ty.as_str().and_then(LabelType::parse) {
                        Some(t) => {
                            layer.label_schema.insert(label.clone(), t);
                        }
                        None => problems.push(format!("`labelSchema.{label}` has an unknown type")),
                    }
                }
            }
            None => problems.push("`labelSchema` must be an object of label → type".to_owned()),
        }
    }
    (layer, problems)
}

/// The settings from all editor sources, in precedence order (no configuration file).
pub fn resolve(init_options: &Value, editor: &Value) -> (Settings, Vec<String>) {
    let (layer, problems) = editor_layer(init_options, editor);
    let mut settings = Settings::default();
    settings.apply(&layer);
    (settings, problems)
}

/// `initializationOptions` and the editor section folded into one layer, so the linter's
/// config loader can put it above the configuration file as its "overrides".
pub fn editor_layer(init_options: &Value, editor: &Value) -> (SettingsLayer, Vec<String>) {
    let (mut layer, mut problems) = layer_from_json(init_options);
    let (top, p) = layer_from_json(editor);
    problems.extend(p);
    stack(&mut layer, top);
    (layer, problems)
}

/// Puts `top` over `base` with the same meaning as applying both in turn: lists add up,
/// scalars and `select` are replaced, severities keep the loudest (as `Settings::apply`).
fn stack(base: &mut SettingsLayer, top: SettingsLayer) {
    if top.select.is_some() {
        base.select = top.select;
    }
    base.ignore.extend(top.ignore);
    for (key, sev) in top.severity {
        let entry = base.severity.entry(key).or_insert(sev);
        *entry = (*entry).max(sev);
    }
    base.trusted_registries.extend(top.trusted_registries);
    base.label_schema.extend(top.label_schema);
    fn over<T>(base: &mut Option<T>, top: Option<T>) {
        if top.is_some() {
            *base = top;
        }
    }
    over(&mut base.failure_threshold, top.failure_threshold);
    over(&mut base.no_fail, top.no_fail);
    over(&mut base.strict_labels, top.strict_labels);
    over(&mut base.shellcheck, top.shellcheck);
    over(&mut base.disable_ignore_pragma, top.disable_ignore_pragma);
    over(&mut base.buildkit_check, top.buildkit_check);
    over(&mut base.context_dir, top.context_dir);
    over(&mut base.target, top.target);
    over(&mut base.platform, top.platform);
}

/// Settings of one document: defaults, its nearest configuration file, then the editor
/// layer. A document without a file path (an untitled buffer) gets no file. A broken file
/// is reported (as text naming the file and line) and skipped, so the editor settings
/// still apply and the document is still linted.
pub fn for_document(path: Option<&Path>, editor: &SettingsLayer) -> DocumentSettings {
    let without_file = || {
        let mut settings = Settings::default();
        settings.apply(editor);
        settings
    };
    let Some(path) = path else {
        return DocumentSettings {
            settings: without_file(),
            config_error: None,
            warnings: Vec::new(),
        };
    };
    match Settings::resolve_for(path, editor) {
        Ok(resolved) => DocumentSettings {
            settings: resolved.settings,
            config_error: None,
            warnings: resolved.warnings,
        },
        Err(e) => DocumentSettings {
            settings: without_file(),
            config_error: Some(e.to_string()),
            warnings: Vec::new(),
        },
    }
}

/// What [`for_document`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentSettings {
    pub settings: Settings,
    /// The configuration file could not be used.
    pub config_error: Option<String>,
    /// Unknown rule codes and ignored keys in the configuration file.
    pub warnings: Vec<String>,
}

/// The `registry` object of the editor sources (`dlint.registry.enabled`, `allowHosts`,
/// `denyHosts`, `insecureRegistries`, `offline`), later sources winning key by key.
pub fn registry_settings(
    init_options: &Value,
    editor: &Value,
) -> (crate::registry::RegistrySettings, Vec<String>) {
    let mut out = crate::registry::RegistrySettings::default();
    let mut problems = Vec::new();
    for source in [init_options, editor] {
        let Some(obj) = source.get("registry") else {
            continue;
        };
        let Some(obj) = obj.as_object() else {
            problems.push("`registry` must be an object".to_owned());
            continue;
        };
        for (key, value) in obj {
            let list = || {
                value.as_array().and_then(|a| {
                    a.iter()
                        .map(|s| s.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                })
            };
            let ok = match key.as_str() {
                "enabled" => value.as_bool().map(|b| out.enabled = b).is_some(),
                "offline" => value.as_bool().map(|b| out.offline = b).is_some(),
                "allowHosts" => list().map(|l| out.allow_hosts = l).is_some(),
                "denyHosts" => list().map(|l| out.deny_hosts = l).is_some(),
                "insecureRegistries" => list().map(|l| out.insecure_registries = l).is_some(),
                _ => true,
            };
            if !ok {
                problems.push(format!("`registry.{key}` has a value of the wrong type"));
            }
        }
    }
    (out, problems)
}

/// The `dlint` section of a `didChangeConfiguration` payload: `{ "dlint": {…} }`, or the
/// object itself when a client sends the section unwrapped.
pub fn section(settings: &Value) -> &Value {
    settings.get("dlint").unwrap_or(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partial_settings_keep_the_rest() {
        let (s, problems) = resolve(&Value::Null, &json!({ "ignore": ["DL3008"] }));
        assert!(problems.is_empty());
        assert_eq!(s.ignore, ["DL3008"]);
        assert_eq!(
            s,
            Settings {
                ignore: vec!["DL3008".into()],
                ..Settings::default()
            }
        );
    }

    #[test]
    fn editor_settings_override_initialization_options() {
        let (s, _) = resolve(
            &json!({ "shellcheck": false, "target": "a" }),
            &json!({ "target": "b" }),
        );
        assert!(!s.shellcheck);
        assert_eq!(s.target.as_deref(), Some("b"));
    }

    #[test]
    fn registry_settings_layer_key_by_key() {
        let (r, problems) = registry_settings(
            &json!({ "registry": { "offline": true, "allowHosts": ["ghcr.io"] } }),
            &json!({ "registry": { "enabled": false, "denyHosts": 3 } }),
        );
        assert_eq!(
            problems,
            ["`registry.denyHosts` has a value of the wrong type"]
        );
        assert!(!r.enabled);
        assert!(r.offline);
        assert_eq!(r.allow_hosts, ["ghcr.io"]);
        assert!(r.deny_hosts.is_empty());
        let (default, _) = registry_settings(&Value::Null, &json!({}));
        assert!(default.enabled, "on by default in the editor");
    }

    #[test]
    fn editor_layer_stacks_like_applying_both() {
        let init = json!({ "ignore": ["DL3008"], "select": ["DL"], "target": "a" });
        let editor = json!({ "ignore": ["DL3009"], "target": "b" });
        let (layer, _) = editor_layer(&init, &editor);
        let mut stacked = Settings::default();
        stacked.apply(&layer);
        let mut applied = Settings::default();
        applied.apply(&layer_from_json(&init).0);
        applied.apply(&layer_from_json(&editor).0);
        assert_eq!(stacked, applied);
        assert_eq!(stacked.ignore, ["DL3008", "DL3009"]);
    }

    #[test]
    fn bad_values_are_reported_and_skipped() {
        let (s, problems) = resolve(
            &Value::Null,
            &json!({ "shellcheck": "no", "severity": { "DL3008": "loud", "DL3009": "error" } }),
        );
        assert_eq!(
            problems,
            [
                "`shellcheck` must be true or false",
                "`severity.DL3008` must be one of error, warning, info, style"
            ]
        );
        assert!(s.shellcheck);
        assert_eq!(s.severity.get("DL3009"), Some(&Severity::Error));
    }
}
