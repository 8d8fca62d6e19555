//! Reference parsing and normalisation, checked against Docker's documented behaviour.

use dlint_imageref::{
    apply_edits, pin_edit, retag_and_pin_edit, retag_edit, whole_range, Edit, ImageRef,
    ReferenceError,
};

fn norm(text: &str) -> (String, String, Option<String>, Option<String>) {
    let r = ImageRef::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    (
        r.domain().to_string(),
        r.path().to_string(),
        r.tag().map(str::to_string),
        r.digest().map(str::to_string),
    )
}

const D: &str = "sha256:256bfe68946c28aa0f0a42034717fbb33e8d705ce88ffcfd497c0e5bd33951e7";

#[test]
fn docker_hub_names_get_domain_and_library() {
    assert_eq!(norm("alpine").0, "docker.io");
    assert_eq!(norm("alpine").1, "library/alpine");
    assert_eq!(norm("alpine").2, None);
    assert_eq!(norm("user/app").1, "user/app");
    assert_eq!(norm("docker.io/ubuntu").1, "library/ubuntu");
    assert_eq!(norm("index.docker.io/ubuntu").0, "docker.io");
    assert_eq!(norm("index.docker.io/ubuntu").1, "library/ubuntu");
    assert_eq!(
        norm("docker.io/library/ubuntu:22.04").2.as_deref(),
        Some("22.04")
    );
    assert_eq!(norm("a/b/c").0, "docker.io");
    assert_eq!(norm("a/b/c").1, "a/b/c");
}

#[test]
fn domains_are_recognised_by_dot_port_localhost_or_uppercase() {
    assert_eq!(norm("ghcr.io/owner/image:1").0, "ghcr.io");
    assert_eq!(norm("ghcr.io/owner/image:1").1, "owner/image");
    assert_eq!(norm("localhost/app").0, "localhost");
    assert_eq!(norm("localhost:5000/app").0, "localhost:5000");
    assert_eq!(norm("myhost:5000/app:1.0").2.as_deref(), Some("1.0"));
    assert_eq!(norm("127.0.0.1:5000/fixtures/multi").1, "fixtures/multi");
    assert_eq!(norm("[::1]:5000/app").0, "[::1]:5000");
    assert_eq!(norm("Registry/app").0, "Registry");
    // Other registries never get library/.
    assert_eq!(norm("quay.io/app").1, "app");
    // "localhost:5000" alone is image "localhost" with tag "5000".
    let (domain, path, tag, _) = norm("localhost:5000");
    assert_eq!(
        (domain.as_str(), path.as_str()),
        ("docker.io", "library/localhost")
    );
    assert_eq!(tag.as_deref(), Some("5000"));
}

#[test]
fn tags_and_digests() {
    let text = format!("alpine:3.20@{D}");
    let (_, _, tag, digest) = norm(&text);
    assert_eq!(tag.as_deref(), Some("3.20"));
    assert_eq!(digest.as_deref(), Some(D));
    let r = ImageRef::parse(&text).unwrap();
    assert_eq!(r.lookup_reference(), D, "digest wins for pulling");
    assert_eq!(r.without_digest().lookup_reference(), "3.20");
    let only_digest = ImageRef::parse(&format!("alpine@{D}")).unwrap();
    assert_eq!(only_digest.tag(), None);
    assert_eq!(
        only_digest.canonical(),
        format!("docker.io/library/alpine@{D}")
    );
    assert_eq!(ImageRef::parse("alpine").unwrap().tag_or_latest(), "latest");
    assert_eq!(
        ImageRef::parse("localhost:5000/a/b:v1")
            .unwrap()
            .lookup_reference(),
        "v1"
    );
}

#[test]
fn spans_point_into_the_text() {
    let text = format!("ghcr.io/o/i:1.2-alpine@{D}");
    let r = ImageRef::parse(&text).unwrap();
    let s = r.spans();
    assert_eq!(&text[s.name.clone()], "ghcr.io/o/i");
    assert_eq!(&text[s.domain.clone().unwrap()], "ghcr.io");
    assert_eq!(&text[s.tag.clone().unwrap()], "1.2-alpine");
    assert_eq!(&text[s.digest.clone().unwrap()], D);
    let plain = ImageRef::parse("alpine").unwrap();
    assert_eq!(plain.spans().domain, None);
    assert_eq!(plain.spans().tag, None);
    assert_eq!(plain.spans().name, 0..6);
}

#[test]
fn familiar_and_canonical_forms() {
    let r = ImageRef::parse("docker.io/library/alpine:3").unwrap();
    assert_eq!(r.familiar(), "alpine:3");
    assert_eq!(r.canonical(), "docker.io/library/alpine:3");
    assert_eq!(
        ImageRef::parse("alpine").unwrap().canonical(),
        "docker.io/library/alpine:latest"
    );
    assert_eq!(
        ImageRef::parse("index.docker.io/user/app")
            .unwrap()
            .familiar(),
        "user/app"
    );
    assert_eq!(
        ImageRef::parse("ghcr.io/o/i:1").unwrap().familiar(),
        "ghcr.io/o/i:1"
    );
    assert_eq!(
        ImageRef::parse("alpine").unwrap().api_host(),
        "registry-1.docker.io"
    );
    assert_eq!(
        ImageRef::parse("ghcr.io/o/i").unwrap().api_host(),
        "ghcr.io"
    );
    assert_eq!(
        ImageRef::parse("library/a/b").unwrap().familiar_name(),
        "library/a/b"
    );
}

