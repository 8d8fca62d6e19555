use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::shell::{ShellCommand, ShellWord};
use crate::support::scope::global_args;
use crate::support::vars::expand;
use dlint_syntax::{Body, InstructionKind};

declare_rule! {
    /// ## What it does
    /// Reports a compiler or other build tool installed with a package manager in the
    /// final image.
    ///
    /// Package managers: `apt-get`/`apt`/`aptitude install`, `apk add`,
    /// `yum`/`dnf`/`microdnf`/`tdnf install`, `zypper install`. The final image is the
    /// last stage (or the `--target` stage) and the stages it is built `FROM`; a
    /// single-stage build is its own final stage. Build tools are
    /// `gcc`, `g++`, `clang`, `make`, `cmake`, `build-essential`, `build-base`, the
    /// autotools, `pkg-config`, `git`, the Go and Rust toolchains, Maven and Gradle,
    /// kernel headers, and development packages (`*-dev`, `*-devel`). Each such
    /// package word is reported.
    ///
    /// Not reported: packages removed again in the same `RUN` (`apt-get purge gcc`,
    /// `apk del` of the `--virtual` group they were added with, or Debian's
    /// `apt-mark auto '.*'` followed by `apt-get purge --auto-remove`), packages named by
    /// a variable, installs in stages that do not end up in the image, and build
    /// environments by design: Dockerfiles under a `.devcontainer` directory, and final
    /// images based on a toolchain image (`buildpack-deps`, `gcc`, `golang`, `rust`,
    /// `maven`, `gradle`, `…/sdk` such as `mcr.microsoft.com/dotnet/sdk`), which ships
    /// compilers already.
    ///
    /// ## Why is this bad?
    /// Compilers, headers and version-control tools are needed to build the software,
    /// not to run it. Left in the final image they make it larger, slower to pull and
    /// give an attacker more to work with. A multi-stage build keeps them in a build
    /// stage and copies only the result into a small final stage. Removing them in a
    /// later `RUN` does not help: the layer that installed them is still in the image.
    ///
    /// When the tool is really needed at run time (a CI runner that calls `git`), ignore
    /// the finding with `# dlint ignore=DF015` above the `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc make
    /// COPY . /src
    /// RUN make -C /src
    /// ```
    ///
    /// Use instead (a build stage, and only the program in the final image):
    /// ```dockerfile
    /// FROM debian:12 AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc make
    /// COPY . /src
    /// RUN make -C /src
    ///
    /// FROM debian:12
    /// COPY --from=build /src/app /usr/local/bin/app
    /// ```
    pub static RULE = {
        code: "DF015",
        name: "build-tools-in-final-stage",
        origin: Origin::Dlint,
        default_severity: Severity::Info,
        check: check,
    };
}

/// A package manager: its command names, the subcommands that install and remove
/// packages, and the options that take a separate value and may come before the
/// subcommand (`apt-get -o Dpkg::Use-Pty=0 install …`). Other options' values can only
/// be taken for packages, and they are never build-tool names.
struct Manager {
    names: &'static [&'static str],
    install: &'static [&'static str],
    remove: &'static [&'static str],
    takes_value: &'static [&'static str],
}

const MANAGERS: [Manager; 4] = [
    Manager {
        names: &["apt-get", "apt", "aptitude"],
        install: &["install"],
        remove: &["remove", "purge"],
        takes_value: &["-o", "-t", "-c"],
    },
    Manager {
        names: &["apk"],
        install: &["add"],
        remove: &["del"],
        takes_value: &["-X", "-p", "--repository", "--virtual", "-t"],
    },
    Manager {
        names: &["yum", "dnf", "microdnf", "tdnf"],
        install: &["install"],
        remove: &["remove", "erase"],
        takes_value: &[
            "-x",
            "--exclude",
            "--setopt",
            "--enablerepo",
            "--disablerepo",
        ],
    },
    Manager {
        names: &["zypper"],
        install: &["install", "in"],
        remove: &["remove", "rm"],
        takes_value: &["-r", "--repo", "--from"],
    },
];

/// Package names (Debian, Alpine, Fedora/RHEL, SUSE) that are build tools.
const BUILD_TOOLS: [&str; 31] = [
    "build-essential",
    "build-base",
    "gcc",
    "gcc-c++",
    "g++",
    "c++",
    "clang",
    "make",
    "cmake",
    "ninja-build",
    "meson",
    "autoconf",
    "automake",
    "libtool",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "bison",
    "flex",
    "gfortran",
    "git",
    "golang",
    "golang-go",
    "go",
    "rust",
    "rustc",
    "cargo",
    "maven",
    "gradle",
    "linux-headers",
    "kernel-devel",
];

