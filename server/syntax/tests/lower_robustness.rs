//! Hostile input never panics: mutated corpus files full of escapes, quotes, heredoc
//! markers, brackets and multi-byte characters still lower, with spans on char
//! boundaries, and re-lowering each instruction alone still matches.

use dlint_syntax::dump::buildkit_dump;
use dlint_syntax::lower::{lower_instruction, split_instructions};
use dlint_syntax::parse_text;

/// A tiny deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "\\",
    "`",
    "\"",
    "'",
    "<<",
    "<<-",
    "<<'E'",
    "E\n",
    "[",
    "]",
    "\n",
    "\r",
    "\r\n",
    "#",
    " ",
    "\t",
    "é",
    "😀",
    "\u{a0}",
    "--",
    "=",
    "${",
    "}",
    "\\\n",
    "`\n",
    "# escape=`\n",
    "ONBUILD ",
    "RUN ",
    "COPY ",
    "ENV ",
    "HEALTHCHECK ",
    "\u{feff}",
    "3<<",
    "[\"a\", 1]",
];

fn mutate(src: &str, rng: &mut Rng) -> String {
    let mut out = src.to_owned();
    for _ in 0..1 + rng.below(8) {
        let mut at = rng.below(out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        if rng.below(3) == 0 && at < out.len() {
            let mut end = (at + 1 + rng.below(6)).min(out.len());
            while !out.is_char_boundary(end) {
                end += 1;
            }
            out.replace_range(at..end, "");
        } else {
            out.insert_str(at, PIECES[rng.below(PIECES.len())]);
        }
    }
    out
}

fn check(src: &str) {
    let file = parse_text(src);
    let _ = buildkit_dump(&file);
    for ins in &file.instructions {
        for span in [ins.span, ins.keyword_span] {
            assert!(
                span.end <= src.len()
                    && src.is_char_boundary(span.start)
                    && src.is_char_boundary(span.end),
                "{src:?}"
            );
        }
        for f in &ins.flags {
            assert!(
                src.get(f.span.range()).is_some() && src.get(f.name_span.range()).is_some(),
                "{src:?}"
            );
        }
    }
    let split = split_instructions(src);
    for (range, whole) in split.instructions.iter().zip(&file.instructions) {
        let (alone, _) =
            lower_instruction(src, range.lines, split.escape, range.doc_comments.clone());
        assert_eq!(&alone, whole, "{src:?}");
    }
}

#[test]
fn mutated_corpus_files_never_panic() {
    let files = dlint_test_support::real_dockerfiles();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..3000 {
        let path = &files[rng.below(files.len())];
        let src = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let mutated = mutate(&src, &mut rng);
        let result = std::panic::catch_unwind(|| check(&mutated));
        assert!(
            result.is_ok(),
            "iteration {i}, from {}:\n{mutated:?}",
            path.display()
        );
    }
}

#[test]
fn tiny_hostile_inputs() {
    for src in [
        "\\",
        "`",
        "\u{feff}",
        "\u{feff}\\",
        "#",
        "# escape=`\n`",
        "RUN [",
        "RUN [\"\\u",
        "RUN <<",
        "RUN <<E",
        "RUN <<E\n",
        "COPY <<'",
        "ONBUILD",
        "ONBUILD ONBUILD",
        "ENV \"",
        "ENV a=\"",
        "ARG =",
        "RUN --",
        "RUN --a=\"",
        "RUN --a=\\",
        "HEALTHCHECK \u{a0}CMD x",
        "\r",
        "\r\r\n",
        "\n\\\n",
        "FROM a\n\\\n  \n",
        "RUN a\\\u{a0}\nb",
        "LABEL 😀 é",
        "RUN é\\",
        "CMD [\"\u{0}\"]",
    ] {
        check(src);
    }
}
