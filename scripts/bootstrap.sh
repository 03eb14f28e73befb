#!/usr/bin/env bash
# Installs what is missing and nothing else, so a second run is fast. Sourced by start.sh and
# test.sh. Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export NEXT_TELEMETRY_DISABLED=1

# Debian packages: $1.. are "path:package" pairs; only the missing ones are installed. A path is
# checked exactly (not looked up in PATH), so a same-named program from elsewhere, e.g. an
# `openstack` of a Python environment that comes first in PATH, does not count as installed.
ensure_debs() {
  local missing=()
  for pair in "$@"; do
    local file=${pair%%:*} pkg=${pair##*:}
    [ -e "$file" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What the product runs on: HAProxy for the amphorae, ping for PING monitors, curl for README's
# examples.
# The cloud's network is made with iproute2 (namespaces, bridges, veth pairs) and nftables (the
# routers' NAT), nsenter (util-linux) reads a namespace's rules, and arping announces a floating
# IP that moved to another router.
RUNTIME_DEBS=(/usr/sbin/haproxy:haproxy /usr/bin/ping:iputils-ping /usr/bin/curl:curl /usr/sbin/nft:nftables /usr/sbin/ip:iproute2 /usr/bin/nsenter:util-linux /usr/bin/arping:iputils-arping)
# What some test needs on top: the browser, a real PostgreSQL, Debian's `openstack` CLI with its
# load balancer commands, openstacksdk (a second client the tests drive), keepalived, and wrk
# (load while a host is taken away).
TEST_DEBS=(
  "${RUNTIME_DEBS[@]}"
  /usr/bin/chromium:chromium
  /usr/bin/wrk:wrk
  /usr/lib/postgresql/15/bin/initdb:postgresql
  /usr/bin/openstack:python3-openstackclient
  /usr/lib/python3/dist-packages/octaviaclient/__init__.py:python3-octaviaclient
  /usr/lib/python3/dist-packages/openstack/__init__.py:python3-openstacksdk
  /usr/sbin/keepalived:keepalived
)

# npm packages: `npm ci` when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "bootstrap: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# The production build in NEXT_DIST_DIR (default .next, as next.config.ts reads it), redone only
# when a source file is newer than it.
ensure_build() {
  local build_id="${NEXT_DIST_DIR:-.next}/BUILD_ID"
  if [ -f "$build_id" ] && [ -z "$(find app components server db amphora next.config.ts package-lock.json \
      -newer "$build_id" -type f -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "bootstrap: next build" >&2
  npx next build >/dev/null
}