/// Versioned names of these (`gcc-12`, `clang-17`, `golang-1.22`) are build tools too.
const VERSIONED_PREFIXES: [&str; 5] = ["gcc-", "g++-", "clang-", "golang-", "llvm-"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // A dev container is a development environment: build tools are its purpose.
    let dev_container = ctx
        .path
        .is_some_and(|p| p.components().any(|c| c.as_os_str() == ".devcontainer"));
    if dev_container {
        return;
    }
    let image_stages = image_stages(ctx);
    if image_stages
        .last()
        .is_some_and(|&root| toolchain_base(ctx, root))
    {
        return;
    }
    let multi_stage = ctx.stages.len() > 1;
    for (index, ins) in ctx.instructions().iter().enumerate() {
        // ONBUILD triggers run in another build; other shells are not read as POSIX.
        if ins.kind != InstructionKind::Run || !ctx.shell(index).is_posix() {
            continue;
        }
        if !ctx
            .stage_of(index)
            .is_some_and(|s| image_stages.contains(&s))
        {
            continue;
        }
        let scripts = ctx.scripts(index);
        let commands: Vec<&ShellCommand> = scripts.iter().flat_map(|s| s.commands.iter()).collect();
        for (at, cmd) in commands.iter().enumerate() {
            let Some(manager) = MANAGERS.iter().find(|m| m.names.iter().any(|n| cmd.is(n))) else {
                continue;
            };
            let Some((sub, packages)) = split_subcommand(cmd, manager) else {
                continue;
            };
            if !manager.install.contains(&sub) {
                continue;
            }
            let later = &commands[at + 1..];
            if removes_all(later, cmd, manager) {
                continue;
            }
            for word in packages {
                let Some(name) = build_tool_name(&word.value) else {
                    continue;
                };
                if removes(later, manager, name) {
                    continue;
                }
                let advice = if multi_stage {
                    "install it in a build stage and copy only the results into the final stage"
                } else {
                    "use a multi-stage build: install it in a build stage and copy only the results"
                };
                out.push(RULE.diag(
                    word.span,
                    format!("build tool `{name}` stays in the final image; {advice}"),
                ));
            }
        }
    }
}

/// The stages whose file system is the image: the target stage (the configured
/// `--target`, else the last one) and the stages it is built `FROM`.
fn image_stages(ctx: &Context) -> Vec<usize> {
    let target = ctx.settings.target.as_deref().and_then(|t| {
        ctx.stages
            .iter()
            .position(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t)))
    });
    let Some(mut at) = target.or(ctx.stages.len().checked_sub(1)) else {
        return Vec::new();
    };
    let mut out = vec![at];
    while let Some(parent) = ctx.stages[at].parent.filter(|p| !out.contains(p)) {
        out.push(parent);
        at = parent;
    }
    out
}

/// Images whose purpose is building software: they ship compilers already, so the
/// final image is a build environment by choice and one more tool adds no new risk.
const TOOLCHAIN_IMAGES: [&str; 7] = [
    "buildpack-deps",
    "gcc",
    "golang",
    "rust",
    "maven",
    "gradle",
    "sdk",
];

/// The stage's `FROM` image (variables expanded with the global ARG defaults) is a
/// toolchain image: `golang:1.23`, `buildpack-deps:bookworm`,
/// `mcr.microsoft.com/dotnet/sdk:9.0`.
fn toolchain_base(ctx: &Context, stage: usize) -> bool {
    let Body::From {
        image: Some(word), ..
    } = &ctx.instructions()[ctx.stages[stage].from].body
    else {
        return false;
    };
    let args = global_args(ctx.dockerfile);
    let lookup = |name: &str| {
        let arg = args.iter().rev().find(|a| a.name.text == name)?;
        let default = arg.default.as_ref()?;
        Some(default.text.trim_matches(['"', '\'']).to_string())
    };
    let Ok(expanded) = expand(&word.text, ctx.dockerfile.escape, &lookup) else {
        return false;
    };
    let image = expanded.value.split('@').next().unwrap_or_default();
    let repository = image.rsplit('/').next().unwrap_or_default();
    let name = repository.split(':').next().unwrap_or_default();
    TOOLCHAIN_IMAGES.contains(&name.to_ascii_lowercase().as_str())
}

