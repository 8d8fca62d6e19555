//! Heredocs (buildkit-parsing.md §6): detection, delimiters, bodies, terminators.

use dlint_syntax::parse_text;

/// One expected heredoc: (delimiter, chomp, quoted, fd, body).
type Expect<'a> = (&'a str, bool, bool, Option<u32>, &'a str);

/// The heredocs of the first instruction, and the keywords of all instructions.
fn check(src: &str, heredocs: &[Expect], keywords: &[&str]) {
    let file = parse_text(src);
    assert!(file.errors.is_empty(), "{src:?}: {:?}", file.errors);
    let got: Vec<Expect> = file.instructions[0]
        .heredocs
        .iter()
        .map(|h| {
            (
                h.delimiter.as_str(),
                h.chomp,
                h.quoted,
                h.fd,
                h.body.as_str(),
            )
        })
        .collect();
    assert_eq!(got, heredocs, "input {src:?}");
    let kw: Vec<&str> = file
        .instructions
        .iter()
        .map(|i| i.keyword.as_str())
        .collect();
    assert_eq!(kw, keywords, "input {src:?}");
}

#[test]
fn basic_forms() {
    check(
        "RUN <<EOF\necho hi\nEOF\n",
        &[("EOF", false, false, None, "echo hi\n")],
        &["RUN"],
    );
    check(
        "RUN <<EOF bash\n#!x\n\nEOF",
        &[("EOF", false, false, None, "#!x\n\n")],
        &["RUN"],
    );
    check(
        "COPY <<EOF /dst\na\nEOF\nCMD x",
        &[("EOF", false, false, None, "a\n")],
        &["COPY", "CMD"],
    );
    check(
        "ADD <<a.txt /\nx\na.txt\n",
        &[("a.txt", false, false, None, "x\n")],
        &["ADD"],
    );
    check(
        "RUN 3<<EOF cat /dev/fd/3\nz\nEOF",
        &[("EOF", false, false, Some(3), "z\n")],
        &["RUN"],
    );
    check(
        "RUN cat <<  EOF\nz\nEOF",
        &[("EOF", false, false, None, "z\n")],
        &["RUN"],
    );
    // The body keeps CRLF line endings; the terminator matches without them.
    check(
        "RUN <<EOF\r\na\r\nEOF\r\n",
        &[("EOF", false, false, None, "a\r\n")],
        &["RUN"],
    );
    // The next instruction or a comment may follow the terminator directly.
    check(
        "RUN <<EOF\nEOF\n# c\nCMD x",
        &[("EOF", false, false, None, "")],
        &["RUN", "CMD"],
    );
}

#[test]
fn quoted_delimiters() {
    check(
        "RUN <<'EOF'\n$x\nEOF",
        &[("EOF", false, true, None, "$x\n")],
        &["RUN"],
    );
    check(
        "RUN <<\"EOF\"\nEOF",
        &[("EOF", false, true, None, "")],
        &["RUN"],
    );
    check(
        "RUN <<eo'f'\neof",
        &[("eof", false, true, None, "")],
        &["RUN"],
    );
    check(
        "RUN <<eo\\'f\neo'f",
        &[("eo'f", false, false, None, "")],
        &["RUN"],
    );
    check(
        "RUN <<'e'o\\'f\neo'f",
        &[("eo'f", false, true, None, "")],
        &["RUN"],
    );
}

#[test]
fn chomp_strips_tabs_only() {
    check(
        "RUN <<-EOF\n\ta\n  b\n\t\tEOF\n",
        &[("EOF", true, false, None, "a\n  b\n")],
        &["RUN"],
    );
    // Without `-`, a tab-indented terminator is body text.
    let f = parse_text("RUN <<EOF\n\tEOF\n");
    assert_eq!(f.errors[0].message, "unterminated heredoc");
    // Spaces are never stripped.
    let f = parse_text("RUN <<-EOF\n  EOF\n");
    assert_eq!(f.errors[0].message, "unterminated heredoc");
}

