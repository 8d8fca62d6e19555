//! Tag ordering, variants, nearest tags and upgrade targets.

use dlint_registry::tags::{
    compare_newest_first, completion_order, edit_distance, nearest, newest_same_variant_and_major,
    shape, sort_newest_first,
};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn shapes() {
    let s = shape("3.20.1-alpine3.20");
    assert_eq!(s.numbers, vec![3, 20, 1]);
    assert_eq!(s.suffix, "alpine3.20");
    assert_eq!(s.variant, "alpine");
    assert!(!s.prerelease);
    assert_eq!(shape("v1.2").numbers, vec![1, 2]);
    assert_eq!(shape("latest").numbers, Vec::<u64>::new());
    assert_eq!(shape("3.12-slim-bookworm").variant, "slim-bookworm");
    assert!(shape("3.21.0-rc1").prerelease);
    assert!(shape("1.0-beta").prerelease);
    assert!(shape("3.15.0a1").prerelease && shape("3.15.0b2").prerelease);
    assert!(!shape("3.15.0-alpine").prerelease && !shape("1.0-a").prerelease);
    assert!(
        !shape("1.0-bookworm").prerelease,
        "bookworm is not a pre-release"
    );
    assert!(
        shape("20240101123456789").numbers.is_empty(),
        "dates are not versions"
    );
}

#[test]
fn sorts_versions_numerically_newest_first() {
    let mut tags = strings(&[
        "1.9", "latest", "1.10", "1.10.1", "1", "2.0-rc1", "2.0", "edge", "1.10", "v1.11",
    ]);
    sort_newest_first(&mut tags);
    assert_eq!(
        tags,
        strings(&["2.0", "2.0-rc1", "v1.11", "1.10.1", "1.10", "1.9", "1", "edge", "latest"])
    );
    assert_eq!(compare_newest_first("10", "9"), std::cmp::Ordering::Less);
}

#[test]
fn completion_puts_same_variant_first() {
    let tags = strings(&[
        "3.20",
        "3.20-alpine",
        "3.19-alpine",
        "3.21",
        "3.21-slim",
        "latest",
    ]);
    let ordered = completion_order(&tags, Some("3.18-alpine"));
    assert_eq!(
        ordered,
        strings(&[
            "3.20-alpine",
            "3.19-alpine",
            "3.21",
            "3.21-slim",
            "3.20",
            "latest"
        ])
    );
    let plain = completion_order(&tags, Some("3.18"));
    assert_eq!(
        plain,
        strings(&[
            "3.21",
            "3.20",
            "latest",
            "3.21-slim",
            "3.20-alpine",
            "3.19-alpine"
        ])
    );
    let none = completion_order(&tags, None);
    assert_eq!(none[0], "3.21");
}

#[test]
fn nearest_tags_by_edit_distance() {
    let tags = strings(&["3.20", "3.19", "3.2", "latest", "edge", "3.20-alpine"]);
    assert_eq!(nearest(&tags, "3.200", 2), strings(&["3.20", "3.2"]));
    assert_eq!(nearest(&tags, "lates", 3), strings(&["latest"]));
    assert!(nearest(&tags, "completely-different", 3).is_empty());
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("ü", "u"), 1);
}

#[test]
fn newest_same_variant_and_major_version() {
    let tags = strings(&[
        "3.19-alpine",
        "3.21-alpine",
        "3.22-rc1-alpine",
        "4.0-alpine",
        "3.21.2-alpine",
        "3.21",
        "3.20-slim",
        "3.21-alpine3.20",
    ]);
    assert_eq!(
        newest_same_variant_and_major(&tags, "3.19-alpine").as_deref(),
        Some("3.21-alpine")
    );
    assert_eq!(
        newest_same_variant_and_major(&tags, "3.18").as_deref(),
        Some("3.21")
    );
    assert_eq!(
        newest_same_variant_and_major(&tags, "3.21-alpine"),
        None,
        "already newest"
    );
    assert_eq!(newest_same_variant_and_major(&tags, "latest"), None);
    assert_eq!(
        newest_same_variant_and_major(&tags, "3.19-alpine3.19").as_deref(),
        Some("3.21-alpine3.20")
    );
}
