//! Fix edits computed from reference spans.

use dlint_registry::findings::{
    apply_edits, pin_edit, retag_and_pin_edit, retag_edit, whole_range,
};
use dlint_registry::ImageRef;

const D: &str = "sha256:256bfe68946c28aa0f0a42034717fbb33e8d705ce88ffcfd497c0e5bd33951e7";
const E: &str = "sha256:4414454ade48b32ee60caf6c499d3f8c941cb266e4399af088bec5cb54662c02";

fn apply(text: &str, edit: dlint_registry::Edit) -> String {
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
    let edit = dlint_registry::Edit {
        range: 5..50,
        new_text: "x".into(),
    };
    assert_eq!(apply_edits("short", &[edit]), None);
    let edit = dlint_registry::Edit {
        range: 1..2,
        new_text: "x".into(),
    };
    assert_eq!(apply_edits("ü", &[edit]), None);
}
