//! The semantic model: scoping (`buildkit-parsing.md` §8.1), reference spans, stages and
//! stage references. Each helper renders the model as compact text so failures read well.

use dlint_semantic::{analyze, Base, Model, RefContext, StageTarget};
use dlint_syntax::parse_text;

fn model(src: &str) -> Model {
    analyze(&parse_text(src))
}

/// One line per reference: `NAME "source text" kind context [=value] [->decl line]`.
fn render_refs(src: &str, m: &Model) -> String {
    let mut out = Vec::new();
    for r in &m.references {
        let text = &src[r.span.range()];
        assert!(text.starts_with('$'), "span of {r:?} covers {text:?}");
        assert_eq!(&src[r.name_span.range()], r.name, "name span of {r:?}");
        let mut line = format!("{} {:?} {:?}", r.name, text, r.kind);
        if r.context != RefContext::Builder {
            line.push_str(&format!(" {:?}", r.context));
        }
        if let Some(v) = &r.value {
            line.push_str(&format!(" ={v}"));
        }
        if let Some(d) = m.declaration_of(r) {
            let line_no = src[..d.name_span.start].matches('\n').count() + 1;
            line.push_str(&format!(" ->{}@{}", d.name, line_no));
        }
        out.push(line);
    }
    out.join("\n")
}

/// Compares rendered lines with the expected text (trimmed).
fn assert_lines(got: impl Iterator<Item = String>, expected: &str, what: &str, src: &str) {
    let got: Vec<String> = got.collect();
    assert_eq!(got.join("\n"), expected.trim(), "{what} of:\n{src}");
}

fn check_refs(src: &str, expected: &str) {
    let m = model(src);
    assert_eq!(
        render_refs(src, &m),
        expected.trim(),
        "references of:\n{src}"
    );
}

/// One line per declaration: `NAME kind [=value] [redeclares]`.
fn check_decls(src: &str, expected: &str) {
    let m = model(src);
    let got = m.declarations.iter().map(|d| {
        assert_eq!(&src[d.name_span.range()], &*d.name);
        let mut s = format!("{} {:?}", d.name, d.kind);
        if let Some(v) = &d.value {
            s.push_str(&format!(" ={v}"));
        }
        if let Some(g) = d.redeclares {
            s.push_str(&format!(" redeclares#{g}"));
        }
        if d.redeclares_automatic {
            s.push_str(" redeclares-automatic");
        }
        s
    });
    assert_lines(got, expected, "declarations", src);
}

/// One line per stage: `index name base parent platform`.
fn check_stages(src: &str, expected: &str) {
    let m = model(src);
    let got = m.stages.iter().map(|s| {
        let base = match &s.base {
            Base::Image(t) => format!(
                "image:{}{}",
                t.value,
                if t.unresolved { "(unresolved)" } else { "" }
            ),
            Base::Scratch => "scratch".into(),
            Base::Stage(p) => format!("stage:{p}"),
            Base::Missing => "missing".into(),
        };
        let mut line = format!("{} {} {}", s.index, s.name.as_deref().unwrap_or("-"), base);
        if let Some(p) = &s.platform {
            line.push_str(&format!(" platform:{}", p.value));
        }
        if s.external_root {
            line.push_str(" external");
        }
        line
    });
    assert_lines(got, expected, "stages", src);
}

/// One line per stage reference: `kind "source text" target`.
fn check_stage_refs(src: &str, expected: &str) {
    let m = model(src);
    let got = (m.stage_refs.iter())
        .map(|r| format!("{:?} {:?} {:?}", r.kind, &src[r.span.range()], r.target));
    assert_lines(got, expected, "stage references", src);
}

/// The names in scope just before the first occurrence of `at`, as `NAME:kind[=value]`.
fn check_scope(src: &str, at: &str, expected: &str) {
    let m = model(src);
    let offset = src.find(at).expect("marker");
    let got: Vec<String> = m
        .variables_in_scope_at(offset)
        .into_iter()
        .filter(|(n, _)| !dlint_semantic::names::is_automatic_arg(n) || n == "TARGETARCH")
        .map(|(n, b)| match b.value {
            Some(v) => format!("{n}:{:?}={v}", b.kind),
            None => format!("{n}:{:?}", b.kind),
        })
        .collect();
    assert_eq!(got.join(" "), expected, "scope at {at:?} in:\n{src}");
}

