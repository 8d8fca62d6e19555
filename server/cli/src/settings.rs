//! From command-line flags to `dlint_linter` settings: flags become one
//! [`SettingsLayer`] applied last (so they beat any configuration file), and each
//! directory's configuration is resolved once and shared by the files in it.

use crate::args::SettingsArgs;
use dlint_linter::config::load_config;
use dlint_linter::{
    ConfigError, ConfigKind, ConfigSource, Resolved, Settings, SettingsLayer, Severity,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A level name as the command line accepts it (`none`/`ignore` = style, as hadolint).
pub fn parse_level(text: &str) -> Result<Severity, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "none" | "ignore" => Ok(Severity::Style),
        other => Severity::parse(other).ok_or_else(|| {
            format!("unknown level `{text}` (expected error, warning, info or style)")
        }),
    }
}

/// The command line's settings layer. Errors are usage errors (exit 2).
pub fn overrides(args: &SettingsArgs) -> Result<SettingsLayer, String> {
    let mut layer = SettingsLayer::default();
    if !args.select.is_empty() {
        layer.select = Some(args.select.clone());
    }
    layer.ignore = args.ignore.clone();
    for item in &args.severity {
        let (code, level) = item
            .split_once('=')
            .ok_or_else(|| format!("--severity expects RULE=LEVEL, got `{item}`"))?;
        let level = parse_level(level)?;
        if level == Severity::Style && matches!(level_word(item), "none" | "ignore") {
            return Err(format!(
                "--severity {item}: use --ignore {code} to turn a rule off"
            ));
        }
        layer.severity.insert(code.trim().to_string(), level);
    }
    for (codes, level) in [
        (&args.style, Severity::Style),
        (&args.info, Severity::Info),
        (&args.warning, Severity::Warning),
        (&args.error, Severity::Error),
    ] {
        for code in codes {
            layer.severity.insert(code.clone(), level);
        }
    }
    if let Some(t) = &args.failure_threshold {
        layer.failure_threshold =
            Some(parse_level(t).map_err(|e| format!("--failure-threshold: {e}"))?);
    }
    if args.no_fail {
        layer.no_fail = Some(true);
    }
    layer.trusted_registries = args.trusted_registry.clone();
    if args.shellcheck {
        layer.shellcheck = Some(true);
    }
    if args.no_shellcheck {
        layer.shellcheck = Some(false);
    }
    if args.disable_ignore_pragma {
        layer.disable_ignore_pragma = Some(true);
    }
    Ok(layer)
}

/// Defaults that differ between a batch run and the editor: ShellCheck starts one
/// external process per batch of scripts, which pre-commit and CI runs should not pay
/// for unless asked (`--shellcheck`, or `shellcheck = true` in the config file).
fn batch_defaults(mut resolved: Resolved) -> Resolved {
    if !resolved.layers.iter().any(|(_, l)| l.shellcheck.is_some()) {
        resolved.settings.shellcheck = false;
    }
    resolved
}

fn level_word(item: &str) -> &str {
    item.rsplit_once('=').map_or("", |(_, l)| l.trim())
}

/// A configuration file as loaded: its source, its layer and its warnings.
type Loaded = Result<(ConfigSource, SettingsLayer, Vec<String>), ConfigError>;

/// Where configuration comes from for this run.
enum Mode {
    /// The nearest `.dlint.toml` / `.hadolint.yaml` above each file.
    Discover,
    /// One file for everything (`--config`), loaded once.
    Fixed(Box<Loaded>),
    /// `--no-config`.
    None,
}

/// Resolves and caches settings per directory.
pub struct Resolver {
    mode: Mode,
    overrides: SettingsLayer,
    cache: HashMap<PathBuf, Arc<Result<Resolved, ConfigError>>>,
}

impl Resolver {
    pub fn new(args: &SettingsArgs) -> Result<Resolver, String> {
        let overrides = overrides(args)?;
        let mode = match (&args.config, args.no_config) {
            (Some(path), _) => Mode::Fixed(Box::new(load_config(path))),
            (None, true) => Mode::None,
            (None, false) => Mode::Discover,
        };
        Ok(Resolver {
            mode,
            overrides,
            cache: HashMap::new(),
        })
    }

    /// The settings for the Dockerfile at `path` (which need not exist: stdin's name).
    pub fn for_file(&mut self, path: &Path) -> Arc<Result<Resolved, ConfigError>> {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(hit) = self.cache.get(&dir) {
            return hit.clone();
        }
        let resolved = Arc::new(self.resolve(path).map(batch_defaults));
        self.cache.insert(dir, resolved.clone());
        resolved
    }

    fn resolve(&self, path: &Path) -> Result<Resolved, ConfigError> {
        // A relative path with no directory (`Dockerfile`) must still walk up from `.`.
        let path = if path.parent().is_none_or(|p| p.as_os_str().is_empty()) {
            Path::new(".").join(path)
        } else {
            path.to_path_buf()
        };
        let file_layer = match &self.mode {
            Mode::Discover => return Settings::resolve_for(&path, &self.overrides),
            Mode::Fixed(loaded) => Some(loaded.as_ref().clone()?),
            Mode::None => None,
        };
        let mut settings = Settings::default();
        let mut layers = Vec::new();
        let mut warnings = Vec::new();
        if let Some((source, layer, w)) = file_layer {
            settings.apply(&layer);
            layers.push((source, layer));
            warnings = w;
        }
        settings.apply(&self.overrides);
        layers.push((
            ConfigSource {
                kind: ConfigKind::Overrides,
                path: None,
            },
            self.overrides.clone(),
        ));
        Ok(Resolved {
            settings,
            layers,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_a_layer() {
        let args = SettingsArgs {
            select: vec!["DL".into()],
            ignore: vec!["DL3008".into()],
            severity: vec!["DL3009=error".into()],
            style: vec!["DL3010".into()],
            failure_threshold: Some("none".into()),
            no_shellcheck: true,
            ..SettingsArgs::default()
        };
        let layer = overrides(&args).unwrap();
        assert_eq!(layer.select, Some(vec!["DL".to_string()]));
        assert_eq!(layer.ignore, ["DL3008"]);
        assert_eq!(layer.severity["DL3009"], Severity::Error);
        assert_eq!(layer.severity["DL3010"], Severity::Style);
        assert_eq!(layer.failure_threshold, Some(Severity::Style));
        assert_eq!(layer.shellcheck, Some(false));
        let on = SettingsArgs {
            shellcheck: true,
            ..SettingsArgs::default()
        };
        assert_eq!(overrides(&on).unwrap().shellcheck, Some(true));
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        for args in [
            SettingsArgs {
                severity: vec!["DL3009".into()],
                ..Default::default()
            },
            SettingsArgs {
                severity: vec!["DL3009=loud".into()],
                ..Default::default()
            },
            SettingsArgs {
                severity: vec!["DL3009=none".into()],
                ..Default::default()
            },
            SettingsArgs {
                failure_threshold: Some("x".into()),
                ..Default::default()
            },
        ] {
            assert!(overrides(&args).is_err(), "{args:?}");
        }
    }
}
