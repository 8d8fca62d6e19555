//! The command line grammar (clap derive). Turning these values into settings and
//! actions happens in `commands/`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit status:
  0  no finding at or above the failure threshold (and no --diff output)
  1  findings at or above the failure threshold, or --diff would change a file
  2  usage error, configuration error, or a file that could not be read or written

`dlint PATHS...` is short for `dlint check PATHS...`.";

#[derive(Debug, Parser)]
#[command(
    name = "dlint",
    bin_name = "dlint",
    version,
    about = "A fast, BuildKit-exact Dockerfile linter and language server",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Dockerfiles (files, directories, or `-` for stdin).
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted and ignored: stdio is the only transport, but many LSP clients pass
        /// `--stdio` to every server they start.
        #[arg(long)]
        stdio: bool,
    },
    /// List every rule: code, name, default severity, fixability.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule code (`DL3008`, `StageNameCasing`) or name (`pin-apt-versions`).
        code: String,
    },
    /// Inspect configuration.
    Config(ConfigArgs),
    /// Developer tools.
    #[command(subcommand)]
    Debug(DebugCommand),
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the table as JSON instead of text.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the effective settings for PATH and where each value came from.
    #[arg(long)]
    pub show: bool,
    /// The Dockerfile (or directory) whose settings to show; default: `./Dockerfile`.
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print FILE's parse in BuildKit's parser-test `result` format.
    BuildkitDump {
        /// The Dockerfile (`-` for stdin).
        file: PathBuf,
    },
}

/// Flags that change lint settings; shared by `check` and `config --show` so that
/// `config --show` explains exactly what `check` would use.
#[derive(Clone, Debug, Default, Args)]
pub struct SettingsArgs {
    /// Use this configuration file instead of looking for `.dlint.toml` /
    /// `.hadolint.yaml` next to each Dockerfile and above it.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore all configuration files.
    #[arg(long)]
    pub no_config: bool,
    /// Only run these rules (codes, names, prefixes like `DL30`, groups like `BuildKit`,
    /// or `ALL`). Replaces the configuration's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (added to the configuration's `ignore`).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Change a rule's severity: `--severity DL3008=error` (repeatable).
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,
    /// hadolint-compatible: report these rules as errors.
    #[arg(long, value_name = "RULE", hide_short_help = true)]
    pub error: Vec<String>,
    /// hadolint-compatible: report these rules as warnings.
    #[arg(long, value_name = "RULE", hide_short_help = true)]
    pub warning: Vec<String>,
    /// hadolint-compatible: report these rules as info.
    #[arg(long, value_name = "RULE", hide_short_help = true)]
    pub info: Vec<String>,
    /// hadolint-compatible: report these rules as style.
    #[arg(long, value_name = "RULE", hide_short_help = true)]
    pub style: Vec<String>,
    /// Fail (exit 1) on findings at or above this level: error, warning, info (default)
    /// or style (`none`/`ignore` mean style, as in hadolint).
    #[arg(short = 't', long, value_name = "LEVEL")]
    pub failure_threshold: Option<String>,
    /// Always exit 0 when linting succeeded, whatever was found.
    #[arg(long)]
    pub no_fail: bool,
    /// A registry DL3026 allows (repeatable; enables DL3026).
    #[arg(long, value_name = "REGISTRY")]
    pub trusted_registry: Vec<String>,
    /// Run ShellCheck on RUN scripts (SC codes; needs a `shellcheck` binary). Off by
    /// default in batch runs unless the config file sets `shellcheck = true`.
    #[arg(long, conflicts_with = "no_shellcheck")]
    pub shellcheck: bool,
    /// Skip the ShellCheck checks of RUN scripts, even when the config file turns them on.
    #[arg(long)]
    pub no_shellcheck: bool,
    /// Ignore `# dlint ignore=` / `# hadolint ignore=` comments.
    #[arg(long)]
    pub disable_ignore_pragma: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads stdin. Default: the current directory.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// The name to report for stdin, also used to find its configuration.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Apply safe fixes, rewriting the files.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, change nothing, and exit 1 if
    /// the diff is not empty.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Never colour the text output (also: the NO_COLOR environment variable).
    #[arg(long)]
    pub no_color: bool,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

/// Registry lookups for `FROM` images. Off unless `--registry` is given, so that a
/// plain `dlint check` (pre-commit, CI) never needs the network.
#[derive(Clone, Debug, Default, Args)]
pub struct RegistryArgs {
    /// Check FROM images against their registries (image, tag, platform, `latest`);
    /// with --fix, pin them to the digest they use.
    #[arg(long)]
    pub registry: bool,
    /// With --registry: answer only from the registry cache, never the network.
    #[arg(long, requires = "registry")]
    pub offline: bool,
    /// With --registry: contact only this host (`host`, `host:port`, `*.suffix`;
    /// repeatable).
    #[arg(long, value_name = "HOST", requires = "registry")]
    pub registry_allow: Vec<String>,
    /// With --registry: never contact this host (repeatable; wins over --registry-allow).
    #[arg(long, value_name = "HOST", requires = "registry")]
    pub registry_deny: Vec<String>,
    /// With --registry: this registry may be used over plain http (repeatable; loopback
    /// always may).
    #[arg(long, value_name = "HOST", requires = "registry")]
    pub insecure_registry: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Code frames with the range underlined (coloured on a terminal).
    #[value(alias = "tty")]
    Text,
    /// An array of findings.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab Code Quality (Code Climate subset).
    #[value(alias = "gitlab_codeclimate")]
    Gitlab,
    /// GitHub Actions workflow annotations.
    Github,
    /// JUnit XML.
    Junit,
}

const SUBCOMMANDS: [&str; 7] = [
    "check", "lsp", "rules", "explain", "config", "debug", "help",
];

/// Lets `dlint PATHS…` (and `dlint --format json PATHS…`) mean `dlint check …`: when the
/// first argument is neither a subcommand nor a top-level flag, `check` is inserted.
pub fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_owned);
    let top_level =
        |a: &str| SUBCOMMANDS.contains(&a) || matches!(a, "-h" | "--help" | "-V" | "--version");
    match first {
        Some(a) if top_level(&a) => {}
        _ if args.is_empty() => {}
        _ => args.insert(1, OsString::from("check")),
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(args: &[&str]) -> Vec<String> {
        let v = args.iter().map(OsString::from).collect();
        with_default_command(v)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn paths_default_to_check() {
        assert_eq!(
            expand(&["dlint", "Dockerfile"]),
            ["dlint", "check", "Dockerfile"]
        );
        assert_eq!(
            expand(&["dlint", "-f", "json", "x"]),
            ["dlint", "check", "-f", "json", "x"]
        );
        assert_eq!(expand(&["dlint"]), ["dlint", "check"]);
        assert_eq!(expand(&["dlint", "rules"]), ["dlint", "rules"]);
        assert_eq!(expand(&["dlint", "--help"]), ["dlint", "--help"]);
    }

    #[test]
    fn grammar_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
