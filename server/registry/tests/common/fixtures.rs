//! Fixture images made in the test and pushed with the plain-HTTP push API (blob upload
//! and manifest PUT): an OCI index, a Docker manifest list, single OCI and Docker
//! manifests, a repository with 125 tags, `library/alpine` and `private/app`.

use dlint_registry::manifest::{
    sha256_digest, DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST,
};

/// Pushes to one registry over plain HTTP, optionally with Basic auth.
pub struct Pusher {
    client: reqwest::Client,
    base: String,
    basic: Option<(String, String)>,
}

impl Pusher {
    pub fn new(base: &str, basic: Option<(&str, &str)>) -> Pusher {
        Pusher {
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .unwrap(),
            base: base.trim_end_matches('/').to_string(),
            basic: basic.map(|(u, p)| (u.to_string(), p.to_string())),
        }
    }

    fn auth(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.basic {
            Some((u, p)) => request.basic_auth(u, Some(p)),
            None => request,
        }
    }

    pub async fn blob(&self, repo: &str, bytes: &[u8]) -> String {
        let digest = sha256_digest(bytes);
        let start = self
            .auth(
                self.client
                    .post(format!("{}/v2/{repo}/blobs/uploads/", self.base)),
            )
            .send()
            .await
            .expect("start blob upload");
        assert_eq!(start.status().as_u16(), 202, "blob upload start for {repo}");
        let location = start.headers()["location"].to_str().unwrap().to_string();
        let location = if location.starts_with("http") {
            location
        } else {
            format!("{}{location}", self.base)
        };
        let sep = if location.contains('?') { '&' } else { '?' };
        let done = self
            .auth(self.client.put(format!("{location}{sep}digest={digest}")))
            .header("Content-Type", "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .expect("finish blob upload");
        assert_eq!(done.status().as_u16(), 201, "blob upload for {repo}");
        digest
    }

    pub async fn manifest(
        &self,
        repo: &str,
        reference: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> String {
        let response = self
            .auth(
                self.client
                    .put(format!("{}/v2/{repo}/manifests/{reference}", self.base)),
            )
            .header("Content-Type", media_type)
            .body(bytes.to_vec())
            .send()
            .await
            .expect("put manifest");
        let status = response.status().as_u16();
        let digest = response
            .headers()
            .get("docker-content-digest")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            status,
            201,
            "manifest PUT {repo}:{reference}: {}",
            response.text().await.unwrap_or_default()
        );
        let digest = digest.expect("Docker-Content-Digest on manifest PUT");
        assert_eq!(digest, sha256_digest(bytes));
        digest
    }
}

/// Digests of what [`push_standard`] pushed.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// OCI index (linux/amd64 + linux/arm64/v8): fixtures/multi:1.0 and :latest,
    /// library/alpine:3.20, :3 and :latest.
    pub oci_index: String,
    /// Docker manifest list: fixtures/dockerlist:1.0.
    pub docker_list: String,
    /// OCI amd64 manifest: fixtures/single:1.0, library/alpine:3.19, fixtures/many:*,
    /// private/app:1.0.
    pub oci_amd64: String,
    /// OCI arm64 manifest (child of the index).
    pub oci_arm64: String,
    /// Docker v2 amd64 manifest: fixtures/single:1.0-docker.
    pub docker_amd64: String,
    /// Tags of fixtures/many.
    pub many_tags: Vec<String>,
}

fn config(arch: &str, variant: Option<&str>, layer_digest: &str) -> Vec<u8> {
    let variant = variant
        .map(|v| format!(r#","variant":"{v}""#))
        .unwrap_or_default();
    // Only the arm64 image sets a SHELL, so tests can tell the configs apart.
    let shell = if arch == "arm64" {
        r#","Shell":["/bin/bash","-c"]"#
    } else {
        ""
    };
    format!(
        r#"{{"architecture":"{arch}"{variant},"os":"linux","created":"2020-01-01T00:00:00Z","config":{{"Env":["PATH=/usr/bin:/bin","FIXTURE_VERSION=1.0"],"Cmd":["/bin/sh"],"WorkingDir":"/srv","Labels":{{"org.opencontainers.image.version":"1.0"}}{shell}}},"rootfs":{{"type":"layers","diff_ids":["{layer_digest}"]}}}}"#
    )
    .into_bytes()
}

fn image_manifest(oci: bool, config: &[u8], layer: &[u8]) -> Vec<u8> {
    let (mt, cmt, lmt) = if oci {
        (
            OCI_MANIFEST,
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.oci.image.layer.v1.tar+gzip",
        )
    } else {
        (
            DOCKER_MANIFEST,
            "application/vnd.docker.container.image.v1+json",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
        )
    };
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{mt}","config":{{"mediaType":"{cmt}","digest":"{}","size":{}}},"layers":[{{"mediaType":"{lmt}","digest":"{}","size":{}}}]}}"#,
        sha256_digest(config),
        config.len(),
        sha256_digest(layer),
        layer.len()
    )
    .into_bytes()
}

fn index(oci: bool, amd64: &[u8], arm64: &[u8]) -> Vec<u8> {
    let (mt, imt) = if oci {
        (OCI_INDEX, OCI_MANIFEST)
    } else {
        (DOCKER_LIST, DOCKER_MANIFEST)
    };
    // An attestation entry, as BuildKit adds: it must not show up as a platform.
    let attestation = format!(
        r#",{{"mediaType":"{imt}","digest":"{}","size":{},"platform":{{"architecture":"unknown","os":"unknown"}},"annotations":{{"vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"{}"}}}}"#,
        sha256_digest(amd64),
        amd64.len(),
        sha256_digest(amd64)
    );
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{mt}","manifests":[{{"mediaType":"{imt}","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"{imt}","digest":"{}","size":{},"platform":{{"architecture":"arm64","os":"linux","variant":"v8"}}}}{}]}}"#,
        sha256_digest(amd64),
        amd64.len(),
        sha256_digest(arm64),
        arm64.len(),
        if oci { attestation } else { String::new() }
    )
    .into_bytes()
}

