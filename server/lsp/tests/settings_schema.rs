//! The VS Code extension's settings schema (`editors/vscode/package.json`,
//! `contributes.configuration`) is rendered from the settings table in
//! `src/settings_schema.rs`, and that table agrees with the parser in `src/settings.rs`:
//! every server key is read, changes the result and rejects a wrongly typed value, every
//! word of a word map is accepted, and the table's defaults are the server's defaults.
//!
//! `UPDATE_SCHEMA=1 cargo test -p dlint_lsp --test integration settings_schema::`
//! rewrites the schema in `package.json` (only that part of the file).

use std::path::PathBuf;

use dlint_linter::Settings;
use dlint_lsp::registry::RegistrySettings;
use dlint_lsp::settings::{registry_settings, resolve};
use dlint_lsp::settings_schema::{self as schema, Kind, Setting, SETTINGS};
use serde_json::{json, Map, Value};

fn package_json() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../editors/vscode/package.json")
}

/// What the server makes of one `dlint` section.
fn read(section: &Value) -> (Settings, RegistrySettings, Vec<String>) {
    let (settings, mut problems) = resolve(&Value::Null, section);
    let (registry, p) = registry_settings(&Value::Null, section);
    problems.extend(p);
    (settings, registry, problems)
}

fn section(key: &str, value: Value) -> Value {
    let mut root = Map::new();
    schema::insert_dotted(&mut root, key, value);
    Value::Object(root)
}

fn server_keys() -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(|s| !s.client_only)
}

#[test]
fn the_tables_defaults_are_the_servers_defaults() {
    let defaults = schema::server_defaults();
    let (settings, registry, problems) = read(&defaults);
    assert!(problems.is_empty(), "{problems:?} from {defaults}");
    assert_eq!(settings, Settings::default(), "defaults sent: {defaults}");
    assert_eq!(
        registry,
        RegistrySettings::default(),
        "defaults sent: {defaults}"
    );
}

#[test]
fn every_server_key_is_read_and_type_checked() {
    let (base_settings, base_registry, _) = read(&json!({}));
    for setting in server_keys() {
        let default: Value = serde_json::from_str(setting.default)
            .unwrap_or_else(|e| panic!("{}: default is not JSON: {e}", setting.key));
        let (sample, wrong) = match setting.kind {
            Kind::Bool => (json!(!default.as_bool().unwrap()), json!("yes")),
            Kind::String | Kind::OptionalString => (json!("sample"), json!(3)),
            Kind::StringList => (json!(["sample.example"]), json!("not a list")),
            Kind::WordMap(words) => (
                json!({ "DL3008": words[0] }),
                json!(["not", "an", "object"]),
            ),
            Kind::Word(words) => (json!(words[0]), json!(3)),
        };
        let (settings, registry, problems) = read(&section(setting.key, sample.clone()));
        assert!(
            problems.is_empty(),
            "{}: {sample} rejected: {problems:?}",
            setting.key
        );
        assert!(
            settings != base_settings || registry != base_registry,
            "{}: the server ignores {sample} (is the key spelt as the parser reads it?)",
            setting.key
        );
        let (_, _, problems) = read(&section(setting.key, wrong.clone()));
        assert!(
            problems
                .iter()
                .any(|p| p.contains(setting.key.rsplit('.').next().unwrap())),
            "{}: a wrongly typed {wrong} was not reported: {problems:?}",
            setting.key
        );
    }
}

#[test]
fn every_word_of_a_word_map_is_accepted_and_others_are_not() {
    for setting in server_keys() {
        let Kind::WordMap(words) = setting.kind else {
            continue;
        };
        for word in words {
            let (_, _, problems) = read(&section(setting.key, json!({ "some-key": word })));
            assert!(
                problems.is_empty(),
                "{}: `{word}` rejected: {problems:?}",
                setting.key
            );
        }
        let (_, _, problems) = read(&section(setting.key, json!({ "some-key": "bogus" })));
        assert_eq!(problems.len(), 1, "{}: `bogus` accepted", setting.key);
    }
}

#[test]
fn the_table_is_well_formed() {
    let mut keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    keys.sort_unstable();
    let before = keys.len();
    keys.dedup();
    assert_eq!(before, keys.len(), "duplicate keys in the settings table");
    for s in SETTINGS {
        assert!(
            !s.description.trim().is_empty(),
            "{}: no description",
            s.key
        );
        let default: Value = serde_json::from_str(s.default).unwrap();
        let fits = match s.kind {
            Kind::Bool => default.is_boolean(),
            Kind::String => default.is_string(),
            Kind::OptionalString => default.is_string() || default.is_null(),
            Kind::StringList => default
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string)),
            Kind::WordMap(_) => default.is_object(),
            Kind::Word(words) => default.as_str().is_some_and(|w| words.contains(&w)),
        };
        assert!(
            fits,
            "{}: default {default} does not fit {:?}",
            s.key, s.kind
        );
    }
}

/// The byte range of the value of the only `"configuration":` key in `text`.
fn configuration_span(text: &str) -> std::ops::Range<usize> {
    let key = "\"configuration\":";
    let mut found = text.match_indices(key);
    let (at, _) = found
        .next()
        .expect("package.json has no \"configuration\" key");
    assert!(
        found.next().is_none(),
        "package.json has two \"configuration\" keys"
    );
    let start = at + key.len() + text[at + key.len()..].find('{').expect("an object");
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text[start..].char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, false, _) => {}
            (false, _, '"') => in_string = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                if depth == 0 {
                    return start..start + i + 1;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after \"configuration\"");
}

#[test]
fn package_json_schema_is_rendered_from_the_table() {
    let path = package_json();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rendered = schema::vscode_configuration();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        let span = configuration_span(&text);
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = text[line_start..]
            .chars()
            .take_while(|c| *c == ' ')
            .collect();
        let pretty = serde_json::to_string_pretty(&rendered).unwrap();
        let pretty = pretty.replace('\n', &format!("\n{indent}"));
        let updated = format!("{}{pretty}{}", &text[..span.start], &text[span.end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    let package: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    assert!(
        package["contributes"]["configuration"] == rendered,
        "{} is out of date with src/settings_schema.rs; run\n  UPDATE_SCHEMA=1 cargo test -p dlint_lsp --test integration settings_schema::\nrendered:\n{}",
        path.display(),
        serde_json::to_string_pretty(&rendered).unwrap()
    );
}
