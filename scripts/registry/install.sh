#!/usr/bin/env bash
# Installs what dlint_registry's integration tests need: the CNCF distribution registry
# (Debian package docker-registry, binary /usr/bin/docker-registry), htpasswd
# (apache2-utils) and openssl (for the bearer-token fixture's key pair).
# Idempotent: does nothing when everything is already present.
set -euo pipefail

missing=()
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
  echo "registry test tools already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The Debian package ships an init script and a config listening on :5000 on every
# interface; the tests start their own instances on 127.0.0.1 with private configs, so
# stop a service instance if the package's postinst started one.
if command -v service >/dev/null 2>&1; then
  $SUDO service docker-registry stop >/dev/null 2>&1 || true
fi
[ -x /usr/bin/docker-registry ] || { echo "docker-registry did not install" >&2; exit 1; }
echo "registry test tools installed"