/// The subcommand and the package words after it.
fn split_subcommand<'a>(
    cmd: &'a ShellCommand,
    manager: &Manager,
) -> Option<(&'a str, Vec<&'a ShellWord>)> {
    let words = cmd.positionals(manager.takes_value);
    let (sub, packages) = words.split_first()?;
    Some((sub.value.as_str(), packages.to_vec()))
}

/// The build tool a package word installs, without version or architecture
/// (`gcc=4:12.2.0-3`, `gcc-12`, `gcc-8.5.0-39.el7` → `gcc`), or `None` for other packages and for words the
/// Dockerfile decides elsewhere (variables, local package files, paths).
fn build_tool_name(word: &str) -> Option<&str> {
    if word.contains(['$', '/']) || word.ends_with(".deb") || word.ends_with(".rpm") {
        return None;
    }
    let name = word.split(['=', '<', '>', '~', ':']).next().unwrap_or(word);
    // rpm pins append `-<version>`: `gcc-8.5.0` is gcc.
    let unversioned = name
        .char_indices()
        .find(|&(i, c)| c == '-' && name[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        .map_or(name, |(i, _)| &name[..i]);
    let is_tool = |n: &str| {
        BUILD_TOOLS.contains(&n)
            || n.ends_with("-dev")
            || n.ends_with("-devel")
            || VERSIONED_PREFIXES.iter().any(|p| n.starts_with(p))
    };
    if is_tool(unversioned) {
        Some(unversioned)
    } else {
        is_tool(name).then_some(name)
    }
}

/// A later command of the same manager family removes package `name`.
fn removes(later: &[&ShellCommand], manager: &Manager, name: &str) -> bool {
    later.iter().any(|c| {
        manager.names.iter().any(|n| c.is(n))
            && split_subcommand(c, manager).is_some_and(|(sub, words)| {
                manager.remove.contains(&sub)
                    && words
                        .iter()
                        .any(|w| build_tool_name(&w.value) == Some(name) || w.value == name)
            })
    })
}

/// Everything `install` added is removed later in the same RUN: `apk del` of its
/// `--virtual` group, or `apt-mark auto` followed by an auto-removing `apt-get purge`
/// (the idiom of Docker's official images).
fn removes_all(later: &[&ShellCommand], install: &ShellCommand, manager: &Manager) -> bool {
    if install.is("apk") {
        let Some(group) = install.option_value(&["--virtual", "-t"]) else {
            return false;
        };
        return removes(later, manager, group);
    }
    if !manager.names.contains(&"apt-get") {
        return false;
    }
    // `apt-mark auto '.*'`, or `apt-mark showmanual | xargs apt-mark auto`.
    let marks_auto = |c: &&ShellCommand| {
        let words: Vec<&str> = std::iter::once(&c.name)
            .chain(&c.args)
            .map(|w| w.value.as_str())
            .collect();
        words
            .windows(2)
            .any(|w| w[0].rsplit('/').next() == Some("apt-mark") && w[1] == "auto")
    };
    let Some(mark) = later.iter().position(marks_auto) else {
        return false;
    };
    later[mark + 1..].iter().any(|c| {
        (c.is("apt-get") || c.is("apt"))
            && split_subcommand(c, manager).is_some_and(|(sub, _)| {
                sub == "autoremove"
                    || manager.remove.contains(&sub)
                        && c.has_flag(&["--auto-remove", "--autoremove"])
            })
    })
}

#[cfg(test)]
mod tests {
    use super::build_tool_name;

    #[test]
    fn build_tool_names() {
        assert_eq!(build_tool_name("gcc"), Some("gcc"));
        assert_eq!(build_tool_name("gcc=4:12.2.0-3"), Some("gcc"));
        assert_eq!(build_tool_name("gcc-12"), Some("gcc"));
        assert_eq!(build_tool_name("gcc-8.5.0-39.el7"), Some("gcc"));
        assert_eq!(build_tool_name("libssl1.1-dev"), Some("libssl1.1-dev"));
        assert_eq!(build_tool_name("libssl-dev:amd64"), Some("libssl-dev"));
        assert_eq!(build_tool_name("openssl-devel"), Some("openssl-devel"));
        assert_eq!(build_tool_name("build-base~=0.5"), Some("build-base"));
        assert_eq!(build_tool_name("curl"), None);
        assert_eq!(build_tool_name("udev"), None);
        assert_eq!(build_tool_name("libgcc-s1"), None);
        assert_eq!(build_tool_name("$BUILD_DEPS"), None);
        assert_eq!(build_tool_name("./gcc.deb"), None);
    }
}
