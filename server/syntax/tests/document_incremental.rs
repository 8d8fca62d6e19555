//! Incremental documents must always equal a fresh parse: thousands of random edits on
//! real Dockerfiles, each checked against `parse_text` and a fresh tree-sitter parse.

use dlint_syntax::document::{parse_tree, Document};
use dlint_syntax::{parse_text, Span};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Text that changes structure when typed: continuations, heredocs, comments, keywords,
/// multi-byte and CRLF text.
const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "\n",
    "\\",
    "\\\n",
    "`\n",
    "\r\n",
    "# c\n",
    "#",
    "RUN a\n",
    "FROM b AS c\n",
    "<<EOF",
    "<<-EOF\n",
    "EOF\n",
    "\tEOF\n",
    "\"",
    "'",
    "é",
    "日本",
    "🦀",
    "ENV A=1 \\\n",
    "\n\n",
    " \\\n  # note\n\n",
    "COPY <<A <<B /x\na\nA\nb\nB\n",
    "ONBUILD RUN <<X\nX\n",
];

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn random_edit(rng: &mut Rng, text: &str) -> (Span, String) {
    let start = floor_boundary(text, rng.below(text.len() + 1));
    let max_del = (text.len() - start).min(40);
    let end = floor_boundary(
        text,
        start
            + if rng.below(3) == 0 {
                rng.below(max_del + 1)
            } else {
                0
            },
    );
    let insert = if rng.below(5) == 0 && end > start {
        String::new()
    } else {
        SNIPPETS[rng.below(SNIPPETS.len())].to_owned()
    };
    (Span::new(start, end), insert)
}

#[test]
fn random_edits_on_real_files_match_fresh_parses() {
    let files = dlint_test_support::real_dockerfiles();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut edits = 0;
    for path in files.iter().step_by(29) {
        let text = std::fs::read_to_string(path).unwrap();
        let mut doc = Document::new(&text, 0);
        for step in 0..40 {
            let (span, insert) = random_edit(&mut rng, doc.text());
            let before = doc.text().to_owned();
            doc.apply_edit(span, &insert).unwrap();
            edits += 1;
            let fresh = parse_text(doc.text());
            assert!(
                **doc.syntax() == fresh,
                "{}: model differs from a fresh parse after edit {step} ({span:?} -> {insert:?})\n\
                 before:\n{before}\nafter:\n{}",
                path.display(),
                doc.text()
            );
            assert_eq!(
                doc.tree().root_node().to_sexp(),
                parse_tree(doc.text(), None).root_node().to_sexp(),
                "{}: tree differs after edit {step}",
                path.display()
            );
        }
    }
    assert!(edits >= 2000, "only {edits} edits were tried");
}

#[test]
fn edits_keep_spans_pointing_at_the_same_text() {
    let text = "FROM a\nRUN echo one\n# about two\nRUN echo two \\\n  more\nCOPY <<EOF /x\nbody\nEOF\nRUN echo three\n";
    let mut doc = Document::new(text, 0);
    doc.apply_edit(Span::new(16, 19), "uno, dos y tres")
        .unwrap();
    let t = doc.text().to_owned();
    let last = doc.syntax().instructions.last().unwrap();
    assert_eq!(&t[last.span.range()], "RUN echo three");
    assert_eq!(last.start_line, 8);
    assert_eq!(doc.syntax().comments[0].text, "about two");
    assert_eq!(&t[doc.syntax().comments[0].span.range()], "# about two");
}

#[test]
fn relower_works_incrementally_and_matches_a_fresh_parse() {
    let files = dlint_test_support::real_dockerfiles();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut incremental, mut total) = (0, 0);
    for path in files.iter().step_by(stride()) {
        let mut text = std::fs::read_to_string(path).unwrap();
        let mut model = parse_text(&text);
        for _ in 0..10 {
            let (span, insert) = random_edit(&mut rng, &text);
            let before = text.clone();
            text.replace_range(span.range(), &insert);
            total += 1;
            if dlint_syntax::lower::relower(&mut model, &text, span, insert.len()) {
                incremental += 1;
            }
            assert!(
                model == parse_text(&text),
                "{}: {span:?} -> {insert:?}\nbefore:\n{before}",
                path.display()
            );
        }
    }
    assert!(
        incremental * 10 >= total * 8,
        "only {incremental} of {total} edits were incremental"
    );
}

/// Every `DLINT_FUZZ_STRIDE`-th corpus file (default 7); 1 for a long local run.
fn stride() -> usize {
    std::env::var("DLINT_FUZZ_STRIDE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
}
