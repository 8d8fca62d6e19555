//! Source spans: every word, flag and keyword points at the user's real text, also
//! across continuation lines, with CRLF and with the backtick escape; `LogicalText`
//! maps logical offsets back to source bytes.

use dlint_syntax::ast::*;
use dlint_syntax::parse_text;

fn words_of(ins: &Instruction) -> Vec<&Word> {
    match &ins.body {
        Body::From { words, .. } | Body::Words(words) | Body::Paths { paths: words, .. } => {
            words.iter().collect()
        }
        Body::KeyValues { pairs, .. } => pairs.iter().flat_map(|p| [&p.key, &p.value]).collect(),
        Body::Args(a) => a.iter().map(|a| &a.word).collect(),
        Body::Text(t) => t.iter().collect(),
        Body::Healthcheck { kind, .. } => kind.iter().collect(),
        Body::Command(Some(Command::Exec(e))) => e.elements.iter().collect(),
        _ => Vec::new(),
    }
}

/// The source text under each body word of the first instruction.
fn check(src: &str, expected: &[&str]) {
    let f = parse_text(src);
    let ins = &f.instructions[0];
    let got: Vec<&str> = words_of(ins).iter().map(|w| &src[w.span.range()]).collect();
    assert_eq!(got, expected, "input {src:?}");
}

#[test]
fn word_spans() {
    check("FROM  img:1  AS  b", &["img:1", "AS", "b"]);
    check("COPY a \\\n  b c", &["a", "b", "c"]);
    check("COPY a\\\nb c", &["a\\\nb", "c"]);
    check(
        "ENV k=v \\\n  k2=\"x \\\n y\"",
        &["k", "v", "k2", "\"x \\\n y\""],
    );
    check("ENV K some \\\n value", &["K", "some \\\n value"]);
    check("ARG a=1 \\\r\n  b", &["a=1", "b"]);
    check("# escape=`\nCOPY C:\\a `\n  D:\\b", &["C:\\a", "D:\\b"]);
    check(
        "# escape=`\nENV p=C:\\x q=a` b",
        &["p", "C:\\x", "q", "a` b"],
    );
    check("CMD [ \"a\", \\\n \"b\\\"c\" ]", &["\"a\"", "\"b\\\"c\""]);
    check("USER  me  ", &["me"]);
    check("HEALTHCHECK --retries=1 CMD x", &["CMD"]);
    check("EXPOSE 80 \\\n# c\n 443", &["80", "443"]);
}

#[test]
fn keyword_and_flag_spans() {
    let src = "  run \\\n  --mount=type=cache,target=/x \\\n --network=\"none\" --link echo";
    let f = parse_text(src);
    let ins = &f.instructions[0];
    assert_eq!(&src[ins.keyword_span.range()], "run");
    let texts: Vec<(&str, &str, Option<&str>)> = ins
        .flags
        .iter()
        .map(|fl| {
            (
                &src[fl.span.range()],
                &src[fl.name_span.range()],
                fl.value_span.map(|v| &src[v.range()]),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            (
                "--mount=type=cache,target=/x",
                "mount",
                Some("type=cache,target=/x")
            ),
            ("--network=\"none\"", "network", Some("\"none\"")),
            ("--link", "link", None),
        ]
    );
    assert_eq!(ins.flags[1].value.as_deref(), Some("none"));
    assert_eq!(&src[ins.span.range()], &src[2..]);
}

#[test]
fn onbuild_trigger_spans() {
    let src = "ONBUILD  COPY --from=a x \\\n y";
    let f = parse_text(src);
    let inner = f.instructions[0].effective();
    assert_eq!(&src[inner.keyword_span.range()], "COPY");
    assert_eq!(&src[inner.flags[0].span.range()], "--from=a");
    let paths: Vec<&str> = words_of(inner)
        .iter()
        .map(|w| &src[w.span.range()])
        .collect();
    assert_eq!(paths, ["x", "y"]);
}

#[test]
fn logical_text_maps_every_offset_to_its_source_byte() {
    let src = "RUN echo a \\\n  # note\n\n   b\\\n\\\nc";
    let f = parse_text(src);
    let rest = &f.instructions[0].rest;
    assert_eq!(rest.text, "echo a    bc");
    for (i, ch) in rest.text.char_indices() {
        // The first byte of a range: at a run boundary, the start of the next run.
        let at = rest.to_source_start(i);
        assert_eq!(src[at..].chars().next(), Some(ch), "logical offset {i}");
    }
    // Ends of runs map back to the end of the earlier run.
    let b = rest.text.find('b').unwrap();
    assert_eq!(rest.to_source(b + 1), src.find("b\\").unwrap() + 1);
    assert_eq!(rest.to_source_start(b + 1), src.rfind('c').unwrap());
    let shell = match f.instructions[0].command() {
        Some(Command::Shell(t)) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        &src[shell.span_to_source(0, shell.text.len()).range()],
        &src[4..]
    );
}

#[test]
fn non_ascii_spans_stay_on_char_boundaries() {
    let src = "LABEL désc=\"日本 😀\" \\\n  ñ=1";
    let f = parse_text(src);
    let got: Vec<&str> = words_of(&f.instructions[0])
        .iter()
        .map(|w| &src[w.span.range()])
        .collect();
    assert_eq!(got, ["désc", "\"日本 😀\"", "ñ", "1"]);
}
