#!/usr/bin/env bash
# The tested example of docs/scaling.md: three Chorus nodes on one
# PostgreSQL database (a fresh schema of $CHORUS_TEST_POSTGRES), nginx in
# front with docs/scaling/nginx.conf as it is, and the checks a person would
# make: the forum answers through nginx, a post made through nginx is read
# on every node and found by search, and with one node killed nginx still
# serves, a post still goes through, and one of the others runs the jobs.
#
#   CHORUS_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable bash .ci/nginx-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pg="${CHORUS_TEST_POSTGRES:?set CHORUS_TEST_POSTGRES to a PostgreSQL connection string}"
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx-light)"; exit 1; }
work="$(mktemp -d)"
schema="nginx_example_$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  psql -q "$pg" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

case "$pg" in *\?*) db="$pg&search_path=$schema" ;; *) db="$pg?search_path=$schema" ;; esac
psql -q "$pg" -c "CREATE SCHEMA $schema"
go build -o "$work/chorus" ./cmd/chorus

# ready URL: wait until it answers 200.
ready() {
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "not ready: $1"; tail -20 "$work"/*.log; exit 1
}
node() { # node N [flags]: serve on 127.0.0.1:1808N with its own index replica
  local n=$1; shift
  "$work/chorus" serve --addr "127.0.0.1:1808$n" --data "$work/node$n" --database "$db" \
    --trusted-proxies 127.0.0.1/32 --cluster-every 2s "$@" >"$work/node$n.log" 2>&1 &
  pids+=($!)
  ready "http://127.0.0.1:1808$n/readyz"
}
# The first node seeds the demo community; the others find it there.
node 1 --demo
node 2
node 3

mkdir -p "$work/nginx/tmp"
cp docs/scaling/nginx.conf "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c nginx.conf -g 'daemon on;' 2>"$work/nginx-start.log" || { cat "$work/nginx-start.log"; exit 1; }
lb=http://127.0.0.1:18080
ready "$lb/healthz"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
fail() { echo "FAIL: $*"; exit 1; }

curl -fsS "$lb/" | grep -q "Nordlicht" || fail "the front page through nginx lacks the demo community"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$lb/metrics")" = 404 ] || fail "nginx serves /metrics to the world"
token=$(curl -fsS -H 'Content-Type: application/json' -d '{"username":"sabine.k","password":"chorus-demo-password"}' \
  "$lb/api/v1/auth/token" | json 'd["token"]')
category=$(curl -fsS "$lb/api/v1/categories" | json 'd["categories"][0]["slug"]')
post() { # post MARKER: a question through nginx; prints its id
  curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"category\":\"$category\",\"title\":\"Router restarts every night $1\",\"body\":\"Since the update it restarts at 3 am. Marker $1.\"}" \
    "$lb/api/v1/threads" | json 'd["thread"]["id"]'
}
marker="qzvxk$$"
id=$(post "$marker")
for n in 1 2 3; do
  curl -fsS "http://127.0.0.1:1808$n/api/v1/threads/$id" | grep -q "$marker" || fail "node $n does not have thread $id"
done
found=""
for _ in $(seq 1 20); do
  if curl -fsS "$lb/api/v1/search?q=$marker" | grep -q "\"id\":$id"; then found=yes; break; fi
  sleep 0.1
done
[ -n "$found" ] || fail "search through nginx did not find thread $id within 2 s"

leaders() { # how many of the given ports lead the jobs
  local c=0
  for n in "$@"; do
    curl -fsS "http://127.0.0.1:1808$n/metrics" 2>/dev/null | grep -q '^chorus_jobs_leader 1' && c=$((c + 1))
  done
  echo $c
}
[ "$(leaders 1 2 3)" = 1 ] || fail "not exactly one node leads the jobs"

# Node 1 dies; nginx goes on with the others.
kill -9 "${pids[0]}"
for _ in $(seq 1 12); do
  curl -fsS -o /dev/null "$lb/" || fail "a page through nginx failed after node 1 died"
done
id2=$(post "${marker}b")
curl -fsS "http://127.0.0.1:18082/api/v1/threads/$id2" | grep -q "${marker}b" || fail "the post after the death is not on node 2"
for _ in $(seq 1 50); do [ "$(leaders 2 3)" = 1 ] && break; sleep 0.1; done
[ "$(leaders 2 3)" = 1 ] || fail "no surviving node took the jobs over within 5 s"
echo "nginx example: OK (3 nodes behind nginx; post $id read on every node and found by search; node 1 killed, nginx served on, post $id2 went through, the jobs moved)"
