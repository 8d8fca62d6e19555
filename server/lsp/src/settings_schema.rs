//! The editor settings as a table, and the VS Code configuration schema rendered from it.
//!
//! Editors show settings from a schema (`contributes.configuration` in the VS Code
//! extension's `package.json`); the server reads them in [`crate::settings`]. One table
//! here describes every key with its type, default and documentation, so the schema is
//! generated, never hand-edited. `tests/settings_schema.rs` holds the table to the
//! parser (each key is accepted, changes the result, rejects a wrong type; the defaults
//! resolve to the server's defaults) and the rendered schema to `package.json`
//! (`UPDATE_SCHEMA=1` rewrites it).
//!
//! This file needs nothing but `serde_json`, so the test can also include it by path.

use serde_json::{json, Map, Value};

/// The value type of one setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    /// A string that may be unset (`null`).
    OptionalString,
    /// A string that is always set.
    String,
    StringList,
    /// An object whose values are one of these words (`{ "DL3008": "error" }`).
    WordMap(&'static [&'static str]),
    /// One of these words.
    Word(&'static [&'static str]),
}

/// One setting, as a key under the `dlint` section.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Dotted key below `dlint` (`registry.enabled` is `{ "registry": { "enabled": … } }`).
    pub key: &'static str,
    pub kind: Kind,
    /// The default as JSON text.
    pub default: &'static str,
    /// Markdown shown in the editor's settings UI.
    pub description: &'static str,
    /// Read by the editor client only (never sent to or parsed by the server).
    pub client_only: bool,
}

/// The severities a `severity` entry may name (`Severity::parse`).
pub const SEVERITIES: &[&str] = &["error", "warning", "info", "style"];
/// The label types a `labelSchema` entry may name (`LabelType::parse`).
pub const LABEL_TYPES: &[&str] = &["text", "url", "semver", "hash", "rfc3339", "spdx", "email"];

/// A setting the server reads.
const fn setting(
    key: &'static str,
    kind: Kind,
    default: &'static str,
    description: &'static str,
) -> Setting {
    Setting {
        key,
        kind,
        default,
        description,
        client_only: false,
    }
}

impl Setting {
    /// The same setting, read by the editor client only.
    const fn for_client(mut self) -> Setting {
        self.client_only = true;
        self
    }
}

