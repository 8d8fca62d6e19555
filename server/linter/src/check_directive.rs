//! BuildKit's `# check=skip=…;error=…;experimental=…` configuration (`buildkit-checks.md`
//! §3): the top-of-file directive, its `BUILDKIT_DOCKERFILE_CHECK` replacement, and the
//! per-instruction `# check=skip=` comments.

/// A parsed check configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckConfig {
    pub skip: Vec<String>,
    pub skip_all: bool,
    pub error: bool,
    pub experimental: Vec<String>,
    pub experimental_all: bool,
}

impl CheckConfig {
    /// BuildKit matches rule names case-sensitively.
    pub fn skips(&self, rule_name: &str) -> bool {
        self.skip_all || self.skip.iter().any(|s| s == rule_name)
    }
    pub fn enables_experimental(&self, rule_name: &str) -> bool {
        self.experimental_all || self.experimental.iter().any(|s| s == rule_name)
    }
    /// Every rule name written in `skip=`/`experimental=`, for unknown-name warnings.
    pub fn named_rules(&self) -> impl Iterator<Item = &str> {
        self.skip
            .iter()
            .chain(&self.experimental)
            .map(String::as_str)
    }
}

/// Parses a check value. The error text is BuildKit's.
pub fn parse_check(value: &str) -> Result<CheckConfig, String> {
    // BuildKit cuts the value at the first space, so `# check=skip=X // why` works.
    let value = value.trim_start().split(' ').next().unwrap_or("");
    let mut config = CheckConfig::default();
    if value.is_empty() {
        return Ok(config);
    }
    for part in value.splitn(3, ';') {
        let Some((key, val)) = part.split_once('=') else {
            return Err(format!(
                "failed to parse check options: invalid check option \"{part}\""
            ));
        };
        match key.trim() {
            "skip" => {
                let names = names(val);
                config.skip_all = names.iter().any(|n| n == "all");
                config.skip = names;
            }
            "experimental" => {
                let names = names(val);
                config.experimental_all = names.iter().any(|n| n == "all");
                config.experimental = names;
            }
            "error" => {
                config.error = parse_go_bool(val.trim()).ok_or_else(|| {
                    format!(
                        "failed to parse check options: failed to parse check option \"{part}\": strconv.ParseBool: parsing \"{}\": invalid syntax",
                        val.trim()
                    )
                })?;
            }
            other => {
                return Err(format!(
                    "failed to parse check options: invalid check option \"{other}\""
                ))
            }
        }
    }
    Ok(config)
}

fn names(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The `check=` value of a per-instruction comment (`check=skip=X // why`), if any.
pub fn comment_check_value(comment: &str) -> Option<&str> {
    // Attached comment texts may still carry the `#` (indented comment lines do).
    let text = comment.trim_start().trim_start_matches('#').trim_start();
    let (key, value) = text.split_once('=')?;
    key.trim().eq_ignore_ascii_case("check").then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buildkit_grammar() {
        let c = parse_check("skip=JSONArgsRecommended,StageNameCasing;error=true;experimental=all")
            .unwrap();
        assert_eq!(c.skip, ["JSONArgsRecommended", "StageNameCasing"]);
        assert!(c.error && c.experimental_all && !c.skip_all);
        assert!(c.skips("StageNameCasing"));
        assert!(!c.skips("stagenamecasing"), "names are case-sensitive");
        assert!(parse_check("skip=all").unwrap().skip_all);
    }

    #[test]
    fn value_is_cut_at_first_space() {
        let c = parse_check("skip=A error=true").unwrap();
        assert_eq!(c.skip, ["A"]);
        assert!(!c.error);
    }

    #[test]
    fn errors_use_buildkit_messages() {
        assert_eq!(
            parse_check("skip").unwrap_err(),
            "failed to parse check options: invalid check option \"skip\""
        );
        assert_eq!(
            parse_check("foo=bar").unwrap_err(),
            "failed to parse check options: invalid check option \"foo\""
        );
        assert!(parse_check("error=yes")
            .unwrap_err()
            .contains("\"error=yes\""));
    }

    #[test]
    fn comment_values() {
        assert_eq!(
            comment_check_value("check=skip=X // y"),
            Some("skip=X // y")
        );
        assert_eq!(comment_check_value("hadolint ignore=X"), None);
    }
}
