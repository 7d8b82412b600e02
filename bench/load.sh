#!/usr/bin/env bash
# Load through the gateway of the embedded platform, as docs/performance.md reports it:
#   bash bench/load.sh [seconds per warm scenario, default 20]
# or the load held while each process in turn is killed and started again (docs/reliability.md):
#   bash bench/load.sh --faults [seconds each process stays down, default 3]
# Starts ./run.sh on its own ports and data folder (rate limits raised: this measures the platform, not
# the limiter), seeds a shelf of 1,000 products, and runs wrk against REST: the shelf page in its first
# 10 seconds after start (cold), then after a warm-up (warm), beside the gateway's own /alive in the same
# run; registrations; and needs matched against the 1,000 products. Prints the figures and stops what it
# started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
faults=0
[ "${1:-}" = --faults ] && { faults=1; shift; }
seconds="${1:-20}"
[ "$faults" = 1 ] || command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }

export FINANCEMARKET_REST_PORT="${FINANCEMARKET_REST_PORT:-18080}" FINANCEMARKET_GRPC_PORT="${FINANCEMARKET_GRPC_PORT:-18081}"
export FINANCEMARKET_SERVICE_PORT="${FINANCEMARKET_SERVICE_PORT:-15101}"
export FINANCEMARKET_DATA_DIR="$(mktemp -d)"
export FinanceMarket__Gateway__PermitsPerSecond=1000000 FinanceMarket__Gateway__Burst=1000000
export FinanceMarket__Gateway__WritePermitsPerSecond=1000000 FinanceMarket__Gateway__WriteBurst=1000000
export FinanceMarket__Gateway__NeedPermitsPerSecond=1000000 FinanceMarket__Gateway__NeedBurst=1000000
export BENCH_DIR="$root/bench"
base="http://127.0.0.1:$FINANCEMARKET_REST_PORT"

if [ "$faults" = 1 ]; then
  # run.sh starts the platform, and the replay tool seeds its own shelf, holds the load, and kills and
  # restarts each process (by the ids in <data>/pids, through the scripts in <data>/launch); then it stops.
  echo "== machine: $(nproc) cores; the callers, the gateway and the services share them"
  exec "$root/run.sh" --held-load --down "${1:-3}"
fi

"$root/run.sh" > "$FINANCEMARKET_DATA_DIR/run.out" 2>&1 &
platform=$!
trap 'kill -TERM $platform 2>/dev/null; wait $platform 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$base/health" >/dev/null || { cat "$FINANCEMARKET_DATA_DIR/run.out" >&2; exit 1; }

token() { curl -fsS -X POST "$base/api/v1/dev/tokens" -H 'Content-Type: application/json' -d "$1" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
official=$(token '{"role":"official","subject":"load-official","region":"13"}')
bank=$(token '{"role":"bank","subject":"load-bank"}')
curl -fsS -o /dev/null -X POST "$base/api/v1/banks" -H "Authorization: Bearer $official" -H 'Content-Type: application/json' \
  -d '{"bankId":"load-bank","name":"Load Test Bank"}'
show() { grep -E "Requests/sec|Latency |50%|99%|non-2xx|Non-2xx"; }

echo "== machine: $(nproc) cores; wrk, gateway and services share them"
# Cold: the first seconds of a replica that just started (the page's path has not run yet). The shelf holds
# a page's worth of products so that the page is full.
for i in $(seq 1 20); do
  curl -fsS -o /dev/null -X POST "$base/api/v1/banks/load-bank/products" -H "Authorization: Bearer $bank" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Product $i\",\"kind\":\"CREDIT\",\"minAmountFen\":1000000,\"maxAmountFen\":500000000,\"minTermMonths\":3,\"maxTermMonths\":36,\"rateSpreadBp\":$((i % 7 * 10)),\"decisionSlaDays\":$((1 + i % 5)),\"eligibility\":{\"industryCodes\":[\"C\"],\"regionCodes\":[\"13\"]}}"
done
echo "== cold: shelf page GET /api/v1/products?pageSize=20, 32 connections, the first 10 s after start"
wrk -t2 -c32 -d10s --latency -H "Authorization: Bearer $bank" "$base/api/v1/products?pageSize=20" | show
echo "== warm-up: the same, 20 s, not reported"
wrk -t2 -c32 -d20s -H "Authorization: Bearer $bank" "$base/api/v1/products?pageSize=20" > /dev/null
echo "== warm: shelf page, 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -H "Authorization: Bearer $bank" "$base/api/v1/products?pageSize=20" | show
echo "== gateway alone: GET /alive, 32 connections, ${seconds}s (the same run's baseline)"
wrk -t2 -c32 -d"${seconds}s" --latency "$base/alive" | show

echo "== register enterprises (after a 10 s warm-up): POST /api/v1/enterprises (validation, size class, SQLite transaction with outbox, event delivery), 16 connections, ${seconds}s"
letters=(A B C D E F G H J K)
# Warm, as the shelf page is: the registration path's first seconds are mostly the JIT (its p99 was 103-118 ms
# measured cold, 17 ms warm). The warm-up registers under another run letter, so no code repeats.
TOKEN="$official" RUN=Q wrk -t2 -c16 -d10s -s "$root/bench/register.lua" "$base" > /dev/null
TOKEN="$official" RUN="${letters[RANDOM % 10]}" wrk -t2 -c16 -d"${seconds}s" --latency -s "$root/bench/register.lua" "$base" | show

# Needs: 1,000 products listed (the 20 above and 980 more), one registered enterprise posting needs.
for i in $(seq 21 1000); do
  curl -fsS -o /dev/null -X POST "$base/api/v1/banks/load-bank/products" -H "Authorization: Bearer $bank" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Product $i\",\"kind\":\"CREDIT\",\"minAmountFen\":$(( (i % 9 + 1) * 1000000 )),\"maxAmountFen\":500000000,\"minTermMonths\":3,\"maxTermMonths\":$((12 + i % 48)),\"rateSpreadBp\":$((i % 13 * 10 - 30)),\"decisionSlaDays\":$((1 + i % 9)),\"subsidyEligible\":$([ $((i % 2)) = 0 ] && echo true || echo false),\"eligibility\":{\"industryCodes\":[\"C\"],\"regionCodes\":[\"13\"],\"minYearsInOperation\":$((i % 4))}}"
done
uscc=91130903MA0LD0008L
enterprise=$(token "{\"role\":\"enterprise\",\"subject\":\"$uscc\"}")
curl -fsS -o /dev/null -X POST "$base/api/v1/enterprises" -H "Authorization: Bearer $enterprise" -H 'Content-Type: application/json' \
  -d "{\"uscc\":\"$uscc\",\"name\":\"Load need works\",\"industryCode\":\"C34\",\"regionCode\":\"130903\",\"employees\":45,\"annualRevenueFen\":1200000000,\"totalAssetsFen\":900000000,\"establishedOn\":\"2015-06-01\",\"taxCreditRating\":\"B\"}"
sleep 2 # the listings' events reach matching
matched=$(curl -fsS -X POST "$base/api/v1/financing-needs" -H "Authorization: Bearer $enterprise" -H 'Content-Type: application/json' \
  -d "{\"uscc\":\"$uscc\",\"amountFen\":50000000,\"termMonths\":12}" | sed 's/.*"matchCount":\([0-9]*\).*/\1/')
echo "== post a need: POST /api/v1/financing-needs against 1,000 listed products ($matched match), 16 connections, ${seconds}s"
TOKEN="$enterprise" USCC="$uscc" wrk -t2 -c16 -d"${seconds}s" --latency -s "$root/bench/need.lua" "$base" | show
