#!/usr/bin/env bash
# The credit data importer's whole run over a generated file, timed by the wall clock:
#   bash bench/credit-import.sh [records, default 100000]
# Starts ./run.sh on its own ports and a fresh data folder (or, with BENCH_GATEWAY=http://host:port, uses a
# platform already running there: it must serve demo tokens, i.e. local mode), generates a CSV of TAX
# records (one a firm, last year, valid credit codes in district 130903: the credit service places a firm
# by its code, so none needs registering), builds the importer (Release) and times
# `FinanceMarket.CreditImport --kind TAX --file ...` with /usr/bin/time -v: process start, reading and
# converting the file, sending it in batches of 10,000 and every answer. Prints the figure and the load
# average before the run; stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
records="${1:-100000}"
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

work="$(mktemp -d)"
platform=""
cleanup() {
  if [ -n "$platform" ]; then kill -TERM "$platform" 2>/dev/null; wait "$platform" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${BENCH_GATEWAY:-}" ]; then
  base="$BENCH_GATEWAY"
else
  export FINANCEMARKET_REST_PORT=18180 FINANCEMARKET_GRPC_PORT=18181 FINANCEMARKET_SERVICE_PORT=15301
  export FINANCEMARKET_DATA_DIR="$work/data"
  base="http://127.0.0.1:$FINANCEMARKET_REST_PORT"
  echo "Starting the platform (./run.sh, data in $FINANCEMARKET_DATA_DIR)..."
  "$root/run.sh" > "$work/run.out" 2>&1 &
  platform=$!
  # run.sh builds the solution in Release first (minutes on a cold machine), then waits for /health itself.
  for _ in $(seq 1 1200); do
    curl -fsS "$base/health" >/dev/null 2>&1 && break
    kill -0 "$platform" 2>/dev/null || break
    sleep 1
  done
fi
curl -fsS "$base/health" >/dev/null || { echo "no platform at $base" >&2; cat "$work/run.out" >&2 2>/dev/null; exit 1; }

echo "Building the importer (Release)..."
dotnet build "$root/tools/CreditImport" -c Release --nologo -v quiet -clp:ErrorsOnly --disable-build-servers
importer="$root/artifacts/bin/FinanceMarket.CreditImport/release/FinanceMarket.CreditImport.dll"

# Valid credit codes (GB 32100-2015): 91 130903, an organisation code of this run's two random letters and a
# counter, the check character. Another run gets other codes and so another file (new batch ids).
file="$work/tax-$records.csv"
year=$(( $(date +%Y) - 1 ))
awk -v n="$records" -v year="$year" -v seed="$RANDOM$$" 'BEGIN {
  alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
  split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
  srand(seed)
  run = substr(alphabet, 11 + int(rand() * 21), 1) substr(alphabet, 11 + int(rand() * 21), 1)
  print "uscc,year,taxPaidFen,invoicedRevenueFen,taxCreditRating"
  for (i = 1; i <= n; i++) {
    first17 = sprintf("91130903%s%07d", run, i)
    sum = 0
    for (j = 1; j <= 17; j++) sum += (index(alphabet, substr(first17, j, 1)) - 1) * w[j]
    check = substr(alphabet, (31 - sum % 31) % 31 + 1, 1)
    revenue = 100000000 + (i * 7919) % 900000000
    printf "%s%s,%d,%d,%d,%s\n", first17, check, year, int(revenue * 3 / 100), revenue, substr("ABMCD", i % 5 + 1, 1)
  }
}' > "$file"
echo "Generated $records TAX records ($(du -h "$file" | cut -f1)) in $file"

echo "== machine: $(nproc) cores; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); importer, gateway and services share them"
set +e
/usr/bin/time -v -o "$work/time.txt" dotnet "$importer" --kind TAX --file "$file" --gateway "$base" \
  --provider "bench-tax-$(date +%s)" --region 130903 --refused "$work/refused.csv" 2> "$work/stderr.txt"
status=$?
set -e
grep -v '^\[' "$work/stderr.txt" >&2 || true
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt")
cpu_user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
cpu_sys=$(sed -n 's/.*System time (seconds): //p' "$work/time.txt")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
echo "== importer exit status $status"
echo "== $records records: wall clock $wall (importer's own CPU: ${cpu_user}s user + ${cpu_sys}s system; max RSS ${rss} KB)"
