//! Re-lowering one instruction from its range (what the incremental document does) gives
//! exactly what lowering the whole file gives, and the splitter agrees with the parser.

use dlint_syntax::lower::{lower_instruction, split_instructions};
use dlint_syntax::parse_text;

fn check_file(src: &str, name: &str) {
    let file = parse_text(src);
    let split = split_instructions(src);
    assert_eq!(split.instructions.len(), file.instructions.len(), "{name}");
    assert_eq!((split.escape, split.bom), (file.escape, file.bom), "{name}");
    for (range, whole) in split.instructions.iter().zip(&file.instructions) {
        assert_eq!(range.span, whole.span, "{name}");
        let (alone, _errors) =
            lower_instruction(src, range.lines, split.escape, range.doc_comments.clone());
        assert_eq!(
            &alone, whole,
            "{name}: instruction at line {}",
            whole.start_line
        );
    }
}

#[test]
fn small_cases() {
    for src in [
        "FROM a\nRUN b \\\n  c\n# x\nCMD d",
        "\u{feff}FROM a",
        "# escape=`\nRUN a `\n b\nCOPY <<EOF /x\nbody\nEOF\n",
        "# doc\nARG X=1\n\n# d2\nFROM b AS c\nONBUILD RUN <<A\nx\nA\n",
        "RUN <<EOF\nunterminated",
    ] {
        check_file(src, &format!("{src:?}"));
    }
}

#[test]
fn real_corpus_instructions_relower_identically() {
    for path in dlint_test_support::real_dockerfiles() {
        let src = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        check_file(&src, &path.display().to_string());
    }
}

#[test]
fn bad_ranges_do_not_panic() {
    let src = "RUN é \\\n a\nCMD b";
    for (s, e) in [(0, 999), (2, 1), (5, 6), (6, 6), (999, 1000)] {
        let _ = lower_instruction(src, dlint_syntax::Span::new(s, e), '\\', Vec::new());
    }
    let (ins, _) = lower_instruction(src, dlint_syntax::Span::new(0, 11), '\\', Vec::new());
    assert_eq!(ins.rest.text, "é  a");
}
