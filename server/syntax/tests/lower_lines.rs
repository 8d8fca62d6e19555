//! Line-level behaviour: continuations, comments and doc comments, directives, BOM and
//! line endings, line numbers, line length.

use dlint_syntax::ast::*;
use dlint_syntax::parse_text;

/// The joined text after the keyword (`rest`) of each instruction.
fn check(src: &str, expected: &[&str]) {
    let file = parse_text(src);
    let got: Vec<&str> = file
        .instructions
        .iter()
        .map(|i| i.rest.text.as_str())
        .collect();
    assert_eq!(got, expected, "input {src:?}");
}

/// (start_line, end_line) of each instruction, 0-based.
fn check_lines(src: &str, expected: &[(usize, usize)]) {
    let file = parse_text(src);
    let got: Vec<(usize, usize)> = file
        .instructions
        .iter()
        .map(|i| (i.start_line, i.end_line))
        .collect();
    assert_eq!(got, expected, "input {src:?}");
}

/// Doc comments attached to each instruction.
fn check_docs(src: &str, expected: &[&[&str]]) {
    let file = parse_text(src);
    let got: Vec<Vec<&str>> = file
        .instructions
        .iter()
        .map(|i| i.doc_comments.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(got, expected, "input {src:?}");
}

/// (name, value) of the directives the main parser honours, and the escape in force.
fn check_directives(src: &str, expected: &[(&str, &str)], escape: char) {
    let file = parse_text(src);
    let got: Vec<(&str, &str)> = file
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(
        (got.as_slice(), file.escape),
        (expected, escape),
        "input {src:?}"
    );
}

#[test]
fn continuation_joining() {
    check("RUN a \\\n  b", &["a   b"]);
    check("RUN a\\\nb\\\nc", &["abc"]);
    check("RUN a \\  \t\nb", &["a b"]);
    // `\\` at the end is an escaped escape; `\\\` does not continue either (regex quirk).
    check("RUN a\\\\\nRUN b", &["a\\\\", "b"]);
    check("RUN a\\\\\\\nRUN b", &["a\\\\\\", "b"]);
    // A lone escape contributes nothing; ` \` contributes one space.
    check("RUN a\\\n\\\n \\\nb", &["a b"]);
    // Comment lines and blank lines inside a continuation are skipped.
    check("RUN a \\\n# c \\\n\n  \nb", &["a b"]);
    // Open at end of file.
    check("RUN a \\", &["a"]);
    check("RUN a \\\n", &["a"]);
    // A comment line never continues.
    check("# c \\\nRUN a", &["a"]);
    // Only the first line of an instruction is left-trimmed.
    check("   RUN a\\\n   b", &["a   b"]);
    // A line that is only the escape starts an instruction.
    check("\\\nRUN a", &["a"]);
}

#[test]
fn backtick_escape() {
    check(
        "# escape=`\nRUN a `\n b\nRUN c\\\nRUN d",
        &["a  b", "c\\", "d"],
    );
    check("#escape = `\nRUN a``\nRUN b", &["a``", "b"]);
}

#[test]
fn line_endings_and_bom() {
    check("RUN a \\\r\n b\r\nRUN c\r\n", &["a  b", "c"]);
    // A lone CR is not a line break for BuildKit.
    check("RUN a\rRUN b", &["a\rRUN b"]);
    let f = parse_text("\u{feff}# escape=`\nRUN a `\nb");
    assert!(f.bom);
    assert_eq!(f.escape, '`');
    assert_eq!(f.instructions[0].rest.text, "a b");
    assert_eq!(f.instructions[0].keyword_span, Span::new(14, 17));
}

#[test]
fn line_numbers() {
    check_lines(
        "FROM a\n\nRUN b \\\n c\n# x\nCMD d",
        &[(0, 0), (2, 3), (5, 5)],
    );
    check_lines("RUN <<EOF\nx\nEOF\nCMD y", &[(0, 2), (3, 3)]);
    check_lines("RUN a \\\n\n\n", &[(0, 2)]);
}

#[test]
fn empty_continuation_lines_are_recorded() {
    let src = "RUN a \\\n\n  \\\n \t\nb";
    let f = parse_text(src);
    let spans = &f.instructions[0].empty_continuation_lines;
    assert_eq!(spans, &[Span::new(8, 8), Span::new(13, 15)]);
    assert_eq!(f.instructions[0].rest.text, "a   b");
}

#[test]
fn comments_and_doc_comments() {
    check_docs("# a\n# b\nFROM x\nRUN y", &[&["a", "b"], &[]]);
    // Blank lines do not clear; a bare `#` does.
    check_docs("# a\n\n# b\nFROM x", &[&["a", "b"]]);
    check_docs("# a\n#\n# b\nFROM x", &[&["b"]]);
    // Directives are not doc comments.
    check_docs("# syntax=x\n# a\nFROM x", &[&["a"]]);
    // BuildKit cuts the raw line's first byte, so an indented comment keeps its `#`.
    check_docs("  # a\nFROM x", &[&["# a"]]);
    // Comments inside a continuation are not doc comments of the next instruction.
    check_docs("RUN a \\\n# inner\n b\nRUN c", &[&[], &[]]);

    let f = parse_text("# one\nRUN a \\\n  # two\n b\n#\n");
    let texts: Vec<&str> = f.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["one", "two", ""]);
    assert_eq!(f.comments[1].span, Span::new(16, 21));
    // `#` in the middle of a line is text.
    check("RUN echo a # b", &["echo a # b"]);
}

