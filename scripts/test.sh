#!/usr/bin/env bash
# Runs every test: typecheck, unit, integration on PGlite and on a real PostgreSQL (started for
# the run), and the browser end-to-end suite against a started server.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_debs /usr/sbin/haproxy:haproxy /usr/bin/ping:iputils-ping /usr/bin/chromium:chromium /usr/lib/postgresql/15/bin/initdb:postgresql curl:curl /usr/bin/openstack:python3-openstackclient /usr/lib/python3/dist-packages/octaviaclient:python3-octaviaclient
ensure_node_modules

step() { echo; echo "== $*"; }

step "typecheck and lint"
npx tsc --noEmit
npx eslint --max-warnings 0 .
step "unit tests"
npx vitest run --project unit
step "integration tests on PGlite"
npx vitest run --project integration
step "integration tests on PostgreSQL"
TEST_DB=postgres npx vitest run --project integration
if [ -d e2e ] && ls e2e/*.e2e.test.ts >/dev/null 2>&1; then
  step "end-to-end tests in Chromium"
  ensure_build
  npx vitest run --project e2e
fi
