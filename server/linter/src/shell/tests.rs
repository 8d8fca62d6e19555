//! The shell model on its own: words, quoting, positions, structure, bad input.

use super::*;
use dlint_syntax::{Heredoc, LogicalText, Segment, Span};

/// A script whose text is the source (offsets map 1:1, shifted by `base`).
fn parse_at(text: &str, base: usize) -> Script {
    parse_script(text, &map_at(text, base))
}

/// The map of a script found unchanged at `base` in the source.
fn map_at(text: &str, base: usize) -> SourceMap {
    SourceMap::from_logical(&LogicalText {
        text: text.to_string(),
        segments: vec![Segment {
            logical: 0,
            source: base,
            len: text.len(),
        }],
    })
}

fn parse(text: &str) -> Script {
    parse_at(text, 0)
}

fn names(s: &Script) -> Vec<&str> {
    s.commands.iter().map(|c| c.name.value.as_str()).collect()
}

#[test]
fn words_are_unquoted_and_keep_their_positions() {
    let text = r#"apt-get install -y "curl=7.88" 'git' pk\g"#;
    let s = parse(text);
    let cmd = &s.commands[0];
    let values: Vec<&str> = cmd.args.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(values, ["install", "-y", "curl=7.88", "git", "pkg"]);
    assert_eq!(&text[cmd.args[2].span.range()], "\"curl=7.88\"");
    assert_eq!(cmd.args[2].raw, "\"curl=7.88\"");
    assert_eq!(&text[cmd.name.span.range()], "apt-get");
}

#[test]
fn positions_are_shifted_to_the_source() {
    let s = parse_at("cd /x", 100);
    assert_eq!(s.commands[0].name.span, Span::new(100, 102));
    assert_eq!(s.commands[0].span, Span::new(100, 105));
}

#[test]
fn continuation_joins_map_back_through_segments() {
    // Source: "RUN a \\\n  b c" ; logical text "a   b c" is two runs.
    let source = "RUN a \\\n  b c";
    let lt = LogicalText {
        text: "a   b c".to_string(),
        segments: vec![
            Segment {
                logical: 0,
                source: 4,
                len: 2,
            },
            Segment {
                logical: 2,
                source: 8,
                len: 5,
            },
        ],
    };
    let s = parse_script(&lt.text, &SourceMap::from_logical(&lt));
    let b = &s.commands[0].args[0];
    assert_eq!(b.value, "b");
    assert_eq!(&source[b.span.range()], "b");
    assert_eq!(&source[s.commands[0].args[1].span.range()], "c");
}

#[test]
fn structure_pipelines_and_connectors() {
    let s = parse("a | b && c || d; e");
    assert_eq!(names(&s), ["a", "b", "c", "d", "e"]);
    let conn: Vec<Connector> = s.commands.iter().map(|c| c.connector).collect();
    assert_eq!(
        conn,
        [
            Connector::Sequence,
            Connector::Pipe,
            Connector::And,
            Connector::Or,
            Connector::Sequence
        ]
    );
    assert_eq!(s.pipelines, 1);
    assert!(s.has_pipe());
    assert_eq!(s.commands[0].pipeline, Some(0));
    assert_eq!(s.commands[2].pipeline, None);
}

#[test]
fn nested_commands_are_found() {
    let s = parse(
        "if true; then (cd /x && make); fi; echo $(uname -m); for f in *; do rm \"$f\"; done",
    );
    assert_eq!(names(&s), ["true", "cd", "make", "echo", "uname", "rm"]);
}

#[test]
fn sudo_wraps_an_inner_command() {
    let s = parse("sudo -u app apt-get install -y curl");
    assert_eq!(names(&s), ["sudo", "apt-get"]);
    let inner = &s.commands[1];
    assert_eq!(inner.wrapped_by, Some("sudo"));
    assert!(inner.has_subcommand(&["install"]));
    assert_eq!(s.written_commands().count(), 1);
}

#[test]
fn assignments_and_exports() {
    let s = parse("PIP_NO_CACHE_DIR=1 pip install x; export A=\"b c\" D");
    assert_eq!(
        s.commands[0].env,
        [("PIP_NO_CACHE_DIR".to_string(), "1".to_string())]
    );
    let export = &s.commands[1];
    assert!(export.is("export"));
    let args: Vec<&str> = export.args.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(args, ["A=b c", "D"]);
}

