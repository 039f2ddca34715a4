#!/usr/bin/env bash
# Runs sqlmap (Debian's package) against a freshly seeded demo forum: the
# list, thread, tag and API routes with real values, and the login form
# with its CSRF token. It prints sqlmap's verdict per target and exits
# non-zero if any injection is found. Slow (minutes), so CI does not run it;
# run it after changing SQL:  bash .ci/sqlmap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlmap >/dev/null || { echo "sqlmap missing: apt-get install sqlmap"; exit 2; }

work="$(mktemp -d)"
port=18089
base="http://127.0.0.1:$port"
go build -o "$work/chorus" ./cmd/chorus
# Behind a "proxy" at loopback, so that sqlmap's xforwardedfor tamper gives
# every request its own address and the per-address limits do not end the
# form targets after ten requests.
"$work/chorus" serve --demo --addr "127.0.0.1:$port" --data "$work/data" --trusted-proxies 127.0.0.1/32 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done

# Real values from the seeded forum, so that boolean payloads can show a
# difference (with a missing id every variant answers 404 alike).
thread=$(curl -fs "$base/api/v1/threads?per_page=1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
category=$(curl -fs "$base/api/v1/categories" | sed -n 's/.*"slug":"\([^"]*\)".*/\1/p' | head -1)
tag=$(curl -fs "$base/api/v1/tags" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p' | head -1)
echo "seeded: thread $thread, category $category, tag $tag"

targets=(
  "$base/?status=solved&sort=active&page=1"
  "$base/c/$category?status=open&page=1"
  "$base/tag/$tag?page=1"
  "$base/t/$thread"
  "$base/api/v1/threads?category=$category&tag=$tag&status=solved&sort=active&page=1&per_page=5"
  "$base/api/v1/threads/$thread"
  "$base/u/sabine.k"
  "$base/search?q=router&status=solved&category=$category&sort=newest&page=1"
  "$base/api/v1/search?q=router&tag=$tag&page=1"
)
found=0
run() {
  local out
  out=$(sqlmap --batch --disable-coloring --flush-session --output-dir="$work/sqlmap" \
    --level=3 --risk=2 --dbms=SQLite "$@" 2>&1) || true
  if grep -q "is vulnerable\|sqlmap identified the following injection" <<<"$out"; then
    echo "INJECTION FOUND: $*"; grep -A5 "identified the following" <<<"$out"; found=1
  else
    echo "clean: $* ($(grep -c 'testing ' <<<"$out") tests)"
  fi
}
for t in "${targets[@]}"; do run --threads=2 -u "$t"; done
# Path parameters too: sqlmap marks them with *.
run --threads=2 -u "$base/t/${thread}*"
run --threads=2 -u "$base/c/${category}*"
# The forms, with the CSRF token sqlmap fetches for each request (one
# thread: sqlmap allows no more with --csrf-url). A wrong login answers 401
# and a limit 429; both are answers to compare, not reasons to stop. The
# password is not a target: its per-account limit (10 in 5 minutes) ends
# any series of guesses, which is the point of it.
form=(--csrf-token=csrf --tamper=xforwardedfor --ignore-code=401,429)
run -u "$base/login" --data "username=sabine.k&password=wrong-password&csrf=x" --csrf-url="$base/login" -p username "${form[@]}"
run -u "$base/password/forgot" --data "login=sabine.k&csrf=x" --csrf-url="$base/password/forgot" -p login "${form[@]}"
run -u "$base/register" --data "username=newperson&email=new%40example.com&password=a+long+enough+password&csrf=x" \
  --csrf-url="$base/register" -p username,email "${form[@]}"
exit $found