/// Every editor setting, server keys as [`crate::settings`] reads them.
pub const SETTINGS: &[Setting] = &[
    setting(
        "path",
        Kind::String,
        r#""""#,
        "Path of the `dlint` binary. Empty: `$DLINT_PATH`, else the binary bundled with the extension, else `dlint` on `PATH`. The server is started as `<path> lsp`.",
    )
    .for_client(),
    setting(
        "trace.server",
        Kind::Word(&["off", "messages", "verbose"]),
        r#""off""#,
        "Log the LSP messages between VS Code and dlint in the dlint output channel.",
    )
    .for_client(),
    setting(
        "select",
        Kind::StringList,
        "[]",
        "Rules to enable: codes (`DL3008`), names (`pin-apt-versions`), code prefixes (`DL30`), groups (`Hadolint`, `BuildKit`, `Dlint`), families (`DL`, `SC`, `DF`) or `ALL`. Empty: every non-experimental rule. Replaces the `select` of a configuration file.",
    ),
    setting(
        "ignore",
        Kind::StringList,
        "[]",
        "Rules to disable (same selectors as `select`); wins over `select`. Added to the `ignore` of a configuration file.",
    ),
    setting(
        "severity",
        Kind::WordMap(SEVERITIES),
        "{}",
        "Severity per rule selector, e.g. `{ \"DL3008\": \"error\" }`. When several apply, the highest wins.",
    ),
    setting(
        "trustedRegistries",
        Kind::StringList,
        "[]",
        "Registries `FROM` images may come from (DL3026): `*`, `*.suffix`, `prefix*` or exact hosts. Empty: DL3026 is off.",
    ),
    setting(
        "labelSchema",
        Kind::WordMap(LABEL_TYPES),
        "{}",
        "Labels every image must have, with the type of their value (DL3049 to DL3058), e.g. `{ \"maintainer\": \"email\" }`.",
    ),
    setting(
        "strictLabels",
        Kind::Bool,
        "false",
        "Report labels that are not in `labelSchema` (DL3050).",
    ),
    setting(
        "shellcheck",
        Kind::Bool,
        "true",
        "Run the ShellCheck checks (SC codes) on `RUN` scripts.",
    ),
    setting(
        "disableIgnorePragma",
        Kind::Bool,
        "false",
        "Ignore `# dlint ignore=` and `# hadolint ignore=` comments.",
    ),
    setting(
        "buildkitCheck",
        Kind::OptionalString,
        "null",
        "Replaces every `# check=` directive, like `BUILDKIT_DOCKERFILE_CHECK` (e.g. `skip=JSONArgsRecommended;error=true`).",
    ),
    setting(
        "contextDir",
        Kind::OptionalString,
        "null",
        "Build context directory (for `.dockerignore` checks). Unset: the Dockerfile's directory.",
    ),
    setting(
        "target",
        Kind::OptionalString,
        "null",
        "Build target: restricts the BuildKit build-time checks to the stages it needs.",
    ),
    setting(
        "registry.enabled",
        Kind::Bool,
        "true",
        "Resolve `FROM` images against their registries: wrong-tag diagnostics, digests in hovers, tag completion, pin-to-digest actions. Lookups are cached and run in the background.",
    ),
    setting(
        "registry.offline",
        Kind::Bool,
        "false",
        "Answer registry features from the disk cache only; never contact a registry.",
    ),
    setting(
        "registry.allowHosts",
        Kind::StringList,
        "[]",
        "Registry hosts dlint may contact. Empty: any host not denied.",
    ),
    setting(
        "registry.denyHosts",
        Kind::StringList,
        "[]",
        "Registry hosts dlint never contacts.",
    ),
    setting(
        "registry.insecureRegistries",
        Kind::StringList,
        "[]",
        "Registries reached over plain HTTP (loopback addresses always are).",
    ),
];

/// The JSON schema of one setting, as VS Code's `contributes.configuration` wants it.
fn property(setting: &Setting) -> Value {
    let default: Value = serde_json::from_str(setting.default).unwrap_or(Value::Null);
    let mut out = match setting.kind {
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::String => json!({ "type": "string" }),
        Kind::OptionalString => json!({ "type": ["string", "null"] }),
        Kind::StringList => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::WordMap(words) => json!({
            "type": "object",
            "additionalProperties": { "type": "string", "enum": words },
        }),
        Kind::Word(words) => json!({ "type": "string", "enum": words }),
    };
    out["default"] = default;
    out["markdownDescription"] = Value::String(setting.description.to_owned());
    if setting.client_only && setting.key == "path" {
        // A per-machine path; the extension lists it in `restrictedConfigurations`, so a
        // workspace may override it only once the user trusts that workspace.
        out["scope"] = Value::String("machine-overridable".to_owned());
    }
    out
}

/// `contributes.configuration` of the VS Code extension.
pub fn vscode_configuration() -> Value {
    let mut properties = Map::new();
    for setting in SETTINGS {
        properties.insert(format!("dlint.{}", setting.key), property(setting));
    }
    json!({
        "title": "dlint",
        "properties": properties,
    })
}

/// The defaults of the server's keys as the nested `dlint` section an editor would send;
/// unset (`null`) defaults are left out, as the VS Code client leaves them out.
pub fn server_defaults() -> Value {
    let mut root = Map::new();
    for setting in SETTINGS.iter().filter(|s| !s.client_only) {
        let value: Value = serde_json::from_str(setting.default).unwrap_or(Value::Null);
        if !value.is_null() {
            insert_dotted(&mut root, setting.key, value);
        }
    }
    Value::Object(root)
}

/// Puts `value` at a dotted key (`registry.enabled`) into nested objects.
pub fn insert_dotted(root: &mut Map<String, Value>, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            root.insert(key.to_owned(), value);
        }
        Some((head, rest)) => {
            let child = root
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !child.is_object() {
                *child = Value::Object(Map::new());
            }
            if let Value::Object(map) = child {
                insert_dotted(map, rest, value);
            }
        }
    }
}