#[test]
fn invalid_references_are_rejected_with_docker_reasons() {
    use ReferenceError::*;
    let cases: &[(&str, ReferenceError)] = &[
        ("", Empty),
        ("$BASE", Unresolved),
        ("alpine:${TAG}", Unresolved),
        ("ghcr.io/$OWNER/app", Unresolved),
        ("UPPER", Uppercase),
        ("docker.io/Library/alpine", Uppercase),
        ("ghcr.io/Owner/app", Uppercase),
        ("alpine:", InvalidTag),
        ("alpine:-bad", InvalidTag),
        ("alpine:.bad", InvalidTag),
        ("alpine:bad/tag", InvalidFormat),
        ("alpine@sha256:abc", InvalidDigest),
        ("alpine@md5:0123456789abcdef0123456789abcdef", InvalidDigest),
        (
            "alpine@sha256:256BFE68946C28AA0F0A42034717FBB33E8D705CE88FFCFD497C0E5BD33951E7",
            InvalidDigest,
        ),
        ("alpine@", InvalidDigest),
        (":tag", InvalidFormat),
        ("/alpine", InvalidFormat),
        ("alpine/", InvalidFormat),
        ("a//b", InvalidFormat),
        ("-alpine", InvalidFormat),
        ("alpine-", InvalidFormat),
        ("al..pine", InvalidFormat),
        ("al___pine", InvalidFormat),
        ("al pine", InvalidFormat),
        ("host:port/app", InvalidFormat),
        ("-host.io/app", InvalidFormat),
        ("[zz]/app", InvalidFormat),
        ("ALPINE@sha256:x", InvalidDigest),
        (
            "256bfe68946c28aa0f0a42034717fbb33e8d705ce88ffcfd497c0e5bd33951e7",
            ImageId,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            ImageRef::parse(text).err().as_ref(),
            Some(expected),
            "{text:?}"
        );
    }
    let long = format!("a/{}", "b".repeat(254));
    assert_eq!(ImageRef::parse(&long), Err(NameTooLong));
    let long_tag = format!("alpine:{}", "t".repeat(129));
    assert_eq!(ImageRef::parse(&long_tag), Err(InvalidTag));
    assert!(ImageRef::parse(&format!("alpine:{}", "t".repeat(128))).is_ok());
}

#[test]
fn separators_in_components() {
    for ok in [
        "a.b",
        "a_b",
        "a__b",
        "a-b",
        "a---b",
        "a.b-c_d__e",
        "0",
        "a0",
    ] {
        assert!(ImageRef::parse(ok).is_ok(), "{ok}");
    }
    for bad in ["a.-b", "a_.b", "a___b", "a-.b", "a.", "_a"] {
        assert!(ImageRef::parse(bad).is_err(), "{bad}");
    }
    assert!(
        ImageRef::parse("Alpine:Tag_1.A-b").is_err(),
        "name must be lower case"
    );
    assert!(
        ImageRef::parse("alpine:Tag_1.A-b").is_ok(),
        "tags may be mixed case"
    );
}

#[test]
fn non_ascii_input_never_panics() {
    for text in [
        "alpïne",
        "ghcr.io/ö/x",
        "a:ü",
        "a@sha256:ü",
        "é/é",
        "\u{0}",
        "a:b:c",
        "@",
        ":",
    ] {
        assert!(ImageRef::parse(text).is_err(), "{text:?}");
    }
}

// Fix edits computed from reference spans.

const E: &str = "sha256:4414454ade48b32ee60caf6c499d3f8c941cb266e4399af088bec5cb54662c02";

fn apply(text: &str, edit: Edit) -> String {
    apply_edits(text, &[edit]).unwrap()
}

#[test]
fn pinning() {
    let cases = [
        ("alpine", format!("alpine@{D}")),
        ("alpine:3.20", format!("alpine:3.20@{D}")),
        ("ghcr.io/o/i:1", format!("ghcr.io/o/i:1@{D}")),
        (&*format!("alpine:3.20@{E}"), format!("alpine:3.20@{D}")),
    ];
    for (text, expected) in cases {
        let image = ImageRef::parse(text).unwrap();
        assert_eq!(apply(text, pin_edit(&image, D)), expected, "{text}");
    }
}

#[test]
fn retagging() {
    let cases = [
        ("alpine", "alpine:3.21".to_string()),
        ("alpine:3.2O", "alpine:3.21".to_string()),
        ("localhost:5000/app", "localhost:5000/app:3.21".to_string()),
        (&*format!("alpine:3.20@{E}"), "alpine:3.21".to_string()),
    ];
    for (text, expected) in cases {
        let image = ImageRef::parse(text).unwrap();
        assert_eq!(apply(text, retag_edit(&image, "3.21")), expected, "{text}");
    }
    let image = ImageRef::parse("alpine:3.19").unwrap();
    assert_eq!(
        apply("alpine:3.19", retag_and_pin_edit(&image, "3.21", D)),
        format!("alpine:3.21@{D}")
    );
    assert_eq!(whole_range(&image), 0..11);
}

#[test]
fn bad_edits_are_rejected_not_panicking() {
    let edit = Edit {
        range: 5..50,
        new_text: "x".into(),
    };
    assert_eq!(apply_edits("short", &[edit]), None);
    let edit = Edit {
        range: 1..2,
        new_text: "x".into(),
    };
    assert_eq!(apply_edits("ü", &[edit]), None);
}
