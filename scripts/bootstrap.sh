#!/usr/bin/env bash
# Installs what is missing and nothing else, so a second run is fast. Sourced by start.sh and
# test.sh. Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export NEXT_TELEMETRY_DISABLED=1

# Debian packages: $1.. are "command:package" pairs; only the missing ones are installed.
ensure_debs() {
  local missing=()
  for pair in "$@"; do
    local cmd=${pair%%:*} pkg=${pair##*:}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

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
