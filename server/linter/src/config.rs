//! Configuration files: `.dlint.toml`, or hadolint's `.hadolint.yaml` / `.hadolint.yml`
//! when no `.dlint.toml` exists. Each is found by walking up from the Dockerfile's
//! directory. A file that cannot be read or has a wrong value is an error naming the
//! file, the line and the key; unknown rule codes are warnings.
//!
//! `.dlint.toml` keys (all optional; unknown keys are errors):
//!
//! | key | type | meaning |
//! | --- | --- | --- |
//! | `select` | list | rules to run: codes, names, code prefixes (`DL30`), groups (`BuildKit`, `Hadolint`, `Dlint`, `DL`, `SC`, `DF`), `ALL`; default: all non-experimental rules |
//! | `ignore` | list | rules not to run (same selectors) |
//! | `[severity]` | table | selector = `error` / `warning` / `info` / `style` |
//! | `failure-threshold` | string | lowest severity that fails the run (`none` = `style`); default `info` |
//! | `no-fail` | bool | always succeed |
//! | `trusted-registries` | list | registries DL3026 allows |
//! | `[label-schema]` | table | label = `text` / `url` / `semver` / `hash` / `rfc3339` / `spdx` / `email` |
//! | `strict-labels` | bool | labels outside the schema are findings |
//! | `shellcheck` | bool | run the SC checks on RUN scripts (default: on in the editor, off in `dlint check` unless `--shellcheck`) |
//! | `disable-ignore-pragma` | bool | ignore `# hadolint ignore=` / `# dlint ignore=` comments |
//! | `buildkit-check` | string | replaces the file's `# check=` directive (as `BUILDKIT_DOCKERFILE_CHECK`) |
//! | `context` | path | build context (for `.dockerignore`), relative to the config file |
//! | `target` | string | restrict BuildKit's dispatch-phase checks to this stage's dependencies |
//! | `platform` | string | the platform built for, with registry facts (default `linux/amd64`) |
//!
//! Lists add to those of earlier layers; scalars replace them (`hadolint.md` §4).

use crate::diagnostic::Severity;
use crate::registry::all_rules;
use crate::settings::{selector_is_known, LabelType, Settings, SettingsLayer};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigKind {
    DlintToml,
    HadolintYaml,
    /// Settings given by the caller (command line, editor).
    Overrides,
}

/// Where a layer of settings came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSource {
    pub kind: ConfigKind,
    /// The file, for file sources.
    pub path: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Resolved settings and how they were obtained.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub settings: Settings,
    /// The layers applied over the defaults, in order.
    pub layers: Vec<(ConfigSource, SettingsLayer)>,
    /// Unknown rule codes and ignored keys, as `file:line: message` texts.
    pub warnings: Vec<String>,
}

impl Settings {
    /// The settings for one Dockerfile: defaults, then the nearest config file, then
    /// `overrides` (command line or editor settings).
    pub fn resolve_for(
        dockerfile: &Path,
        overrides: &SettingsLayer,
    ) -> Result<Resolved, ConfigError> {
        let start = dockerfile.parent().unwrap_or(Path::new("."));
        let mut settings = Settings::default();
        let mut layers = Vec::new();
        let mut warnings = Vec::new();
        if let Some(path) = find_config(start) {
            let (source, layer, w) = load_config(&path)?;
            settings.apply(&layer);
            layers.push((source, layer));
            warnings.extend(w);
        }
        settings.apply(overrides);
        layers.push((
            ConfigSource {
                kind: ConfigKind::Overrides,
                path: None,
            },
            overrides.clone(),
        ));
        Ok(Resolved {
            settings,
            layers,
            warnings,
        })
    }
}

/// The nearest `.dlint.toml` above `dir`; if there is none anywhere up the tree, the
/// nearest `.hadolint.yaml` / `.hadolint.yml`.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    let walk = |names: &[&str]| {
        dir.ancestors()
            .flat_map(|d| names.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    };
    walk(&[".dlint.toml"]).or_else(|| walk(&[".hadolint.yaml", ".hadolint.yml"]))
}

/// Reads one config file, choosing the format by its name.
pub fn load_config(path: &Path) -> Result<(ConfigSource, SettingsLayer, Vec<String>), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: None,
        message: format!("cannot read the file: {e}"),
    })?;
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    let (layer, warnings) = if is_toml {
        parse_dlint_toml(&text, path)?
    } else {
        parse_hadolint_yaml(&text, path)?
    };
    let kind = if is_toml {
        ConfigKind::DlintToml
    } else {
        ConfigKind::HadolintYaml
    };
    Ok((
        ConfigSource {
            kind,
            path: Some(path.to_path_buf()),
        },
        layer,
        warnings,
    ))
}

