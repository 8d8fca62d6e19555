//! Builder expansion (`buildkit-parsing.md` §7): every form, error, quoting and escape.

use dlint_semantic::{builder_refs, expand, shell_refs, RefForm, VarRef};

/// The environment used by every case: set, set-but-empty, and values with structure.
const ENV: &[(&str, &str)] = &[
    ("A", "alpha"),
    ("E", ""),
    ("P", "/usr/local/bin/tool.tar.gz"),
    ("S", "a b"),
    ("X", "abcabc"),
    ("ü", "unicode"),
];

/// Expands `raw` with `\` as escape and renders `value` or `value !error`.
fn check(raw: &str, expected: &str) {
    check_esc(raw, '\\', expected)
}

fn check_esc(raw: &str, escape: char, expected: &str) {
    let e = expand(raw, escape, ENV);
    let got = match &e.error {
        None => e.value.clone(),
        Some(err) => format!("{} !{}", e.value, err.message),
    };
    assert_eq!(got, expected, "expanding {raw:?}");
}

fn form(f: RefForm) -> String {
    match f {
        RefForm::Bare => "bare".into(),
        RefForm::Braced => "braced".into(),
        RefForm::Default { colon } => format!("default{}", if colon { ":" } else { "" }),
        RefForm::Alternative { colon } => format!("alt{}", if colon { ":" } else { "" }),
        RefForm::Required { colon } => format!("required{}", if colon { ":" } else { "" }),
        RefForm::TrimPrefix { longest } => format!("prefix{}", if longest { "+" } else { "" }),
        RefForm::TrimSuffix { longest } => format!("suffix{}", if longest { "+" } else { "" }),
        RefForm::Replace { all } => format!("replace{}", if all { "+" } else { "" }),
        RefForm::Other => "other".into(),
    }
}

