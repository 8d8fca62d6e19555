//! `--format sarif` validated against the official SARIF 2.1.0 JSON schema, fetched from
//! the npm registry (Microsoft's `@microsoft/jest-sarif` package ships it), and checked
//! with the `jsonschema` crate. `tests/formats.rs` checks the schema's essential
//! requirements without any download on every `cargo test`; this test needs `npm`,
//! `tar` and the npm registry, so it is `#[ignore]`d and CI runs it explicitly:
//!
//! ```text
//! cargo test -p dlint_cli --test integration -- --ignored sarif_schema::
//! ```
//!
//! A failed download is a test failure, never a skip.

use crate::common;
use crate::common::{must, Scratch, BAD};
use std::path::Path;
use std::process::Command;

const PACKAGE: &str = "@microsoft/jest-sarif@1.0.0-beta.0";
const SCHEMA_IN_PACKAGE: &str = "package/lib/schemas/sarif-2.1.0-rtm.5.json";

fn fetch_schema(dir: &Path) -> serde_json::Value {
    must(
        Command::new("npm")
            .current_dir(dir)
            .args(["pack", "--silent", PACKAGE]),
        "downloading the SARIF schema package from the npm registry",
    );
    let tarball = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .expect("npm pack left a .tgz");
    must(
        Command::new("tar")
            .current_dir(dir)
            .arg("xzf")
            .arg(&tarball)
            .arg(SCHEMA_IN_PACKAGE),
        "unpacking the schema",
    );
    let text = std::fs::read_to_string(dir.join(SCHEMA_IN_PACKAGE)).unwrap();
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
#[ignore = "downloads the SARIF schema from the npm registry; run with --ignored"]
fn sarif_output_is_valid_against_the_official_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let schema = fetch_schema(tmp.path());
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");

    let s = Scratch::new();
    s.write("Dockerfile", BAD);
    s.write(
        "dir with space/app.Dockerfile",
        "FROM ubuntu AS Bé\nRUN cd /x\n",
    );
    s.write("clean/Dockerfile", common::GOOD);
    let run = s.run(&["-f", "sarif", "."]);
    assert_eq!(run.code, 1, "{run:?}");
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        log["runs"][0]["results"].as_array().unwrap().len() >= 4,
        "{}",
        run.stdout
    );
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );

    // A log without findings is valid too.
    let clean = s.run(&["-f", "sarif", "clean"]);
    let log: serde_json::Value = serde_json::from_str(&clean.stdout).unwrap();
    assert!(validator.is_valid(&log));
    // And the validator does reject a broken log (the check is not vacuous).
    let mut broken = log.clone();
    broken["version"] = serde_json::json!("2.0");
    assert!(!validator.is_valid(&broken));
}
