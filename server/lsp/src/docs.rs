//! dlint's own reference text for instructions, flags and their values: one table that
//! drives hover and completion.

use dlint_syntax::InstructionKind;

/// What an instruction does, in one or two sentences, and its syntax.
pub fn instruction_doc(kind: InstructionKind) -> Option<(&'static str, &'static str)> {
    use InstructionKind::*;
    Some(match kind {
        Add => ("ADD [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--checksum=<hash>] [--keep-git-dir] <src>... <dest>",
                "Copies files, directories, remote URLs or Git repositories into the image. Local tar archives are unpacked. Prefer COPY for plain local files."),
        Arg => ("ARG <name>[=<default>] ...",
                "Declares a build argument that `--build-arg` can set. Before the first FROM it is global and usable only in FROM lines unless a stage declares it again without a value."),
        Cmd => ("CMD [\"executable\", \"param\"...]  |  CMD command param...",
                "Sets the default command of a container (or the default arguments of ENTRYPOINT). Only the last CMD of a stage counts."),
        Copy => ("COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<pattern>] <src>... <dest>",
                 "Copies files from the build context, or from another stage or image with `--from`, into the image."),
        Entrypoint => ("ENTRYPOINT [\"executable\", \"param\"...]  |  ENTRYPOINT command param...",
                       "Sets the executable a container runs. CMD then supplies default arguments. The exec (JSON) form lets signals reach the process."),
        Env => ("ENV <key>=<value> ...",
                "Sets environment variables for the rest of the stage, for stages built on it, and for containers started from the image."),
        Expose => ("EXPOSE <port>[/<tcp|udp>] ...",
                   "Documents the ports the container listens on. It publishes nothing by itself."),
        From => ("FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]",
                 "Starts a build stage on a base image, on `scratch`, or on an earlier stage. `AS` names the stage for `COPY --from` and `--target`."),
        Healthcheck => ("HEALTHCHECK [--interval=30s] [--timeout=30s] [--start-period=0s] [--start-interval=5s] [--retries=3] CMD <command>  |  HEALTHCHECK NONE",
                        "Tells the container runtime how to test that the container still works; `NONE` disables a check inherited from the base image."),
        Label => ("LABEL <key>=<value> ...", "Adds metadata to the image as key-value pairs."),
        Maintainer => ("MAINTAINER <name>",
                       "Deprecated: sets the author field. Use `LABEL org.opencontainers.image.authors=\"...\"` instead."),
        Onbuild => ("ONBUILD <instruction>",
                    "Registers an instruction that runs when another build uses this image as its base."),
        Run => ("RUN [--mount=<options>] [--network=<default|none|host>] [--security=<sandbox|insecure>] <command>  |  RUN [\"executable\", \"param\"...]",
                "Runs a command in a new layer on top of the current image. Shell form runs through the SHELL (`/bin/sh -c` by default)."),
        Shell => ("SHELL [\"executable\", \"param\"...]",
                  "Replaces the shell used by the shell form of RUN, CMD and ENTRYPOINT for the rest of the stage."),
        Stopsignal => ("STOPSIGNAL <signal>",
                       "Sets the signal sent to the container to stop it: a name like `SIGTERM` or a number."),
        User => ("USER <user>[:<group>]",
                 "Sets the user (and group) for the rest of the stage's RUN, CMD and ENTRYPOINT instructions."),
        Volume => ("VOLUME [\"/path\"...]  |  VOLUME /path ...",
                   "Marks paths as mount points for external volumes. Changes to them by later build steps are discarded."),
        Workdir => ("WORKDIR <path>",
                    "Sets the working directory for the instructions that follow, creating it if needed. Relative paths are relative to the previous WORKDIR."),
        Unknown => return None,
    })
}

/// A flag of some instruction.
pub struct FlagDoc {
    pub name: &'static str,
    pub kinds: &'static [InstructionKind],
    /// Shown after `--name=` in completion, `None` for a boolean flag.
    pub value_hint: Option<&'static str>,
    pub doc: &'static str,
    /// Fixed values the flag takes, if any.
    pub values: &'static [&'static str],
}

use InstructionKind as K;