#[test]
fn flags_options_and_operands() {
    let s = parse(
        "apt-get -qy -o Dpkg::Options=x --target-release=stable install -t bookworm a b=1 -- -c",
    );
    let c = &s.commands[0];
    assert!(c.has_flag(&["-y"]));
    assert!(c.has_flag(&["-q"]));
    assert!(c.has_flag(&["--target-release"]));
    assert!(!c.has_flag(&["--yes"]));
    assert_eq!(c.option_value(&["-o"]), Some("Dpkg::Options=x"));
    assert_eq!(c.option_value(&["--target-release"]), Some("stable"));
    let ops: Vec<&str> = c
        .operands(&["-o", "-t"])
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(ops, ["a", "b=1", "-c"]);
    // A flag after `--` is an operand, not an option.
    assert!(!c.has_flag(&["-c"]));
}

#[test]
fn command_by_path_matches_its_name() {
    let s = parse("/usr/bin/apt-get update && myapt-get x && /usr/bin/xapt-get && bin/apt-get");
    assert!(s.commands[0].is("apt-get"));
    assert!(!s.commands[1].is("apt-get"));
    assert!(!s.commands[2].is("apt-get"));
    // A relative path runs whatever is there, not the package manager.
    assert!(!s.commands[3].is("apt-get"));
}

#[test]
fn pipefail_detection() {
    assert!(parse("set -euxo pipefail; a | b").sets_pipefail());
    assert!(parse("set -o pipefail").sets_pipefail());
    assert!(!parse("set -e; echo pipefail").sets_pipefail());
}

#[test]
fn broken_scripts_do_not_panic_and_positions_stay_in_range() {
    for text in [
        "if then fi (((",
        "a && && b",
        "echo \"unterminated",
        "}{)(",
        "\u{0}\u{1}",
        "é | ü",
    ] {
        let s = parse(text);
        for c in &s.commands {
            for w in std::iter::once(&c.name).chain(&c.args) {
                assert!(
                    w.span.end <= text.len() && w.span.start <= w.span.end,
                    "{text:?}: {w:?}"
                );
                assert!(text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end));
            }
        }
    }
    assert!(parse("if then fi (((").has_error);
}

#[test]
fn huge_scripts_are_refused_not_parsed() {
    let text = "true\n".repeat(parse::MAX_SCRIPT_BYTES / 5 + 10);
    let s = parse(&text);
    assert!(s.has_error);
    assert!(s.commands.is_empty());
}

#[test]
fn chomped_heredoc_maps_lines_past_the_tabs() {
    let source = "RUN <<-EOF\n\tcd /x\n\t\tapt-get update\n\tEOF\n";
    let body_start = source.find("\tcd").unwrap();
    let body_end = source.find("\tEOF").unwrap();
    let heredoc = Heredoc {
        fd: None,
        chomp: true,
        delimiter: "EOF".into(),
        quoted: false,
        word_span: Span::new(4, 10),
        body: "cd /x\napt-get update\n".into(),
        body_span: Span::new(body_start, body_end),
        terminator_span: None,
    };
    let s = parse_script(&heredoc.body, &SourceMap::from_heredoc(&heredoc, source));
    assert_eq!(&source[s.commands[0].span.range()], "cd /x");
    assert_eq!(&source[s.commands[1].name.span.range()], "apt-get");
}

#[test]
fn windows_shells_are_recognised() {
    for exe in [
        "pwsh",
        "powershell",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "cmd",
        "cmd.exe /S /C",
    ] {
        assert_eq!(ShellKind::from_executable(exe), ShellKind::Windows, "{exe}");
    }
    for exe in ["/bin/sh", "bash", "/usr/bin/zsh", "busybox"] {
        assert_eq!(ShellKind::from_executable(exe), ShellKind::Posix, "{exe}");
    }
}

#[test]
fn deeply_nested_scripts_do_not_overflow_the_stack() {
    for (open, close) in [
        ("(", ")"),
        ("$(", ")"),
        ("{ ", "; }"),
        ("if true; then ", "; fi"),
    ] {
        let text = format!("{}echo deep{}", open.repeat(20_000), close.repeat(20_000));
        let s = parse(&text);
        assert!(
            s.has_error,
            "{open}: depth limit not reported: {} commands",
            s.commands.len()
        );
    }
    // Nesting real scripts use is analysed fully.
    let s = parse(&format!("{}cd /x{}", "( ".repeat(50), " )".repeat(50)));
    assert!(!s.has_error);
    assert_eq!(names(&s), ["cd"]);
}

