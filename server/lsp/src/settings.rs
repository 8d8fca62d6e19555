//! Editor settings → the linter's one settings model.
//!
//! Precedence, lowest first: dlint's defaults, then `initializationOptions`, then the
//! editor's `dlint` settings section (pulled with `workspace/configuration` when the
//! client supports it, else taken from `workspace/didChangeConfiguration`). Each source
//! is a [`SettingsLayer`]: keys it does not mention keep their value from below, so a
//! Neovim user setting one key does not switch anything else off. (`.dlint.toml` will sit
//! between the defaults and the editor layers once the linter exposes its loader.)
//!
//! Keys (all optional): `select`, `ignore` (lists of rule codes, names or groups),
//! `severity` (`{ "DL3008": "error" }`), `trustedRegistries`, `labelSchema`
//! (`{ "maintainer": "email" }`), `strictLabels`, `shellcheck`, `disableIgnorePragma`,
//! `buildkitCheck`, `contextDir`, `target`.

use std::path::PathBuf;

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

/// The settings from all editor sources, in precedence order.
pub fn resolve(init_options: &Value, editor: &Value) -> (Settings, Vec<String>) {
    let mut settings = Settings::default();
    let mut problems = Vec::new();
    for source in [init_options, editor] {
        let (layer, p) = layer_from_json(source);
        settings.apply(&layer);
        problems.extend(p);
    }
    (settings, problems)
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
