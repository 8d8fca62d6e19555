# shellcheck shell=bash disable=SC2034 # the LOCAL_* variables are for the sourcing script
# Sourced by the editor end-to-end tests (scripts/test-nvim, scripts/test-vscode):
#   . scripts/registry/local-image.sh
#   local_image_start DIR REPO "TAG..."   # installs docker-registry if missing, starts it on
#                                         # a free 127.0.0.1 port, pushes one tiny image
#   -> LOCAL_REGISTRY_PORT, LOCAL_REGISTRY_PID, LOCAL_IMAGE_DIGEST
#   local_image_stop                      # kills the registry (call it from an EXIT trap)
# Returns non-zero with a message on stderr when any step fails.

local_image_start() {
    local dir=$1 repo=$2 tags=$3 here
    here=$(dirname "${BASH_SOURCE[0]}")
    "$here/install.sh" >/dev/null || { echo "cannot install docker-registry ($here/install.sh)" >&2; return 1; }
    LOCAL_REGISTRY_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
        { echo "python3 is needed to pick a free port" >&2; return 1; }
    "$here/start-local.sh" "$LOCAL_REGISTRY_PORT" "$dir" >/dev/null || { echo "the local registry did not start" >&2; return 1; }
    LOCAL_REGISTRY_PID=$(cat "$dir/registry.pid")
    # shellcheck disable=SC2086 # one argument per tag
    LOCAL_IMAGE_DIGEST=$("$here/push-image.sh" "http://127.0.0.1:$LOCAL_REGISTRY_PORT" "$repo" $tags) ||
        { echo "pushing $repo to the local registry failed" >&2; return 1; }
}

local_image_stop() {
    if [ -n "${LOCAL_REGISTRY_PID:-}" ]; then
        kill "$LOCAL_REGISTRY_PID" 2>/dev/null || true
        LOCAL_REGISTRY_PID=
    fi
}