pub const FLAGS: &[FlagDoc] = &[
    FlagDoc { name: "platform", kinds: &[K::From], value_hint: Some("<platform>"),
              doc: "Platform of the base image, e.g. `linux/amd64`. `$BUILDPLATFORM` builds on the host's platform (for cross-compiling); `$TARGETPLATFORM` is the default.",
              values: &["$BUILDPLATFORM", "$TARGETPLATFORM", "linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386", "linux/ppc64le", "linux/s390x", "linux/riscv64", "windows/amd64"] },
    FlagDoc { name: "mount", kinds: &[K::Run], value_hint: Some("type=<bind|cache|tmpfs|secret|ssh>,<options>"),
              doc: "Mounts something for this RUN only: a cache directory kept between builds, a secret, an SSH agent socket, a tmpfs, or files from the context or another stage.",
              values: &[] },
    FlagDoc { name: "network", kinds: &[K::Run], value_hint: Some("<default|none|host>"),
              doc: "Network access of the command: `default`, `none` (no network), or `host` (needs the `network.host` entitlement).",
              values: &["default", "none", "host"] },
    FlagDoc { name: "security", kinds: &[K::Run], value_hint: Some("<sandbox|insecure>"),
              doc: "`insecure` runs the command without the sandbox (needs the `security.insecure` entitlement); `sandbox` is the default.",
              values: &["sandbox", "insecure"] },
    FlagDoc { name: "from", kinds: &[K::Copy], value_hint: Some("<stage|image|context>"),
              doc: "Copies from an earlier build stage (by name or index), an image, or a named build context instead of the build context.",
              values: &[] },
    FlagDoc { name: "chown", kinds: &[K::Copy, K::Add], value_hint: Some("<user>:<group>"),
              doc: "Owner of the copied files, as names or numeric ids. Names are looked up in the image's `/etc/passwd` and `/etc/group`.",
              values: &[] },
    FlagDoc { name: "chmod", kinds: &[K::Copy, K::Add], value_hint: Some("<perms>"),
              doc: "Permissions of the copied files, in octal (`755`) or symbolic (`u=rwx,go=rx`) notation.",
              values: &[] },
    FlagDoc { name: "link", kinds: &[K::Copy, K::Add], value_hint: None,
              doc: "Copies into an independent layer, so the layer can be reused when earlier layers change and rebased without a rebuild.",
              values: &[] },
    FlagDoc { name: "parents", kinds: &[K::Copy], value_hint: None,
              doc: "Keeps the parent directories of the source paths under the destination.",
              values: &[] },
    FlagDoc { name: "exclude", kinds: &[K::Copy, K::Add], value_hint: Some("<pattern>"),
              doc: "Leaves out files matching the pattern (may be given several times).",
              values: &[] },
    FlagDoc { name: "checksum", kinds: &[K::Add], value_hint: Some("sha256:<hash>"),
              doc: "Verifies a remote source against this digest.",
              values: &[] },
    FlagDoc { name: "keep-git-dir", kinds: &[K::Add], value_hint: None,
              doc: "Keeps the `.git` directory when adding a Git repository.",
              values: &[] },
    FlagDoc { name: "interval", kinds: &[K::Healthcheck], value_hint: Some("<duration>"),
              doc: "Time between checks (default `30s`).", values: &["30s", "1m", "5m"] },
    FlagDoc { name: "timeout", kinds: &[K::Healthcheck], value_hint: Some("<duration>"),
              doc: "Time after which one check counts as failed (default `30s`).", values: &["10s", "30s"] },
    FlagDoc { name: "start-period", kinds: &[K::Healthcheck], value_hint: Some("<duration>"),
              doc: "Start-up time during which failures do not count (default `0s`).", values: &["0s", "30s", "1m"] },
    FlagDoc { name: "start-interval", kinds: &[K::Healthcheck], value_hint: Some("<duration>"),
              doc: "Time between checks during the start period (default `5s`).", values: &["5s"] },
    FlagDoc { name: "retries", kinds: &[K::Healthcheck], value_hint: Some("<n>"),
              doc: "Consecutive failures before the container is unhealthy (default `3`).", values: &["3"] },
];

pub fn flags_of(kind: InstructionKind) -> impl Iterator<Item = &'static FlagDoc> {
    FLAGS.iter().filter(move |f| f.kinds.contains(&kind))
}

pub fn flag(kind: InstructionKind, name: &str) -> Option<&'static FlagDoc> {
    flags_of(kind).find(|f| f.name.eq_ignore_ascii_case(name))
}

