//! `textDocument/documentLink`: each FROM image links to its page on its registry's
//! website. Images whose name depends on a variable are linked only when the semantic
//! model knows the value; hosts we do not know get no link (a wrong link is worse).

use dlint_semantic::Base;
use tower_lsp_server::ls_types::{DocumentLink, Uri};

use crate::convert::Encoding;
use crate::store::Snapshot;

/// The web page of an image reference (`name[:tag][@digest]`), if its registry has one.
pub fn image_page(reference: &str) -> Option<String> {
    let name = reference.split('@').next()?;
    // A tag is a `:` after the last `/` (a `:` before it is a registry port).
    let name = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => &name[..i],
        _ => name,
    };
    if name.is_empty() || name.contains(['$', ' ', '"', '\'']) {
        return None;
    }
    let (host, path) = match name.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => (first, rest),
        _ => ("docker.io", name),
    };
    let path = path.to_ascii_lowercase();
    Some(match host {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => {
            match path.strip_prefix("library/") {
                Some(official) if !official.contains('/') => {
                    format!("https://hub.docker.com/_/{official}")
                }
                _ if !path.contains('/') => format!("https://hub.docker.com/_/{path}"),
                _ => format!("https://hub.docker.com/r/{path}"),
            }
        }
        "ghcr.io" => format!("https://ghcr.io/{path}"),
        "quay.io" => format!("https://quay.io/repository/{path}"),
        "public.ecr.aws" => format!("https://gallery.ecr.aws/{path}"),
        "mcr.microsoft.com" => format!("https://mcr.microsoft.com/artifact/mar/{path}"),
        "gcr.io" | "us.gcr.io" | "eu.gcr.io" | "asia.gcr.io" => format!("https://{host}/{path}"),
        h if h.ends_with("-docker.pkg.dev") => {
            let location = h.trim_end_matches("-docker.pkg.dev");
            let mut parts = path.splitn(3, '/');
            let (project, repo, image) = (parts.next()?, parts.next()?, parts.next()?);
            format!("https://console.cloud.google.com/artifacts/docker/{project}/{location}/{repo}/{image}")
        }
        _ => return None,
    })
}

pub fn document_links(snap: &Snapshot, enc: Encoding) -> Vec<DocumentLink> {
    snap.model()
        .stages
        .iter()
        .filter_map(|stage| {
            let Base::Image(image) = &stage.base else {
                return None;
            };
            if image.unresolved || image.error.is_some() {
                return None;
            }
            let target: Uri = image_page(&image.value)?.parse().ok()?;
            Some(DocumentLink {
                range: snap.range(image.span, enc),
                tooltip: Some(format!("Open {} in its registry", image.value)),
                target: Some(target),
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::image_page;

    #[test]
    fn registries() {
        let cases = [
            ("alpine:3.20", Some("https://hub.docker.com/_/alpine")),
            (
                "docker.io/library/nginx",
                Some("https://hub.docker.com/_/nginx"),
            ),
            (
                "bitnami/redis@sha256:abc",
                Some("https://hub.docker.com/r/bitnami/redis"),
            ),
            ("ghcr.io/owner/tool:1", Some("https://ghcr.io/owner/tool")),
            (
                "quay.io/prometheus/node-exporter",
                Some("https://quay.io/repository/prometheus/node-exporter"),
            ),
            (
                "public.ecr.aws/lambda/python:3.12",
                Some("https://gallery.ecr.aws/lambda/python"),
            ),
            (
                "gcr.io/distroless/static",
                Some("https://gcr.io/distroless/static"),
            ),
            (
                "europe-west1-docker.pkg.dev/proj/repo/img:tag",
                Some(
                    "https://console.cloud.google.com/artifacts/docker/proj/europe-west1/repo/img",
                ),
            ),
            (
                "mcr.microsoft.com/dotnet/sdk:8.0",
                Some("https://mcr.microsoft.com/artifact/mar/dotnet/sdk"),
            ),
            ("localhost:5000/foo/bar", None),
            ("registry.example.com/team/app", None),
            ("${BASE}", None),
        ];
        for (reference, want) in cases {
            assert_eq!(image_page(reference).as_deref(), want, "{reference}");
        }
    }
}
