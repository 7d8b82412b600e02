#!/usr/bin/env bash
# The servers profile on one machine with the Dapr CLI (see dapr.yaml): creates the demo tokens' key and the
# app token daprd shows on every event delivery, each in a file of .data/dapr-run readable by this user
# only, then runs `dapr run -f .`. No key is committed, and none is passed on a command line: the apps read
# the key from its file (dapr.yaml names it), and daprd and the apps read APP_API_TOKEN from the environment
# the Dapr CLI hands down to them.
set -euo pipefail
umask 077
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v dapr >/dev/null || { echo "dapr-run.sh needs the Dapr CLI (https://docs.dapr.io/getting-started/install-dapr-cli/)" >&2; exit 1; }
secrets="$root/.data/dapr-run"
mkdir -p "$secrets"
chmod 700 "$secrets"
for name in signing-key app-api-token; do
  if [ ! -s "$secrets/$name" ]; then
    head -c 48 /dev/urandom | base64 -w0 > "$secrets/$name"
  fi
done
APP_API_TOKEN="$(cat "$secrets/app-api-token")"
export APP_API_TOKEN
cd "$root"
exec dapr run -f .
