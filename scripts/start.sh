#!/usr/bin/env bash
# Starts the product on its embedded defaults: the dashboard and API on http://127.0.0.1:$PORT
# (default 3000), PGlite under $DATA_DIR (default ./var), the demo cloud seeded on first start.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_debs /usr/sbin/haproxy:haproxy /usr/bin/ping:iputils-ping curl:curl
ensure_node_modules
ensure_build
echo "Dashboard: http://127.0.0.1:${PORT:-3000}/" >&2
exec npx next start --hostname 127.0.0.1 --port "${PORT:-3000}"
