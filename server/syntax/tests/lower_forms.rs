//! Per-instruction argument forms, checked through BuildKit's dump format (the same
//! shape as upstream's `result` files), plus the model fields the dump does not show.

use dlint_syntax::ast::*;
use dlint_syntax::dump::buildkit_dump;
use dlint_syntax::parse_text;

/// Parses `src` and compares its dump (lines joined by `\n`, no final newline).
fn check(src: &str, expected: &str) {
    let file = parse_text(src);
    let dump = buildkit_dump(&file).unwrap_or_else(|e| panic!("{src:?}: errors {e:?}"));
    assert_eq!(dump.trim_end(), expected, "input {src:?}");
}

/// Parses `src` and expects exactly these error messages.
fn check_errors(src: &str, expected: &[&str]) {
    let file = parse_text(src);
    let got: Vec<&str> = file.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(got, expected, "input {src:?}");
}

fn only(src: &str) -> Instruction {
    let mut f = parse_text(src);
    assert_eq!(f.instructions.len(), 1, "{src:?}");
    f.instructions.remove(0)
}

#[test]
fn exec_and_shell_form() {
    check(r#"CMD ["a", "b c"]"#, r#"(cmd "a" "b c")"#);
    check("CMD []", "(cmd)");
    check("RUN", "(run)");
    check("RUN   echo  a  ", r#"(run "echo  a")"#);
    check(r#"RUN ["a\u00e9\n"]"#, r#"(run "aé\n")"#);
    // Not JSON: silently shell form.
    check("CMD ['a']", r#"(cmd "['a']")"#);
    check(r#"CMD ["a" "b"]"#, r#"(cmd "[\"a\" \"b\"]")"#);
    check(r#"CMD ["a"] && b"#, r#"(cmd "[\"a\"] && b")"#);
    check(
        r#"ENTRYPOINT ["a", 1e999]"#,
        r#"(entrypoint "[\"a\", 1e999]")"#,
    );
    check_errors(
        r#"CMD ["a", 1]"#,
        &["when using JSON array syntax, arrays must be comprised of strings only"],
    );
    check_errors(
        r#"SHELL ["a", {"b": null}]"#,
        &["when using JSON array syntax, arrays must be comprised of strings only"],
    );

    assert!(matches!(
        only(r#"RUN ["a"]"#).command(),
        Some(Command::Exec(_))
    ));
    assert!(matches!(only("RUN [a]").command(), Some(Command::Shell(_))));
}

#[test]
fn paths_json_or_words() {
    check(r#"COPY ["a b", "/c"]"#, r#"(copy "a b" "/c")"#);
    check("COPY a\tb  /c", r#"(copy "a" "b" "/c")"#);
    check(r#"VOLUME "/a b""#, r#"(volume "\"/a" "b\"")"#);
    check("ADD", "(add)");
    match only(r#"ADD ["x"]"#).body {
        Body::Paths { json, paths } => assert!(json && paths[0].text == "x"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn env_and_label_forms() {
    check("ENV A 1 B 2", r#"(env "A" "1 B 2" "")"#);
    check(
        "ENV A=1 B=\"2 3\"",
        r#"(env "A" "1" "=" "B" "\"2 3\"" "=")"#,
    );
    check("LABEL a=b=c", r#"(label "a" "b=c" "=")"#);
    check("LABEL \"a b\"=c", r#"(label "\"a b\"" "c" "=")"#);
    check("ENV", "(env)");
    check("ENV a=", r#"(env "a" "" "=")"#);
    check_errors("ENV PATH", &["ENV must have two arguments"]);
    check_errors("LABEL x", &["LABEL must have two arguments"]);
    check_errors(
        "ENV a=1 b",
        &[r#"Syntax error - can't find = in "b". Must be of the form: name=value"#],
    );
    match only("ENV K  v w").body {
        Body::KeyValues { legacy, pairs } => {
            assert!(legacy);
            assert_eq!(
                (pairs[0].key.text.as_str(), pairs[0].value.text.as_str()),
                ("K", "v w")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn escape_in_words_follows_the_directive() {
    check("# escape=`\nENV a=b` c", r#"(env "a" "b` c" "=")"#);
    // With the backtick escape a backslash is an ordinary character.
    check_errors(
        "# escape=`\nENV a=b\\ c",
        &[r#"Syntax error - can't find = in "c". Must be of the form: name=value"#],
    );
}

#[test]
fn flags() {
    check(
        "COPY --from=a --chown=\"b c\" x y",
        r#"(copy ["--from=a" "--chown=b c"] "x" "y")"#,
    );
    check("COPY --link x y", r#"(copy ["--link"] "x" "y")"#);
    check("COPY --a=b\\ c -- --d y", r#"(copy ["--a=b c"] "--d" "y")"#);
    check(
        "RUN --mount=type=cache,target=/x echo",
        r#"(run ["--mount=type=cache,target=/x"] "echo")"#,
    );
    check("RUN --x", r#"(run ["--x"])"#);
    check("RUN --", "(run)");
    check("RUN -x a", r#"(run "-x a")"#);
    check(
        "# escape=`\nCOPY --a=b` c d e",
        r#"(copy ["--a=b c"] "d" "e")"#,
    );
    let ins = only("COPY --chmod=755 --link a b");
    let f = ins.flag("CHMOD").unwrap();
    assert_eq!(
        (f.name.as_str(), f.value.as_deref()),
        ("chmod", Some("755"))
    );
    assert_eq!(ins.flag("link").unwrap().value, None);
}

#[test]
fn arg_forms() {
    check(r#"ARG a b=1 c="2 3""#, r#"(arg "a" "b=1" "c=\"2 3\"")"#);
    check("ARG", "(arg)");
    match only("ARG v=1=2 w").body {
        Body::Args(a) => {
            assert_eq!(a[0].name.text, "v");
            assert_eq!(a[0].default.as_ref().unwrap().text, "1=2");
            assert!(a[1].default.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn from_forms() {
    check("FROM a AS b", r#"(from "a" "AS" "b")"#);
    check("from --platform=$P a", r#"(from ["--platform=$P"] "a")"#);
    match only("FROM img as Build").body {
        Body::From {
            image,
            as_keyword,
            stage_name,
            words,
        } => {
            assert_eq!(image.unwrap().text, "img");
            assert!(as_keyword.is_some());
            assert_eq!(stage_name.unwrap().text, "Build");
            assert_eq!(words.len(), 3);
        }
        other => panic!("{other:?}"),
    }
    match only("FROM a b").body {
        Body::From {
            stage_name, words, ..
        } => assert!(stage_name.is_none() && words.len() == 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn text_and_word_instructions() {
    check("USER  a b ", r#"(user "a b")"#);
    check("WORKDIR", "(workdir)");
    check("EXPOSE 80/tcp  \"443\"", r#"(expose "80/tcp" "\"443\"")"#);
    check("STOPSIGNAL SIGKILL", r#"(stopsignal "SIGKILL")"#);
    check("MAINTAINER me <m@x>", r#"(maintainer "me <m@x>")"#);
}

#[test]
fn healthcheck_forms() {
    check("HEALTHCHECK NONE", r#"(healthcheck "NONE")"#);
    check(
        "HEALTHCHECK --retries=3 CMD [\"a\"]",
        r#"(healthcheck ["--retries=3"] "CMD" "a")"#,
    );
    check(
        "HEALTHCHECK CMD  curl -f x",
        r#"(healthcheck "CMD" "curl -f x")"#,
    );
    let ins = only("HEALTHCHECK CMD [\"a\"]");
    assert!(matches!(ins.command(), Some(Command::Exec(_))));
}

#[test]
fn onbuild_nests_its_trigger() {
    check("ONBUILD RUN a", r#"(onbuild (run "a"))"#);
    check(
        "ONBUILD COPY --from=x a b",
        r#"(onbuild (copy ["--from=x"] "a" "b"))"#,
    );
    check("ONBUILD ONBUILD RUN a", r#"(onbuild (onbuild (run "a")))"#);
    check("ONBUILD", "(onbuild)");
    let ins = only("ONBUILD run [\"x\"]");
    let inner = ins.effective();
    assert_eq!(
        (inner.kind, inner.keyword.as_str()),
        (InstructionKind::Run, "run")
    );
    assert!(matches!(inner.command(), Some(Command::Exec(_))));
    // Absurd nesting is cut off instead of overflowing the stack.
    let deep = "ONBUILD ".repeat(5000) + "RUN x";
    assert_eq!(parse_text(&deep).instructions.len(), 1);
}

#[test]
fn unknown_keywords_keep_parsing() {
    check("FOO bar baz", r#"(foo "")"#);
    check("FROM a\nfRoM b", "(from \"a\")\n(from \"b\")");
    let ins = only("Bogus x");
    assert_eq!(
        (ins.kind, ins.keyword.as_str()),
        (InstructionKind::Unknown, "Bogus")
    );
}
