//! Platform parsing, normalisation and matching.

use dlint_registry::Platform;

#[test]
fn parses_and_normalises() {
    let p = Platform::parse("linux/arm64/v8").unwrap();
    assert_eq!(p.to_string(), "linux/arm64");
    assert_eq!(
        Platform::parse("linux/amd64").unwrap().to_string(),
        "linux/amd64"
    );
    assert_eq!(
        Platform::parse("linux/x86_64").unwrap().to_string(),
        "linux/amd64"
    );
    assert_eq!(
        Platform::parse("linux/aarch64").unwrap().to_string(),
        "linux/arm64"
    );
    assert_eq!(
        Platform::parse("linux/arm").unwrap().to_string(),
        "linux/arm/v7"
    );
    assert_eq!(
        Platform::parse("linux/armhf").unwrap().to_string(),
        "linux/arm/v7"
    );
    assert_eq!(Platform::parse("arm64").unwrap().to_string(), "linux/arm64");
    assert_eq!(
        Platform::parse("Windows/AMD64").unwrap().to_string(),
        "windows/amd64"
    );
    for bad in [
        "$BUILDPLATFORM",
        "linux/${ARCH}",
        "",
        "a/b/c/d",
        "linux//amd64",
        "linux/am d64",
    ] {
        assert_eq!(Platform::parse(bad), None, "{bad}");
    }
}

#[test]
fn matching_offered_platforms() {
    let offered_arm64 = Platform {
        os: "linux".into(),
        architecture: "arm64".into(),
        variant: Some("v8".into()),
        os_version: None,
    };
    assert!(offered_arm64.satisfies(&Platform::parse("linux/arm64").unwrap()));
    assert!(offered_arm64.satisfies(&Platform::parse("linux/arm64/v8").unwrap()));
    assert!(!offered_arm64.satisfies(&Platform::parse("linux/amd64").unwrap()));
    let arm_v6 = Platform::new("linux", "arm", Some("v6"));
    assert!(!arm_v6.satisfies(&Platform::parse("linux/arm/v7").unwrap()));
    assert!(
        !arm_v6.satisfies(&Platform::parse("linux/arm").unwrap()),
        "arm means v7"
    );
    assert!(!Platform::parse("windows/amd64")
        .unwrap()
        .satisfies(&Platform::parse("linux/amd64").unwrap()));
    assert_eq!(Platform::host_default().os, "linux");
}