#[test]
fn directives() {
    check_directives(
        "# escape=`\n# syntax=x\nFROM a",
        &[("escape", "`"), ("syntax", "x")],
        '`',
    );
    check_directives("# ESCAPE=\\\nFROM a", &[("escape", "\\")], '\\');
    check_directives("  # escape=`\nFROM a", &[("escape", "`")], '`');
    // The block ends at a blank line, an ordinary comment or an unknown directive.
    check_directives("\n# escape=`\nFROM a", &[], '\\');
    check_directives("# hello\n# escape=`\nFROM a", &[], '\\');
    check_directives("# foo=bar\n# escape=`\nFROM a", &[], '\\');
    check_directives("FROM a\n# escape=`", &[], '\\');
    // A directive after the block is an ordinary comment.
    let f = parse_text("FROM a\n# escape=`\n");
    assert_eq!(f.comments.len(), 1);

    let f = parse_text("# escape=`\n# escape=\\\nFROM a");
    assert_eq!(
        f.errors[0].message,
        "only one escape parser directive can be used"
    );
    assert_eq!(f.escape, '`');
    let f = parse_text("# escape=x\nFROM a");
    assert_eq!(
        f.errors[0].message,
        "invalid escape token 'x' does not match ` or \\"
    );
}

#[test]
fn frontend_directive_scanner_differs() {
    // The syntax/check scanner ignores indented directives but reads past a shebang.
    let f = parse_text("  # check=skip=all\nFROM a");
    assert!(f.directive("check").is_some());
    assert!(f.frontend_directive("check").is_none());
    let f = parse_text("#!/bin/x\n# syntax=a/b:1 # note\n# check=error=true\nFROM a");
    assert!(f.directives.is_empty());
    assert_eq!(f.frontend_directive("syntax").unwrap().value, "a/b:1");
    assert_eq!(f.frontend_directive("check").unwrap().value, "error=true");
}

#[test]
fn errors_from_lines() {
    let long = format!("RUN {}\n", "x".repeat(70_000));
    let f = parse_text(&long);
    assert_eq!(
        f.errors[0].message,
        "dockerfile line greater than max allowed size of 65535"
    );
    assert_eq!(f.instructions.len(), 1);
    for src in ["", "\n\n", "# a\n# b\n", "  \t\n"] {
        let f = parse_text(src);
        assert_eq!(f.errors.len(), 1, "{src:?}");
        assert_eq!(f.errors[0].message, "file with no instructions");
    }
}

#[test]
fn escape_only_lines_make_an_empty_instruction() {
    // BuildKit adds an instruction with an empty keyword (it dumps as `("")`).
    let src = "FROM a\n\\\n\n";
    let f = parse_text(src);
    assert_eq!(f.instructions.len(), 2);
    let ins = &f.instructions[1];
    assert_eq!(
        (ins.kind, ins.keyword.as_str()),
        (InstructionKind::Unknown, "")
    );
    assert_eq!(ins.keyword_span, Span::empty(7));
    assert_eq!((ins.start_line, ins.end_line), (1, 2));
    assert_eq!(
        dlint_syntax::dump::buildkit_dump(&f).unwrap(),
        "(from \"a\")\n(\"\")\n"
    );
}