/// A `--mount` option.
pub struct MountKey {
    pub name: &'static str,
    /// Mount types that accept it.
    pub types: &'static [&'static str],
    pub doc: &'static str,
    pub values: &'static [&'static str],
}

pub const MOUNT_TYPES: &[(&str, &str)] = &[
    ("bind", "Bind-mounts files from the build context or another stage (read-only unless `rw`)."),
    ("cache", "A cache directory kept between builds, e.g. for package managers and compilers."),
    ("tmpfs", "An empty in-memory file system."),
    ("secret", "A secret file (or environment variable with `env`) from `--secret`, never stored in the image."),
    ("ssh", "The SSH agent socket from `--ssh`, for cloning private repositories."),
];

pub const MOUNT_KEYS: &[MountKey] = &[
    MountKey { name: "type", types: &[], doc: "Kind of mount: bind (default), cache, tmpfs, secret or ssh.", values: &["bind", "cache", "tmpfs", "secret", "ssh"] },
    MountKey { name: "target", types: &["bind", "cache", "tmpfs", "secret", "ssh"], doc: "Mount path in the container (also `dst`, `destination`).", values: &[] },
    MountKey { name: "source", types: &["bind", "cache"], doc: "Path in the `from` source (default: its root).", values: &[] },
    MountKey { name: "from", types: &["bind", "cache"], doc: "Stage, image or context to mount from (default: the build context; for cache, an empty directory).", values: &[] },
    MountKey { name: "rw", types: &["bind"], doc: "Allows writes; they are discarded after the RUN.", values: &["true", "false"] },
    MountKey { name: "id", types: &["cache", "secret", "ssh"], doc: "Identifier: the cache to share, or the secret/SSH id (default: the target path for caches, the target's base name for secrets).", values: &[] },
    MountKey { name: "sharing", types: &["cache"], doc: "How concurrent builds share the cache: `shared` (default), `private` (a new one when in use) or `locked` (wait).", values: &["shared", "private", "locked"] },
    MountKey { name: "ro", types: &["cache"], doc: "Read-only.", values: &["true", "false"] },
    MountKey { name: "mode", types: &["cache", "secret", "ssh"], doc: "File mode in octal (default `0755` for caches, `0400` for secrets).", values: &[] },
    MountKey { name: "uid", types: &["cache", "secret", "ssh"], doc: "Owner user id (default 0).", values: &[] },
    MountKey { name: "gid", types: &["cache", "secret", "ssh"], doc: "Owner group id (default 0).", values: &[] },
    MountKey { name: "size", types: &["tmpfs"], doc: "Upper size limit of the tmpfs, in bytes.", values: &[] },
    MountKey { name: "required", types: &["secret", "ssh"], doc: "Fail the build when the secret or SSH socket is not given (default false).", values: &["true", "false"] },
    MountKey { name: "env", types: &["secret"], doc: "Exposes the secret as this environment variable instead of (or besides) a file.", values: &[] },
];

/// Signals STOPSIGNAL completes (Linux names; numbers are accepted too).
pub const SIGNALS: &[&str] = &[
    "SIGTERM",
    "SIGINT",
    "SIGQUIT",
    "SIGKILL",
    "SIGHUP",
    "SIGUSR1",
    "SIGUSR2",
    "SIGWINCH",
    "SIGSTOP",
    "SIGCONT",
    "SIGPWR",
    "SIGRTMIN+3",
];

/// SHELL forms offered in completion.
pub const SHELL_FORMS: &[&str] = &[
    "[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
    "[\"/bin/bash\", \"-c\"]",
    "[\"/bin/sh\", \"-c\"]",
    "[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]",
    "[\"pwsh\", \"-Command\"]",
    "[\"cmd\", \"/S\", \"/C\"]",
];

/// Parser directives (`# name=value` at the top of the file).
pub const DIRECTIVES: &[(&str, &str, &str)] = &[
    ("syntax", "docker/dockerfile:1", "The Dockerfile frontend image BuildKit uses to build this file, e.g. `docker/dockerfile:1`."),
    ("escape", "\\\\", "The escape character: `\\` (default) or `` ` `` (handy on Windows, where `\\` separates paths)."),
    ("check", "skip=${1:rules};error=${2|true,false|}", "Configures BuildKit's build checks: `skip=` rule names (or `all`), `error=true` to fail the build, `experimental=` to enable experimental rules."),
];
