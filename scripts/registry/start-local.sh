#!/usr/bin/env bash
# Starts an open CNCF distribution registry on 127.0.0.1 for manual testing of dlint's
# registry features (the Rust tests start their own instances; they do not use this).
#   scripts/registry/start-local.sh [PORT] [STORAGE_DIR]   -> prints the PID file path
#   kill "$(cat "$STORAGE_DIR/registry.pid")"               stops it
# Push images with plain HTTP (e.g. `skopeo copy --dest-tls-verify=false ...`), then try
#   dlint check --registry  on a Dockerfile with  FROM 127.0.0.1:PORT/<repo>:<tag>
set -euo pipefail
PORT=${1:-5000}
STORAGE=${2:-$(mktemp -d)}
[ -x /usr/bin/docker-registry ] || { echo "docker-registry missing: run scripts/registry/install.sh" >&2; exit 1; }
mkdir -p "$STORAGE/data"
cat >"$STORAGE/config.yml" <<YAML
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $STORAGE/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
YAML
nohup /usr/bin/docker-registry serve "$STORAGE/config.yml" >"$STORAGE/registry.log" 2>&1 &
echo $! >"$STORAGE/registry.pid"
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "registry on http://127.0.0.1:$PORT (pid $(cat "$STORAGE/registry.pid"), log $STORAGE/registry.log)"
    echo "$STORAGE/registry.pid"
    exit 0
  fi
  sleep 0.1
done
echo "registry did not start; see $STORAGE/registry.log" >&2
kill "$(cat "$STORAGE/registry.pid")" 2>/dev/null || true
exit 1