/// The quick reader for plain scripts (`simple.rs`) must read every script it accepts
/// exactly as the bash grammar does, and should accept most real ones (else it saves
/// nothing).
#[test]
fn simple_reader_agrees_with_the_grammar() {
    let (mut quick, mut total) = (0usize, 0usize);
    let mut disagreements = Vec::new();
    for path in dlint_test_support::real_dockerfiles() {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let dockerfile = dlint_syntax::parse_text(&source);
        for instruction in &dockerfile.instructions {
            for s in script_sources(instruction, &source) {
                total += 1;
                let Some(read) = simple::parse(s.text, &s.map) else {
                    continue;
                };
                quick += 1;
                let parsed = parse_with_grammar(s.text, &s.map);
                if read != parsed {
                    disagreements.push(format!(
                        "{}: {:?}\n  quick:   {read:?}\n  grammar: {parsed:?}",
                        path.display(),
                        s.text
                    ));
                }
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {quick} scripts read differently, e.g.\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(8)].join("\n")
    );
    assert!(
        quick * 2 > total,
        "the quick reader took only {quick} of {total} scripts"
    );
    eprintln!("quick reader: {quick} of {total} scripts");
}

/// Each construct the quick reader accepts, read as the grammar reads it.
#[test]
fn simple_reader_reads_plain_scripts_like_the_grammar() {
    for text in [
        "apt-get update && apt-get install -y --no-install-recommends curl=7.88 'git' \"vim\"",
        "echo \"step $STAGE of ${TOTAL}\" && ls -la /opt > /tmp/out.txt",
        "make 2>&1 >> build.log; make install 2> /dev/null & wait",
        "cat in.txt | sort | uniq -c > out.txt",
        "a || b; c &",
        "DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=\"1\" pip install -r req.txt",
        "sudo -u app pip install x && sudo apt-get install -y y",
        "cd /x\n\necho one\n  echo two;\n",
        "a &&\n  b ||\n  c",
        "rm -rf /var/lib/apt/lists/* /tmp/?? ~/cache",
        "echo $HOME ${PATH} --opt=\"v w\"'x'",
        "echo \"grüße\" 'naïve'",
    ] {
        let map = plain_map(text);
        let quick = simple::parse(text, &map);
        assert_eq!(quick, Some(parse_with_grammar(text, &map)), "{text:?}");
    }
}

/// What the quick reader leaves to the grammar: anything beyond plain commands, and
/// syntax errors, which the grammar reports.
#[test]
fn simple_reader_leaves_the_rest_to_the_grammar() {
    for text in [
        "",
        "A=1",
        "if true; then echo; fi",
        "echo $(date) `id`",
        "a | b && c",
        "echo a-$V-b",
        "echo \\$x",
        "cat <<EOF\nx\nEOF",
        "x <<< word",
        "{ a; b; }",
        "(cd /x && make)",
        "[ -f x ] && y",
        "echo a # note",
        "export A=1 && b",
        "a && && b",
        "a &&",
        "a |",
        "a |& b",
        "a &> /dev/null",
        "> out cmd",
        "ls > out -la",
        "cat < in.txt | sort",
        "echo grüße",
        "g++ -o x x.cc",
        "tar -xf - 2>/dev/null",
        "echo 'unterminated",
        "echo \"$1\"",
        "echo x\r\n",
    ] {
        assert_eq!(simple::parse(text, &plain_map(text)), None, "{text:?}");
    }
}

fn plain_map(text: &str) -> SourceMap {
    map_at(text, 7)
}

/// Random scripts from shell fragments: whatever the quick reader accepts, the grammar
/// reads the same way (and nothing panics). The first set is mostly what the reader
/// accepts, the second adds what it must refuse.
#[test]
fn simple_reader_agrees_on_random_scripts() {
    const PLAIN: &[&str] = &[
        "a",
        "b",
        "x=1",
        "A=",
        " ",
        " ",
        "&&",
        "||",
        "|",
        ";",
        "&",
        "\n",
        ">",
        ">>",
        "2>",
        "<",
        ">&",
        "'s q'",
        "\"d $V\"",
        "\"${W}\"",
        "$V",
        "=",
        "*",
        "-y",
        "sudo",
        "é",
        "-",
        "/",
        ".",
        ":",
        "~",
        "?",
        "%",
        "+",
        "@",
        ",",
        "1",
        "\t",
        "2>&1",
        "\"a|b;c&&d > e\"",
        "'x\"y'",
        "\"it's\"",
        "\"\"",
        "''",
        "./configure",
        "--opt=",
    ];
    const ODD: &[&str] = &[
        "#", "$", "\\", "(", ")", "{", "}", "if", "'", "\"", "[", "]", "!", "`", "<<", "\r", "$(",
        "${", "done", "export",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        // xorshift: reproducible without a dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let odd: Vec<&str> = PLAIN.iter().chain(ODD).copied().collect();
    for pieces in [PLAIN, &odd[..]] {
        let mut accepted = 0;
        for _ in 0..ROUNDS {
            let len = 1 + next(14);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let map = plain_map(&text);
            if let Some(quick) = simple::parse(&text, &map) {
                accepted += 1;
                assert_eq!(quick, parse_with_grammar(&text, &map), "{text:?}");
            }
        }
        assert!(
            accepted > ROUNDS / 200,
            "only {accepted} random scripts were plain"
        );
    }
}

const ROUNDS: usize = 20_000;