/// Renders references as `name:form:text[:set|:unset|:quoted]`, space separated, where
/// `text` is the raw text the range covers (so a wrong range is visible).
fn render(raw: &str, refs: &[VarRef]) -> String {
    refs.iter()
        .map(|r| {
            assert_eq!(&raw[r.name_range.clone()], r.name, "name range of {r:?}");
            let state = match (r.in_single_quotes, r.set) {
                (true, _) => ":quoted",
                (false, Some(true)) => ":set",
                (false, Some(false)) => ":unset",
                (false, None) => "",
            };
            format!(
                "{}:{}:{}{}",
                r.name,
                form(r.form),
                &raw[r.range.clone()],
                state
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_refs(raw: &str, expected: &str) {
    let e = expand(raw, '\\', ENV);
    assert_eq!(render(raw, &e.refs), expected, "references in {raw:?}");
}

fn check_shell(text: &str, expected: &str) {
    assert_eq!(
        render(text, &shell_refs(text)),
        expected,
        "shell references in {text:?}"
    );
}

#[test]
fn plain_references() {
    check("$A", "alpha");
    check("${A}", "alpha");
    check("x${A}y$A.z", "xalphayalpha.z");
    check("$UNSET-", "-");
    check("$ü", "unicode");
    check("$", "$");
    check("a$ b", "a$ b");
    check("$/x", "$/x");
    check("$1x", "x");
    check("$@$*$#$?$-$$$!$0", "");
    check("${12}", "");
    check("$A1", "");
}

#[test]
fn default_and_alternative() {
    check("${A:-w}", "alpha");
    check("${E:-w}", "w");
    check("${U:-w}", "w");
    check("${A-w}", "alpha");
    check("${E-w}", "");
    check("${U-w}", "w");
    check("${A:+w}", "w");
    check("${E:+w}", "");
    check("${U:+w}", "");
    check("${A+w}", "w");
    check("${E+w}", "w");
    check("${U+w}", "");
}

#[test]
fn required_forms_and_their_messages() {
    check("${A:?boom}", "alpha");
    check("${A?boom}", "alpha");
    check("${E?boom}", "");
    check("${E:?boom}", " !E: boom");
    check("${E:?}", " !E: is not allowed to be empty");
    check("${U?}", " !U: is not allowed to be unset");
    check("${U:?}", " !U: is not allowed to be unset");
    check("${U?no $A}", " !U: no alpha");
}

#[test]
fn prefix_and_suffix_removal() {
    check("${X#a}", "bcabc");
    check("${X#*b}", "cabc");
    check("${X##*b}", "c");
    check("${X%c}", "abcab");
    check("${X%b*}", "abca");
    check("${X%%b*}", "a");
    check("${P##*/}", "tool.tar.gz");
    check("${P%%.*}", "/usr/local/bin/tool");
    check("${P%.*}", "/usr/local/bin/tool.tar");
    check("${X#?b}", "cabc");
    check("${X#zz}", "abcabc");
    check("${U#x}", "");
    check("${X#$A}", "abcabc");
}

#[test]
fn pattern_escapes() {
    check("${X#a\\*}", "abcabc");
    check(
        "${X#a\\b}",
        " !invalid pattern (a\\b) in substitution: invalid escape '\\b'",
    );
    check("${X/[a]/Z}", "abcabc");
}

#[test]
fn replacement() {
    check("${X/b/Z}", "aZcabc");
    check("${X//b/Z}", "aZcaZc");
    check("${X/b*/Z}", "aZ");
    check("${X//?/.}", "......");
    check("${X/b/$A}", "aalphacabc");
    check("${X//b/}", "acac");
    check("${U/a/b}", "");
    check("${X/\\//Z}", "abcabc");
}

#[test]
fn nesting_in_words() {
    check("${U:-${A}}", "alpha");
    check("${U:-${U2:-deep}}", "deep");
    check("${A:+[$A]}", "[alpha]");
    check("${U:-\"a b\"}", "a b");
    check("${U:-'$A'}", "$A");
}

#[test]
fn unsupported_and_malformed() {
    check("${A:#x}", " !unsupported modifier (:#) in substitution");
    check("${A:%x}", " !unsupported modifier (:%) in substitution");
    check("${A:1:2}", " !unsupported modifier (:1) in substitution");
    check("${A^^}", " !unsupported modifier (^) in substitution");
    check("${#A}", " !unsupported modifier (A) in substitution");
    check("${!A}", " !unsupported modifier (A) in substitution");
    check("${}", " !syntax error: bad substitution");
    check("${:x}", " !syntax error: bad substitution");
    check("${{A}}", " !syntax error: bad substitution");
    check("${", " !syntax error: missing '}'");
    check("${A", " !syntax error: missing '}'");
    check("${A:-x", " !syntax error: missing '}'");
    check("${A/x", " !syntax error: missing '/' in ${}");
    check("${A/x/y", " !syntax error: missing '}'");
}

#[test]
fn errors_keep_the_first_and_its_range() {
    let raw = "ok ${} ${A:?}";
    let e = expand(raw, '\\', ENV);
    let err = e.error.expect("error");
    assert_eq!(err.message, "syntax error: bad substitution");
    assert_eq!(&raw[err.range.clone()], "${");
    assert_eq!(
        err.build_message(raw),
        "failed to process \"ok ${} ${A:?}\": syntax error: bad substitution"
    );
    // The reference after the error is still reported.
    assert_eq!(render(raw, &e.refs), "A:required::${A:?}:set");
}

#[test]
fn quoting() {
    check("'$A'", "$A");
    check("\"$A\"", "alpha");
    check("\"$S\"x", "a bx");
    check("'a\\b'", "a\\b");
    check("\"a\\nb\"", "a\\nb");
    check("\"a\\\"b\\$A\\\\\"", "a\"b$A\\");
    check("a\\nb", "anb");
    check("\\$A", "$A");
    check("\\${A}", "${A}");
    check("a\\ b", "a b");
    check("\"it's\"", "it's");
    check("'say \"hi\"'", "say \"hi\"");
    check(
        "'open",
        " !unexpected end of statement while looking for matching single-quote",
    );
    check(
        "\"open",
        " !unexpected end of statement while looking for matching double-quote",
    );
    check("trailing\\", "trailing");
}

#[test]
fn backtick_escape() {
    check_esc("`$A", '`', "$A");
    check_esc("\\$A", '`', "\\alpha");
    check_esc("C:\\path", '`', "C:\\path");
    check_esc("\"`\"x`\"\"", '`', "\"x\"");
    check_esc("${X#a`*}", '`', "abcabc");
}

#[test]
fn reference_ranges_and_forms() {
    check_refs("$A", "A:bare:$A:set");
    check_refs("x${U}y", "U:braced:${U}:unset");
    check_refs(
        "${U:-$A}/${E-x}${A:+y}",
        "U:default::${U:-$A}:unset A:bare:$A:set E:default:${E-x}:set A:alt::${A:+y}:set",
    );
    check_refs(
        "${X##*/}${X%p}",
        "X:prefix+:${X##*/}:set X:suffix:${X%p}:set",
    );
    check_refs(
        "${X//a/b}${A?e}",
        "X:replace+:${X//a/b}:set A:required:${A?e}:set",
    );
    check_refs("'$A ${B}' \\$C", "A:bare:$A:quoted B:braced:${B}:quoted");
    check_refs("\"$ü\"", "ü:bare:$ü:set");
    check_refs("$1 ${@}", "1:bare:$1:unset @:braced:${@}:unset");
    check_refs("${A:1:2}", "A:other:${A:1:2}:set");
}

#[test]
fn collecting_without_scope() {
    let refs = builder_refs("${A:-$B}", '\\');
    assert_eq!(render("${A:-$B}", &refs), "A:default::${A:-$B} B:bare:$B");
}

#[test]
fn shell_text_references() {
    check_shell("echo $A ${B} \"$C\"", "A:bare:$A B:braced:${B} C:bare:$C");
    check_shell("echo '$A' \\$B $'$C'", "A:bare:$A:quoted C:bare:$C:quoted");
    check_shell("echo \"it's $A\"", "A:bare:$A");
    check_shell(
        "x=${A:-$B} ${#C} ${!D}",
        "A:default::${A:-$B} B:bare:$B C:other:${#C} D:other:${!D}",
    );
    check_shell("echo $(basename $P) `id $U`", "P:bare:$P U:bare:$U");
    check_shell("f # don't $A\necho $B", "B:bare:$B");
    check_shell("a#$B", "B:bare:$B");
    check_shell("$1 $@ $$ $", "1:bare:$1 @:bare:$@ $:bare:$$");
    check_shell(
        "${X//a/b} ${X%%.*}",
        "X:replace+:${X//a/b} X:suffix+:${X%%.*}",
    );
    check_shell("${A:-", "A:default::${A:-");
    check_shell("${A:-\"}\"} $B", "A:default::${A:-\"}\"} B:bare:$B");
}

/// Every short string over the characters that matter never panics, and every range
/// returned lies on character boundaries of the input.
#[test]
fn exhaustive_short_inputs_never_panic() {
    const ALPHABET: [char; 14] = [
        '$', '{', '}', ':', '-', '#', '%', '/', '\'', '"', '\\', 'A', '?', 'é',
    ];
    let valid = |s: &str, r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= s.len()
            && s.is_char_boundary(r.start)
            && s.is_char_boundary(r.end)
    };
    let mut word = String::new();
    let mut count = 0;
    for len in 1..=5u32 {
        for mut n in 0..ALPHABET.len().pow(len) {
            word.clear();
            for _ in 0..len {
                word.push(ALPHABET[n % ALPHABET.len()]);
                n /= ALPHABET.len();
            }
            for escape in ['\\', '`'] {
                let e = expand(&word, escape, ENV);
                for r in &e.refs {
                    assert!(
                        valid(&word, &r.range) && valid(&word, &r.name_range),
                        "{word:?}: {r:?}"
                    );
                }
                if let Some(err) = &e.error {
                    assert!(valid(&word, &err.range), "{word:?}: {err:?}");
                }
            }
            for r in shell_refs(&word) {
                assert!(
                    valid(&word, &r.range) && valid(&word, &r.name_range),
                    "{word:?}: {r:?}"
                );
            }
            count += 1;
        }
    }
    assert!(count > 500_000);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let raw = "${a:-".repeat(100_000);
    let e = expand(&raw, '\\', ENV);
    assert_eq!(
        e.error.map(|e| e.message).as_deref(),
        Some("syntax error: substitutions nested too deeply")
    );
    let ok = format!("{}x{}", "${U:-".repeat(50), "}".repeat(50));
    check(&ok, "x");
    // Shell references are found without recursion at any depth.
    assert_eq!(shell_refs(&raw).len(), 100_000);
}

/// Large hostile inputs finish (each pattern would take minutes if any scan were
/// quadratic) and keep every range valid.
#[test]
fn large_inputs_stay_linear() {
    let inputs = [
        "${a ".repeat(100_000),
        "'${a ".repeat(100_000),
        "\"$a ".repeat(100_000),
        "${a:-\"".repeat(50_000),
        "$a".repeat(200_000),
        format!("{}{}", "${X#".repeat(1000), "*".repeat(10_000)),
    ];
    for raw in &inputs {
        let e = expand(raw, '\\', ENV);
        assert!(e.refs.iter().all(|r| r.range.end <= raw.len()));
        let s = shell_refs(raw);
        assert!(s.iter().all(|r| r.range.end <= raw.len()));
    }
    assert_eq!(shell_refs(&inputs[4]).len(), 200_000);
}
