use super::labels::check_typed;
use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Origin;
use crate::settings::LabelType;

declare_rule! {
    /// ## What it does
    /// Reports a label of schema type `spdx` (in the configured `label-schema`) whose
    /// value is not an SPDX license expression.
    ///
    /// ## Why is this bad?
    /// Tools that read the label expect that format; a malformed value breaks them or
    /// is silently ignored.
    ///
    /// ## Example
    /// With this configuration (`.dlint.toml`):
    /// ```toml
    /// label-schema = { "org.opencontainers.image.licenses" = "spdx" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses="Apache-2.0"
    /// ```
    pub static RULE = {
        code: "DL3054",
        name: "label-spdx",
        origin: Origin::Hadolint,
        default_severity: Severity::Warning,
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_typed(
        ctx,
        out,
        &RULE,
        LabelType::Spdx,
        "an SPDX license expression",
        valid,
    );
}

/// Common SPDX license identifiers (the full list has several hundred; these cover
/// nearly all container images). `LicenseRef-…` and expressions joined with `AND`,
/// `OR` and `WITH` are accepted too.
const SPDX_IDS: &[&str] = &[
    "0BSD",
    "AFL-3.0",
    "AGPL-1.0",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-2.0",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "BUSL-1.1",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CECILL-2.1",
    "CPL-1.0",
    "ECL-2.0",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "GPL-1.0",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.0",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LPPL-1.3c",
    "MIT",
    "MIT-0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RL",
    "NCSA",
    "ODbL-1.0",
    "OFL-1.1",
    "OpenSSL",
    "OSL-3.0",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "Python-2.0",
    "Ruby",
    "SSPL-1.0",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "Zlib",
    "ZPL-2.1",
    "Classpath-exception-2.0",
    "LLVM-exception",
    "GCC-exception-3.1",
];

fn valid(v: &str) -> bool {
    let cleaned = v.replace(['(', ')'], " ");
    let mut expect_id = true;
    let mut any = false;
    for tok in cleaned.split_whitespace() {
        if expect_id {
            let id = tok.strip_suffix('+').unwrap_or(tok);
            let known = SPDX_IDS.iter().any(|k| k.eq_ignore_ascii_case(id))
                || id.starts_with("LicenseRef-")
                || id.starts_with("DocumentRef-");
            if !known {
                return false;
            }
            any = true;
        } else if !matches!(tok, "AND" | "OR" | "WITH" | "and" | "or" | "with") {
            return false;
        }
        expect_id = !expect_id;
    }
    any && !expect_id
}
