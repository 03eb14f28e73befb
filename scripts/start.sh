#!/usr/bin/env bash
# Starts the product on its embedded defaults: the dashboard and API on http://$HOST:$PORT
# (default 127.0.0.1:3000), PGlite under $DATA_DIR (default ./var), the demo cloud and users
# seeded on first start (their generated passwords printed with the Dashboard line).
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_debs "${RUNTIME_DEBS[@]}"
ensure_node_modules
ensure_build
# Migrations and the first seed, before the server: a first start's generated passwords print
# here, with the Dashboard line, not whenever the server's runtime comes up.
npx tsx scripts/seed.ts
host="${HOST:-127.0.0.1}"
port="${PORT:-3000}"
# A URL needs brackets around an IPv6 address; a wildcard bind is reached on this host's loopback.
case "$host" in
  0.0.0.0) url_host="127.0.0.1" ;;
  ::) url_host="[::1]" ;;
  *:*) url_host="[$host]" ;;
  *) url_host="$host" ;;
esac
echo "Dashboard: http://${url_host}:${port}/$([[ "$host" == 0.0.0.0 || "$host" == :: ]] && echo " (listening on every address: $host)")" >&2
exec npx next start --hostname "$host" --port "$port"