/// Pushes the standard fixture set.
pub async fn push_standard(pusher: &Pusher) -> Fixtures {
    let layer = b"fixture layer: not a real tarball, registries only check digests".to_vec();
    let cfg_amd64 = config("amd64", None, &sha256_digest(&layer));
    let cfg_arm64 = config("arm64", Some("v8"), &sha256_digest(&layer));
    let oci_amd64 = image_manifest(true, &cfg_amd64, &layer);
    let oci_arm64 = image_manifest(true, &cfg_arm64, &layer);
    let docker_amd64 = image_manifest(false, &cfg_amd64, &layer);
    let docker_arm64 = image_manifest(false, &cfg_arm64, &layer);
    let oci_index = index(true, &oci_amd64, &oci_arm64);
    let docker_list = index(false, &docker_amd64, &docker_arm64);

    let repos = [
        "fixtures/multi",
        "fixtures/dockerlist",
        "fixtures/single",
        "fixtures/many",
        "library/alpine",
        "private/app",
    ];
    for repo in repos {
        for blob in [&layer, &cfg_amd64, &cfg_arm64] {
            pusher.blob(repo, blob).await;
        }
    }
    let by_digest = |m: &[u8]| sha256_digest(m);
    for repo in ["fixtures/multi", "library/alpine"] {
        pusher
            .manifest(repo, &by_digest(&oci_amd64), OCI_MANIFEST, &oci_amd64)
            .await;
        pusher
            .manifest(repo, &by_digest(&oci_arm64), OCI_MANIFEST, &oci_arm64)
            .await;
    }
    for tag in ["1.0", "latest"] {
        pusher
            .manifest("fixtures/multi", tag, OCI_INDEX, &oci_index)
            .await;
    }
    pusher
        .manifest(
            "fixtures/dockerlist",
            &by_digest(&docker_amd64),
            DOCKER_MANIFEST,
            &docker_amd64,
        )
        .await;
    pusher
        .manifest(
            "fixtures/dockerlist",
            &by_digest(&docker_arm64),
            DOCKER_MANIFEST,
            &docker_arm64,
        )
        .await;
    pusher
        .manifest("fixtures/dockerlist", "1.0", DOCKER_LIST, &docker_list)
        .await;
    pusher
        .manifest("fixtures/single", "1.0", OCI_MANIFEST, &oci_amd64)
        .await;
    pusher
        .manifest(
            "fixtures/single",
            "1.0-docker",
            DOCKER_MANIFEST,
            &docker_amd64,
        )
        .await;
    for tag in ["3.20", "3", "latest"] {
        pusher
            .manifest("library/alpine", tag, OCI_INDEX, &oci_index)
            .await;
    }
    pusher
        .manifest("library/alpine", "3.19", OCI_MANIFEST, &oci_amd64)
        .await;
    pusher
        .manifest("library/alpine", "3.19-slim", OCI_MANIFEST, &oci_amd64)
        .await;
    pusher
        .manifest("library/alpine", "3.21-rc1", OCI_MANIFEST, &oci_amd64)
        .await;
    pusher
        .manifest("private/app", "1.0", OCI_MANIFEST, &oci_amd64)
        .await;
    Fixtures {
        oci_index: by_digest(&oci_index),
        docker_list: by_digest(&docker_list),
        oci_amd64: by_digest(&oci_amd64),
        oci_arm64: by_digest(&oci_arm64),
        docker_amd64: by_digest(&docker_amd64),
        many_tags: Vec::new(),
    }
}

/// Pushes 125 tags (`1.0` … `1.124`) onto fixtures/many.
pub async fn push_many_tags(pusher: &Pusher) -> Vec<String> {
    let layer = b"fixture layer: not a real tarball, registries only check digests".to_vec();
    let cfg = config("amd64", None, &sha256_digest(&layer));
    let manifest = image_manifest(true, &cfg, &layer);
    let mut tags = Vec::new();
    for i in 0..125 {
        let tag = format!("1.{i}");
        pusher
            .manifest("fixtures/many", &tag, OCI_MANIFEST, &manifest)
            .await;
        tags.push(tag);
    }
    tags
}