#[test]
fn several_heredocs_in_order() {
    check(
        "COPY <<X <<Y /dest\nY\nX\nX\nY\n",
        &[
            ("X", false, false, None, "Y\n"),
            ("Y", false, false, None, "X\n"),
        ],
        &["COPY"],
    );
    check(
        "RUN cat <<-A <<B\n\tone\n\tA\ntwo\nB\nCMD z",
        &[
            ("A", true, false, None, "one\n"),
            ("B", false, false, None, "two\n"),
        ],
        &["RUN", "CMD"],
    );
}

#[test]
fn not_heredocs() {
    for src in [
        "RUN echo \"<<NOHEREDOC\"\nCMD x",
        "RUN cat<<EOF\nCMD x",
        "RUN cat <<<EOF\nCMD x",
        "RUN [\"<<EOF\"]\nCMD x",
        "CMD <<EOF\nCMD x",
        "ENV a=<<EOF\nCMD x",
    ] {
        let f = parse_text(src);
        assert!(f.errors.is_empty(), "{src:?}: {:?}", f.errors);
        assert_eq!(f.instructions.len(), 2, "{src:?}");
        assert!(f.instructions[0].heredocs.is_empty(), "{src:?}");
    }
}

#[test]
fn heredoc_after_continuation_and_in_onbuild() {
    check(
        "RUN cat \\\n <<EOF\nx\nEOF",
        &[("EOF", false, false, None, "x\n")],
        &["RUN"],
    );
    let f = parse_text("ONBUILD RUN <<EOF\nx\nEOF\nCMD y");
    assert_eq!(f.instructions.len(), 2);
    assert_eq!(f.instructions[0].heredocs.len(), 1);
    assert_eq!(f.instructions[0].effective().heredocs[0].body, "x\n");
}

#[test]
fn unterminated() {
    let src = "RUN <<EOF\na\nb";
    let f = parse_text(src);
    assert_eq!(f.errors.len(), 1);
    assert_eq!(f.errors[0].message, "unterminated heredoc");
    assert_eq!(&src[f.errors[0].span.range()], "<<EOF");
    let h = &f.instructions[0].heredocs[0];
    assert_eq!((h.body.as_str(), h.terminator_span), ("a\nb", None));
    assert_eq!(f.instructions[0].end_line, 2);
}

#[test]
fn spans() {
    let src = "RUN <<EOF cat\nline\nEOF\nCMD x\n";
    let f = parse_text(src);
    let ins = &f.instructions[0];
    let h = &ins.heredocs[0];
    assert_eq!(&src[h.word_span.range()], "<<EOF");
    assert_eq!(&src[h.body_span.range()], "line\n");
    assert_eq!(&src[h.terminator_span.unwrap().range()], "EOF");
    assert_eq!(&src[ins.span.range()], "RUN <<EOF cat\nline\nEOF");
    assert_eq!((ins.start_line, ins.end_line), (0, 2));
    // `rest` is the instruction line only, not the body.
    assert_eq!(ins.rest.text, "<<EOF cat");
}

#[test]
fn delimiter_lexing_edge_cases() {
    check(
        "RUN <<'a b'\nx\na b",
        &[("a b", false, true, None, "x\n")],
        &["RUN"],
    );
    check(
        "RUN <<$END\n$END",
        &[("$END", false, false, None, "")],
        &["RUN"],
    );
    check(
        "RUN <<  END  > f\nEND",
        &[("END", false, false, None, "")],
        &["RUN"],
    );
    check(
        "RUN << -END\n-END",
        &[("-END", false, false, None, "")],
        &["RUN"],
    );
    // `<<-` followed by a space is a word on its own: no heredoc.
    check("RUN cat <<- END", &[], &["RUN"]);
    // Only RUN, COPY and ADD read bodies: the next line is an instruction.
    let f = parse_text("USER <<X\nX");
    assert_eq!(f.instructions.len(), 2);
}