#[test]
fn global_args_are_visible_only_in_from() {
    check_refs(
        "ARG V=1\nFROM alpine:$V\nRUN echo $V\nENV X=$V\n",
        r#"
V "$V" Global =1 ->V@1
V "$V" BaseImage Shell
V "$V" BaseImage
"#,
    );
    check_refs("ARG V=1\nFROM scratch\nENV X=$V\n", r#"V "$V" Undefined"#);
}

#[test]
fn redeclared_global_inherits_its_default() {
    let src = "ARG V=1\nARG W=$V-x\nFROM scratch\nARG V\nARG W=own\nENV X=$V Y=$W\n";
    check_refs(
        src,
        r#"
V "$V" Global =1 ->V@1
V "$V" RedeclaredGlobal =1 ->V@4
W "$W" Arg =own ->W@5
"#,
    );
    check_decls(
        src,
        "V GlobalArg =1\nW GlobalArg =1-x\nV Arg =1 redeclares#0\nW Arg =own redeclares#1\nX Env =1\nY Env =own",
    );
}

#[test]
fn child_stages_inherit_and_unrelated_stages_do_not() {
    check_refs(
        "FROM scratch AS a\nARG A=1\nENV E=2\nFROM a AS b\nRUN echo $A $E\nFROM scratch AS c\nENV Z=$A$E\n",
        r#"
A "$A" ParentArg Shell =1 ->A@2
E "$E" ParentEnv Shell =2 ->E@3
A "$A" Undefined
E "$E" Undefined
"#,
    );
}

#[test]
fn env_overrides_arg_of_the_same_name() {
    check_refs(
        "FROM scratch\nARG X=arg\nENV X=env\nARG X=arg2\nENV Y=$X\n",
        r#"X "$X" Env =env ->X@3"#,
    );
}

#[test]
fn a_name_is_unset_before_its_declaration() {
    let src = "FROM scratch\nENV A=${X:-d}\nARG X=1\nENV B=$X\n";
    check_refs(
        src,
        r#"
X "${X:-d}" Undefined
X "$X" Arg =1 ->X@3
"#,
    );
    check_decls(src, "A Env =d\nX Arg =1\nB Env =1");
}

#[test]
fn one_instruction_is_evaluated_against_the_scope_before_it() {
    let src = "FROM scratch\nENV a=1\nENV a=2 b=$a\nENV c=$a\n";
    check_refs(
        src,
        r#"
a "$a" Env =1 ->a@2
a "$a" Env =2 ->a@3
"#,
    );
    check_decls(src, "a Env =1\na Env =2\nb Env =1\nc Env =2");
}

#[test]
fn platform_args_need_redeclaration() {
    check_refs(
        "FROM --platform=$BUILDPLATFORM scratch\nENV A=$TARGETARCH\nARG TARGETARCH\nENV B=$TARGETARCH\n",
        r#"
BUILDPLATFORM "$BUILDPLATFORM" Automatic
TARGETARCH "$TARGETARCH" Undefined
TARGETARCH "$TARGETARCH" RedeclaredAutomatic ->TARGETARCH@3
"#,
    );
    check_decls(
        "FROM scratch\nARG TARGETARCH\n",
        "TARGETARCH Arg redeclares-automatic",
    );
}

#[test]
fn special_names_and_proxies() {
    check_refs(
        "FROM scratch\nRUN curl $HTTP_PROXY $1 $@\nENV A=$http_proxy B=$BUILDKIT_SBOM_SCAN_STAGE\n",
        r#"
HTTP_PROXY "$HTTP_PROXY" Proxy Shell
1 "$1" Special Shell
@ "$@" Special Shell
http_proxy "$http_proxy" Undefined
BUILDKIT_SBOM_SCAN_STAGE "$BUILDKIT_SBOM_SCAN_STAGE" BuildkitArg
"#,
    );
}

#[test]
fn where_the_builder_expands() {
    check_refs(
        "FROM scratch\nARG A=a\nCOPY --chown=$A ${A}/x /$A\nWORKDIR /$A\nUSER $A\nLABEL l=$A\nEXPOSE $A\nVOLUME $A\nSTOPSIGNAL $A\nCMD echo $A\nENTRYPOINT [\"echo\", \"$A\"]\nMAINTAINER $A\nSHELL [\"sh\", \"$A\"]\n",
        r#"
A "$A" Arg =a ->A@2
A "${A}" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg =a ->A@2
A "$A" Arg Shell =a ->A@2
"#,
    );
}

#[test]
fn spans_cross_continuation_lines() {
    let src = "FROM scratch\nARG FOO=1\nRUN echo \\\n  $FOO && \\\n# comment\n  echo \"${FOO}\"\nENV A=x B=$FOO \\\n  C=${FOO:-y}\n";
    check_refs(
        src,
        r#"
FOO "$FOO" Arg Shell =1 ->FOO@2
FOO "${FOO}" Arg Shell =1 ->FOO@2
FOO "$FOO" Arg =1 ->FOO@2
FOO "${FOO:-y}" Arg =1 ->FOO@2
"#,
    );
}

#[test]
fn spans_with_backtick_escape() {
    let src = "# escape=`\nFROM scratch\nARG FOO=c:\\x\nRUN echo `\n  $FOO\nENV A=`$FOO B=$FOO `\n  C=${FOO}\nWORKDIR $FOO\\sub\n";
    check_refs(
        src,
        r#"
FOO "$FOO" Arg Shell =c:\x ->FOO@3
FOO "$FOO" Arg =c:\x ->FOO@3
FOO "${FOO}" Arg =c:\x ->FOO@3
FOO "$FOO" Arg =c:\x ->FOO@3
"#,
    );
    check_decls(
        src,
        "FOO Arg =c:\\x\nA Env =$FOO\nB Env =c:\\x\nC Env =c:\\x",
    );
}

#[test]
fn heredocs_and_onbuild() {
    let src = "FROM scratch\nARG N=1\nCOPY <<EOF /f\nn=$N \"$N\"\nEOF\nRUN <<'EOF'\necho $N\nEOF\nRUN <<EOF\necho $N\nEOF\nONBUILD RUN echo $Z\n";
    check_refs(
        src,
        r#"
N "$N" Arg =1 ->N@2
N "$N" Arg =1 ->N@2
N "$N" Arg Shell =1 ->N@2
Z "$Z" Deferred Onbuild
"#,
    );
}

#[test]
fn single_quotes_and_escapes_are_not_references() {
    check_refs("FROM scratch\nENV A='$X' B=\\$Y\nRUN echo '$Z' \\$W\n", "");
}

#[test]
fn stages_and_bases() {
    check_stages(
        "ARG B=base\nARG TAG\nFROM alpine AS Base\nFROM ${B} AS build\nFROM --platform=$BUILDPLATFORM busybox:${TAG}\nFROM build\nFROM scratch AS out\nFROM out AS more\n",
        r#"
0 base image:alpine external
1 build stage:0 external
2 - image:busybox:(unresolved) platform: external
3 - stage:1 external
4 out scratch
5 more stage:4
"#,
    );
}

#[test]
fn stage_references() {
    check_stage_refs(
        "FROM alpine AS Base\nFROM base AS build\nCOPY --from=BASE /a /b\nCOPY --from=0 /a /b\nCOPY --from=1 /a /b\nCOPY --from=later /a /b\nCOPY --from=nginx:latest /a /b\nCOPY --from=$X /a /b\nCOPY --from=7 /a /b\nRUN --mount=type=cache,from=base,target=/x true\nFROM later AS later\n",
        r#"
From "base" Stage(0)
CopyFrom "BASE" Stage(0)
CopyFrom "0" Stage(0)
CopyFrom "1" SelfRef(1)
CopyFrom "later" Forward(2)
CopyFrom "nginx:latest" Image
CopyFrom "$X" Variable
CopyFrom "7" NoSuchIndex
MountFrom "base" Stage(0)
From "later" SelfRef(2)
"#,
    );
    let m = model("FROM alpine AS Base\nFROM base\nFROM scratch\nFROM 1\n");
    assert_eq!(m.parent_chain(1), vec![1, 0]);
    assert_eq!(m.parent_chain(2), vec![2]);
    assert_eq!(m.parent_chain(99), Vec::<usize>::new());
    assert_eq!(m.resolve_stage_ref("BASE"), Some(0));
    assert_eq!(m.resolve_stage_ref("1"), Some(1));
    assert_eq!(m.resolve_stage_ref("4"), None);
    // FROM takes no stage indices: `FROM 1` is an image.
    assert!(matches!(m.stages[3].base, Base::Image(_)));
    assert_eq!(m.stage_by_name("Base").map(|s| s.index), Some(0));
    assert!(matches!(m.stage_refs[0].target, StageTarget::Stage(0)));
}

#[test]
fn scope_queries() {
    let src = "ARG G=1\nFROM scratch AS a\nARG G\nENV E=2\n# here\nRUN true\nFROM a\nARG TARGETARCH\nRUN x\n";
    check_scope(src, "ARG G=1", "TARGETARCH:Automatic");
    check_scope(src, "FROM scratch", "G:Global=1 TARGETARCH:Automatic");
    check_scope(src, "ENV E", "G:RedeclaredGlobal=1");
    check_scope(src, "# here", "E:Env=2 G:RedeclaredGlobal=1");
    check_scope(src, "RUN true", "E:Env=2 G:RedeclaredGlobal=1");
    check_scope(
        src,
        "RUN x",
        "E:ParentEnv=2 G:ParentArg=1 TARGETARCH:RedeclaredAutomatic",
    );
    let m = model(src);
    assert_eq!(
        m.stage_at(src.find("RUN true").unwrap()).map(|s| s.index),
        Some(0)
    );
    assert_eq!(
        m.stage_at(src.find("RUN x").unwrap()).map(|s| s.index),
        Some(1)
    );
    assert!(m.stage_at(0).is_none());
}

#[test]
fn find_references_and_linked_declarations() {
    let src = "ARG V=1\nFROM alpine:$V AS a\nARG V\nRUN echo $V ${V}\nFROM a\nENV X=$V\n";
    let m = model(src);
    let stage_v = m
        .declaration_at(src.find("ARG V\n").unwrap() + 4)
        .expect("stage ARG V");
    let spans: Vec<&str> = m
        .references_to(stage_v)
        .map(|r| &src[r.span.range()])
        .collect();
    assert_eq!(spans, ["$V", "${V}", "$V"]);
    assert_eq!(m.references_to(0).count(), 1);
    assert_eq!(m.linked_declarations(stage_v), vec![0, stage_v]);
    assert_eq!(m.linked_declarations(0), vec![0, stage_v]);
    let r = m
        .reference_at(src.find("${V}").unwrap() + 2)
        .expect("reference");
    assert_eq!(r.declaration, Some(stage_v));
}

#[test]
fn expansion_errors_point_at_the_word() {
    let src = "FROM scratch\nENV A=${B:?unset}\nWORKDIR ${\n";
    let m = model(src);
    let got: Vec<(String, &str)> = m
        .expansion_errors
        .iter()
        .map(|e| (e.message.clone(), &src[e.span.range()]))
        .collect();
    assert_eq!(
        got,
        [
            ("B: unset".to_string(), "${B:?unset}"),
            ("syntax error: missing '}'".to_string(), "${"),
        ]
    );
}

#[test]
fn queries_accept_any_offset() {
    let src = "ARG A=1\nFROM scratch\nENV B=$A\n";
    let m = model(src);
    for offset in [0, 3, src.len(), src.len() + 1, usize::MAX] {
        let _ = m.variables_in_scope_at(offset);
        let _ = m.reference_at(offset);
        let _ = m.declaration_at(offset);
        let _ = m.instruction_at(offset);
    }
    assert_eq!(m.stage_at(usize::MAX).map(|s| s.index), Some(0));
    assert!(m.references_to(usize::MAX).next().is_none());
    assert!(m.linked_declarations(usize::MAX).is_empty());
    let empty = model("");
    assert!(empty.stages.is_empty() && empty.references.is_empty());
    assert!(empty
        .variables_in_scope_at(0)
        .iter()
        .any(|(n, _)| n == "TARGETOS"));
}
