#!/usr/bin/env bash
# Pushes one tiny linux/amd64 OCI image to a registry over plain HTTP with curl alone (no
# Docker engine, no skopeo), under every tag given, and prints its manifest digest.
#   scripts/registry/push-image.sh http://127.0.0.1:5000 fixtures/app 1.0 1.1 2.0
# The image is fixed bytes, so the digest is the same on every run; callers should still
# read it from the output rather than hard-code it.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 REGISTRY_URL REPOSITORY TAG..." >&2; exit 2; }
REG=${1%/}
REPO=$2
shift 2
command -v curl >/dev/null || { echo "push-image: curl is required" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

digest_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

# Monolithic blob upload: POST opens an upload session, PUT with ?digest= completes it.
upload_blob() {
  local file=$1 digest location sep
  digest=$(digest_of "$file")
  location=$(curl -fsS -D - -o /dev/null -X POST "$REG/v2/$REPO/blobs/uploads/" |
    tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
  [ -n "$location" ] || { echo "push-image: no upload location from $REG" >&2; exit 1; }
  case $location in http*) ;; *) location=$REG$location ;; esac
  case $location in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -fsS -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary @"$file" "$location${sep}digest=$digest"
  echo "$digest"
}

printf 'dlint test image layer\n' >"$W/layer"
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin:/bin"]},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$(digest_of "$W/layer")" >"$W/config"
LAYER=$(upload_blob "$W/layer")
CONFIG=$(upload_blob "$W/config")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}' \
  "$CONFIG" "$(stat -c %s "$W/config")" "$LAYER" "$(stat -c %s "$W/layer")" >"$W/manifest"
MANIFEST=$(digest_of "$W/manifest")

for tag in "$@"; do
  answered=$(curl -fsS -D - -o /dev/null -X PUT \
    -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary @"$W/manifest" "$REG/v2/$REPO/manifests/$tag" |
    tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }')
  if [ "$answered" != "$MANIFEST" ]; then
    echo "push-image: $REPO:$tag stored as '$answered', expected $MANIFEST" >&2
    exit 1
  fi
done
echo "$MANIFEST"
