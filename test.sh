#!/usr/bin/env bash
# Runs every FinanceMarket test on this machine, setting up what the tests need first, and ends with one
# line: "N passed, N failed, N skipped". Exit status 0 only when nothing failed.
# Extra arguments go to `dotnet test` (for example: --filter-class '*GrpcTests').
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root" || exit 1

if ! command -v dotnet >/dev/null; then
  echo "test.sh needs the .NET SDK 10 (dotnet) on PATH" >&2
  exit 1
fi

# What the tests use besides the SDK: curl (the run.sh test waits on /health with it), kubectl (its
# built-in kustomize renders k8s/ for the manifest tests), redis-server (the totals tests start their
# own on a free port), and chromium with a Chinese font (the dashboard tests drive the page in
# /usr/bin/chromium through Playwright, which must never download a browser of its own; the font only
# makes the screenshots legible). Installed from the distribution when missing.
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v kubectl >/dev/null || missing+=(kubectl)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list ':lang=zh' 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" \
    || echo "test.sh: could not install ${missing[*]}; the tests that need them will say so" >&2
fi

# Suites that need a server nobody can install here (MongoDB, a Docker engine) report themselves as
# skipped with the reason; set FINANCEMARKET_TEST_MONGODB=mongodb://... to run the MongoDB contract suite.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# A filter (--filter-class ...) leaves some test assemblies with nothing to run, which they report with exit
# code 8; that is not a failure of the run the filter asked for.
extra=()
[ $# -gt 0 ] && extra=(--ignore-exit-code 8)
dotnet test FinanceMarket.sln --no-progress --no-ansi "$@" ${extra[@]+"${extra[@]}"} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

awk -v rc="$rc" '
  /^Test run summary:/ { seen = 1; next }
  seen && $1 == "succeeded:" { p += $2 }
  seen && $1 == "failed:"    { f += $2 }
  seen && $1 == "skipped:"   { k += $2 }
  END {
    if (!seen) { print "no test summary found: the build or the test host failed (see above)" > "/dev/stderr"; exit 1 }
    printf "%d passed, %d failed, %d skipped\n", p, f, k
    # A filter that matches nothing has tested nothing: that is not a pass.
    if (p + f == 0) { print "no test ran" > "/dev/stderr"; exit 1 }
    exit (f > 0 || rc != 0) ? 1 : 0
  }' "$log"