/// A level name, with hadolint's `none` / `ignore` thresholds meaning "fail on any
/// finding" (the lowest level).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Level {
    Error,
    Warning,
    Info,
    Style,
    None,
    Ignore,
}

impl Level {
    fn severity(self) -> Severity {
        match self {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
            Level::Style | Level::None | Level::Ignore => Severity::Style,
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum LabelTypeName {
    #[serde(rename = "")]
    Empty,
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

impl LabelTypeName {
    fn label_type(self) -> LabelType {
        match self {
            LabelTypeName::Empty | LabelTypeName::Text => LabelType::Text,
            LabelTypeName::Url => LabelType::Url,
            LabelTypeName::Semver => LabelType::Semver,
            LabelTypeName::Hash => LabelType::Hash,
            LabelTypeName::Rfc3339 => LabelType::Rfc3339,
            LabelTypeName::Spdx => LabelType::Spdx,
            LabelTypeName::Email => LabelType::Email,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DlintToml {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
    failure_threshold: Option<Level>,
    no_fail: Option<bool>,
    #[serde(default)]
    trusted_registries: Vec<String>,
    #[serde(default)]
    label_schema: BTreeMap<String, LabelTypeName>,
    strict_labels: Option<bool>,
    shellcheck: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    buildkit_check: Option<String>,
    context: Option<PathBuf>,
    target: Option<String>,
    platform: Option<String>,
}

/// Parses `.dlint.toml`. Unknown keys are errors (a typo must not be silently ignored).
pub fn parse_dlint_toml(
    text: &str,
    path: &Path,
) -> Result<(SettingsLayer, Vec<String>), ConfigError> {
    let raw: DlintToml = toml::from_str(text).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().trim().to_string(),
    })?;
    let mut severity = BTreeMap::new();
    for (code, level) in raw.severity {
        if matches!(level, Level::None | Level::Ignore) {
            return Err(ConfigError {
                path: path.to_path_buf(),
                line: find_line(text, &code),
                message: format!("severity.{code}: use `ignore = [\"{code}\"]` to turn a rule off"),
            });
        }
        severity.insert(code, level.severity());
    }
    let layer = SettingsLayer {
        select: raw.select,
        ignore: raw.ignore,
        severity,
        failure_threshold: raw.failure_threshold.map(Level::severity),
        no_fail: raw.no_fail,
        trusted_registries: raw.trusted_registries,
        label_schema: raw
            .label_schema
            .into_iter()
            .map(|(k, v)| (k, v.label_type()))
            .collect(),
        strict_labels: raw.strict_labels,
        shellcheck: raw.shellcheck,
        disable_ignore_pragma: raw.disable_ignore_pragma,
        buildkit_check: raw.buildkit_check,
        // A relative context is relative to the config file's directory.
        context_dir: raw
            .context
            .map(|c| path.parent().unwrap_or(Path::new(".")).join(c)),
        target: raw.target,
        platform: raw.platform,
    };
    let warnings = unknown_code_warnings(&layer, text, path);
    Ok((layer, warnings))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
struct HadolintOverride {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    #[serde(default)]
    style: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct HadolintYaml {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default, rename = "override")]
    overrides: Option<HadolintOverride>,
    #[serde(rename = "trustedRegistries")]
    trusted_registries: Option<OneOrMany>,
    #[serde(default)]
    label_schema: BTreeMap<String, LabelTypeName>,
    strict_labels: Option<bool>,
    failure_threshold: Option<Level>,
    no_fail: Option<bool>,
    disable_ignore_pragma: Option<bool>,
}

/// hadolint's keys that only affect its output; accepted and left to the CLI.
const HADOLINT_OUTPUT_KEYS: [&str; 4] = ["no-color", "format", "formats", "verbose"];
const HADOLINT_KEYS: [&str; 8] = [
    "ignored",
    "override",
    "trustedRegistries",
    "label-schema",
    "strict-labels",
    "failure-threshold",
    "no-fail",
    "disable-ignore-pragma",
];

/// Parses `.hadolint.yaml` with hadolint's keys (`hadolint.md` §4). Unknown keys are
/// warnings, since hadolint accepts them and the file is shared with it.
pub fn parse_hadolint_yaml(
    text: &str,
    path: &Path,
) -> Result<(SettingsLayer, Vec<String>), ConfigError> {
    let yaml_error = |e: serde_yaml::Error| ConfigError {
        path: path.to_path_buf(),
        line: e.location().map(|l| l.line()),
        message: e.to_string(),
    };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(yaml_error)?;
    let mut warnings = Vec::new();
    if value.is_null() {
        return Ok((SettingsLayer::default(), warnings));
    }
    if let Some(map) = value.as_mapping() {
        for key in map.keys() {
            let name = key.as_str().unwrap_or("");
            if !HADOLINT_KEYS.contains(&name) && !HADOLINT_OUTPUT_KEYS.contains(&name) {
                warnings.push(format!(
                    "{}:{}: unknown key `{name}` (ignored)",
                    path.display(),
                    find_line(text, name).unwrap_or(1)
                ));
            }
        }
    }
    let raw: HadolintYaml = serde_yaml::from_str(text).map_err(yaml_error)?;
    let mut severity = BTreeMap::new();
    let o = raw.overrides.unwrap_or_default();
    // Inserted lowest first so that, as in hadolint, the highest level wins.
    for (list, level) in [
        (o.style, Severity::Style),
        (o.info, Severity::Info),
        (o.warning, Severity::Warning),
        (o.error, Severity::Error),
    ] {
        for code in list {
            severity.insert(code, level);
        }
    }
    let layer = SettingsLayer {
        ignore: raw.ignored,
        severity,
        failure_threshold: raw.failure_threshold.map(Level::severity),
        no_fail: raw.no_fail,
        trusted_registries: match raw.trusted_registries {
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(v)) => v,
            None => Vec::new(),
        },
        label_schema: raw
            .label_schema
            .into_iter()
            .map(|(k, v)| (k, v.label_type()))
            .collect(),
        strict_labels: raw.strict_labels,
        disable_ignore_pragma: raw.disable_ignore_pragma,
        ..SettingsLayer::default()
    };
    warnings.extend(unknown_code_warnings(&layer, text, path));
    Ok((layer, warnings))
}

fn unknown_code_warnings(layer: &SettingsLayer, text: &str, path: &Path) -> Vec<String> {
    let rules = all_rules();
    let codes = layer
        .select
        .iter()
        .flatten()
        .chain(&layer.ignore)
        .chain(layer.severity.keys());
    codes
        .filter(|c| !selector_is_known(c, &rules) && !crate::engine::is_shellcheck_code(c))
        .map(|c| {
            format!(
                "{}:{}: unknown rule code `{c}`",
                path.display(),
                find_line(text, c).unwrap_or(1)
            )
        })
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The first line mentioning `needle` (for messages about values serde accepted).
fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|i| line_of(text, i))
}

/// hadolint's environment variables (`hadolint.md` §5) as a settings layer; `var` looks
/// a variable up (`std::env::var` in the CLI, a map in tests).
pub fn hadolint_env_layer(var: impl Fn(&str) -> Option<String>) -> SettingsLayer {
    let truthy = |name: &str| {
        var(name).map(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "y" | "on" | "true" | "yes"
            )
        })
    };
    let list = |name: &str| -> Vec<String> {
        var(name)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut severity = BTreeMap::new();
    for (name, level) in [
        ("HADOLINT_OVERRIDE_STYLE", Severity::Style),
        ("HADOLINT_OVERRIDE_INFO", Severity::Info),
        ("HADOLINT_OVERRIDE_WARNING", Severity::Warning),
        ("HADOLINT_OVERRIDE_ERROR", Severity::Error),
    ] {
        for code in list(name) {
            severity.insert(code, level);
        }
    }
    let label_schema = list("HADOLINT_REQUIRE_LABELS")
        .into_iter()
        .filter_map(|item| {
            let (name, kind) = item.split_once(':').unwrap_or((&item, ""));
            LabelType::parse(kind).map(|t| (name.to_string(), t))
        })
        .collect();
    SettingsLayer {
        ignore: list("HADOLINT_IGNORE"),
        severity,
        failure_threshold: var("HADOLINT_FAILURE_THRESHOLD").and_then(|v| match v.trim() {
            "none" | "ignore" => Some(Severity::Style),
            other => Severity::parse(other),
        }),
        no_fail: truthy("HADOLINT_NOFAIL"),
        trusted_registries: list("HADOLINT_TRUSTED_REGISTRIES"),
        label_schema,
        strict_labels: truthy("HADOLINT_STRICT_LABELS"),
        disable_ignore_pragma: truthy("HADOLINT_DISABLE_IGNORE_PRAGMA"),
        ..SettingsLayer::default()
    }
}
