//! Questions rules ask about scripts and commands.

use super::model::{Connector, Script, ShellCommand, ShellWord};

impl Script {
    /// Commands whose name (or the last path component of it) is `name`.
    pub fn commands_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ShellCommand> {
        self.commands.iter().filter(move |c| c.is(name))
    }

    /// Commands named any of `names`.
    pub fn commands_named_any<'a>(
        &'a self,
        names: &'a [&'a str],
    ) -> impl Iterator<Item = &'a ShellCommand> {
        self.commands
            .iter()
            .filter(move |c| names.iter().any(|n| c.is(n)))
    }

    pub fn has_command(&self, name: &str) -> bool {
        self.commands_named(name).next().is_some()
    }

    /// The commands as written (without the inner commands of `sudo …`).
    pub fn written_commands(&self) -> impl Iterator<Item = &ShellCommand> {
        self.commands.iter().filter(|c| c.wrapped_by.is_none())
    }

    /// True when some pipeline has a `|`.
    pub fn has_pipe(&self) -> bool {
        self.pipelines > 0
    }

    /// `set -o pipefail` (or `set -eo pipefail`, `set -euxo pipefail`) appears.
    pub fn sets_pipefail(&self) -> bool {
        self.commands_named("set").any(|c| {
            c.args.windows(2).any(|w| {
                let opt = w[0].value.as_str();
                opt.starts_with('-')
                    && !opt.starts_with("--")
                    && opt.ends_with('o')
                    && w[1].value == "pipefail"
            })
        })
    }

    /// Some command named `name` is followed later in the script by a command for which
    /// `pred` holds (e.g. `yum install` … `yum clean all`).
    pub fn later<'a>(
        &'a self,
        first: &'a ShellCommand,
        pred: impl Fn(&ShellCommand) -> bool + 'a,
    ) -> bool {
        let at = first.span.start;
        self.commands.iter().any(|c| c.span.start > at && pred(c))
    }
}

impl ShellCommand {
    /// The command's name is `name`, also when called by path (`/usr/bin/apt-get`).
    pub fn is(&self, name: &str) -> bool {
        let v = self.name.value.as_str();
        // Called for every command by dozens of rules: no splitting on the common path.
        v == name
            || v.starts_with('/') && v.strip_suffix(name).is_some_and(|dir| dir.ends_with('/'))
    }

    /// Arguments up to a `--` that ends the options.
    fn option_words(&self) -> impl Iterator<Item = &ShellWord> {
        self.args.iter().take_while(|a| a.value != "--")
    }

    /// The argument carrying any of `flags` (`-y`, `--yes`, …). Short flags match inside
    /// a group (`-qy` has `-y`); long flags match with or without `=value`.
    pub fn flag(&self, flags: &[&str]) -> Option<&ShellWord> {
        self.option_words().find(|a| word_has_flag(&a.value, flags))
    }

    pub fn has_flag(&self, flags: &[&str]) -> bool {
        self.flag(flags).is_some()
    }

    /// Some argument is exactly `value`.
    pub fn has_arg(&self, value: &str) -> bool {
        self.args.iter().any(|a| a.value == value)
    }

    /// The value of an option: `--opt value`, `--opt=value`, `-o value`, `-ovalue`.
    pub fn option_value(&self, names: &[&str]) -> Option<&str> {
        let mut it = self.option_words();
        while let Some(a) = it.next() {
            let v = a.value.as_str();
            for n in names {
                if v == *n {
                    return it.next().map(|w| w.value.as_str());
                }
                if let Some(rest) = v.strip_prefix(n) {
                    if n.starts_with("--") {
                        if let Some(val) = rest.strip_prefix('=') {
                            return Some(val);
                        }
                    } else if n.len() == 2 && !rest.is_empty() && !v.starts_with("--") {
                        return Some(rest);
                    }
                }
            }
        }
        None
    }

    /// Arguments that are not options, skipping the value after each option listed in
    /// `takes_value` (written separately: `-t stable`).
    pub fn positionals(&self, takes_value: &[&str]) -> Vec<&ShellWord> {
        let mut out = Vec::new();
        let mut it = self.args.iter();
        let mut options_done = false;
        while let Some(a) = it.next() {
            let v = a.value.as_str();
            if options_done {
                out.push(a);
            } else if v == "--" {
                options_done = true;
            } else if v.starts_with('-') && v.len() > 1 {
                if takes_value.contains(&v) {
                    it.next();
                }
            } else {
                out.push(a);
            }
        }
        out
    }

    /// The first non-option argument (`install` in `apt-get -q install x`).
    pub fn subcommand(&self, takes_value: &[&str]) -> Option<&ShellWord> {
        self.positionals(takes_value).into_iter().next()
    }

    /// The subcommand is one of `names`.
    pub fn has_subcommand(&self, names: &[&str]) -> bool {
        self.subcommand(&[])
            .is_some_and(|s| names.contains(&s.value.as_str()))
    }

    /// Arguments after the subcommand that are not options (the packages of
    /// `apt-get install -y curl git`).
    pub fn operands(&self, takes_value: &[&str]) -> Vec<&ShellWord> {
        self.positionals(takes_value).into_iter().skip(1).collect()
    }

    /// Runs after `&&`, `||` or `|`, i.e. not independently of the previous command.
    pub fn is_chained(&self) -> bool {
        self.connector != Connector::Sequence
    }
}

/// `word` is (or contains, for short groups) one of `flags`.
fn word_has_flag(word: &str, flags: &[&str]) -> bool {
    if let Some(long) = word.strip_prefix("--") {
        let name = long.split('=').next().unwrap_or("");
        return flags
            .iter()
            .any(|f| f.strip_prefix("--") == Some(name) && !name.is_empty());
    }
    let Some(group) = word.strip_prefix('-') else {
        return false;
    };
    if group.is_empty() {
        return false;
    }
    flags.iter().any(|f| {
        f.strip_prefix('-')
            .filter(|s| !s.starts_with('-'))
            .is_some_and(|short| {
                if short.len() == 1 {
                    group.contains(short)
                } else {
                    group == short
                }
            })
    })
}
