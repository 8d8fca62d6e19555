//! Semantic tokens: full, range and delta, exact JSON.

use crate::common::{TestServer, URI};
use serde_json::json;

const TEXT: &str = "# syntax=x\nFROM a AS b\nARG V\nCOPY --chown=$V:1 <<E /t\nhi\nE\n";

#[tokio::test]
async fn legend_is_advertised() {
    let mut s = TestServer::start();
    let init = s.result("initialize", json!({ "capabilities": {} })).await;
    assert_eq!(
        init["capabilities"]["semanticTokensProvider"],
        json!({
            "legend": {
                "tokenTypes": ["keyword", "comment", "parameter", "string", "variable", "namespace", "class", "macro", "operator", "property"],
                "tokenModifiers": ["declaration", "deprecated"]
            },
            "range": true,
            "full": { "delta": true }
        })
    );
}

#[tokio::test]
async fn full_range_and_delta() {
    let mut s = TestServer::new().await;
    s.open(URI, TEXT).await;
    let full = s
        .result(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    #[rustfmt::skip]
    let expected = json!([
        0, 2, 6, 7, 0,   0, 7, 1, 3, 0,                                   // syntax=x
        1, 0, 4, 0, 0,   0, 5, 1, 6, 0,   0, 2, 2, 0, 0,   0, 3, 1, 5, 1,  // FROM a AS b
        1, 0, 3, 0, 0,   0, 4, 1, 4, 1,                                   // ARG V
        1, 0, 4, 0, 0,   0, 5, 7, 2, 0,   0, 8, 2, 4, 0,   0, 2, 2, 3, 0,  // COPY --chown=$V:1
        0, 3, 3, 8, 0,                                                    // <<E
        2, 0, 1, 8, 0                                                     // E
    ]);
    assert_eq!(full["data"], expected);
    let id = full["resultId"].as_str().unwrap().to_owned();

    let range = s
        .result(
            "textDocument/semanticTokens/range",
            json!({ "textDocument": { "uri": URI }, "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 5 } } }),
        )
        .await;
    assert_eq!(range, json!({ "data": [2, 0, 3, 0, 0, 0, 4, 1, 4, 1] }));

    // `ARG V` -> `ARG VV`: only the declaration token and the reference's length change.
    s.change(
        URI,
        2,
        json!([{ "range": { "start": { "line": 2, "character": 5 }, "end": { "line": 2, "character": 5 } }, "text": "V" }]),
    )
    .await;
    let delta = s
        .result(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": URI }, "previousResultId": id }),
        )
        .await;
    // The ARG's name token (index 7) grows; `$V` no longer resolves but is still a
    // variable token of the same size, so the edit covers just token 7.
    assert_eq!(
        delta["edits"],
        json!([{ "start": 35, "deleteCount": 5, "data": [0, 4, 2, 4, 1] }])
    );
    assert_ne!(delta["resultId"], json!(id));
    // An unknown previous id gets the full tokens.
    let again = s
        .result(
            "textDocument/semanticTokens/full/delta",
            json!({ "textDocument": { "uri": URI }, "previousResultId": "nope" }),
        )
        .await;
    assert!(again["data"].is_array());
    s.shutdown().await;
}

/// The same kind of thing gets the same token type wherever it is: a stage is a
/// `namespace` in `FROM`, `COPY --from` and `--mount=from=`; a variable is a `variable`
/// even when it is a whole flag value; JSON strings are `string`s like flag values;
/// HEALTHCHECK's `CMD` is a keyword like FROM's `AS`; LABEL keys are `property`s and
/// LABEL, ENV and ARG values `string`s.
#[tokio::test]
async fn one_token_type_per_kind_of_thing() {
    let mut s = TestServer::new().await;
    s.open(
        URI,
        "FROM --platform=$BUILDPLATFORM alpine AS a\nLABEL k=v\nFROM a\nCOPY --from=a [\"x\", \"/y\"]\nRUN --mount=from=a,target=/m true\nHEALTHCHECK CMD [\"c\"]\n",
    )
    .await;
    let full = s
        .result(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    // Types: 0 keyword, 2 parameter, 3 string, 4 variable, 5 namespace, 6 class, 9 property.
    #[rustfmt::skip]
    let expected = json!([
        0, 0, 4, 0, 0,   0, 5, 10, 2, 0,   0, 11, 14, 4, 0,   0, 15, 6, 6, 0,   0, 7, 2, 0, 0,   0, 3, 1, 5, 1,
        1, 0, 5, 0, 0,   0, 6, 1, 9, 0,   0, 2, 1, 3, 0,                 // LABEL k=v
        1, 0, 4, 0, 0,   0, 5, 1, 5, 0,                                  // FROM a
        1, 0, 4, 0, 0,   0, 5, 6, 2, 0,   0, 7, 1, 5, 0,   0, 3, 3, 3, 0,   0, 5, 4, 3, 0,
        1, 0, 3, 0, 0,   0, 4, 7, 2, 0,   0, 8, 5, 3, 0,   0, 5, 1, 5, 0,   0, 1, 10, 3, 0,
        1, 0, 11, 0, 0,  0, 12, 3, 0, 0,  0, 5, 3, 3, 0                  // HEALTHCHECK CMD ["c"]
    ]);
    assert_eq!(full["data"], expected);
    s.shutdown().await;
}
