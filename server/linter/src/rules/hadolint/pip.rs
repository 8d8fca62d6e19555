//! Recognising pip invocations: `pip`, `pip3`, `pip3.12`, `python -m pip`, `pipx`.

use crate::shell::ShellCommand;

/// Options of `pip install` (and `pipx install`) that take a separate value.
pub const PIP_TAKES_VALUE: &[&str] = &[
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--trusted-host",
    "--build",
    "--prefix",
    "--root",
    "--target",
    "-t",
    "--python",
    "--root-user-action",
    "-f",
    "--find-links",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--src",
    "--upgrade-strategy",
    "--progress-bar",
    "--log",
    "--cache-dir",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "--config-settings",
    "-C",
    "--no-binary",
    "--only-binary",
    "--report",
    "--pip-args",
    "--suffix",
    "-e",
    "--editable",
];

/// `pip`, `pip2`, `pip3`, `pip3.12`.
fn is_pip_name(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.strip_prefix("pip")
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The command as pip sees it: `python3 -m pip install x` becomes `pip install x`.
/// `pipx` is included when `with_pipx`; `pipenv` never is (it pins via its lock file).
pub fn as_pip(cmd: &ShellCommand, with_pipx: bool) -> Option<ShellCommand> {
    let name = cmd.name.value.as_str();
    if is_pip_name(name) || (with_pipx && cmd.is("pipx")) {
        return Some(cmd.clone());
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    let python = base
        .strip_prefix("python")
        .is_some_and(|r| r.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    if python && cmd.args.len() >= 2 && cmd.args[0].value == "-m" && is_pip_name(&cmd.args[1].value)
    {
        let mut inner = cmd.clone();
        inner.name = cmd.args[1].clone();
        inner.args = cmd.args[2..].to_vec();
        return Some(inner);
    }
    None
}
