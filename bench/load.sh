#!/usr/bin/env bash
# Load through the gateway of the embedded platform, as docs/scaling.md reports it:
#   bash bench/load.sh [seconds per scenario, default 20]
# Starts ./run.sh on its own ports and data folder (rate limits raised: this measures the platform, not
# the limiter), seeds a shelf, runs wrk against REST, prints the figures, and stops what it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }

export FINANCEMARKET_REST_PORT=18080 FINANCEMARKET_GRPC_PORT=18081 FINANCEMARKET_SERVICE_PORT=15101
export FINANCEMARKET_DATA_DIR="$(mktemp -d)"
export FinanceMarket__Gateway__PermitsPerSecond=1000000 FinanceMarket__Gateway__Burst=1000000
base="http://127.0.0.1:$FINANCEMARKET_REST_PORT"

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
for i in $(seq 1 50); do
  curl -fsS -o /dev/null -X POST "$base/api/v1/banks/load-bank/products" -H "Authorization: Bearer $bank" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Product $i\",\"kind\":\"CREDIT\",\"minAmountFen\":1000000,\"maxAmountFen\":500000000,\"minTermMonths\":3,\"maxTermMonths\":36,\"rateSpreadBp\":50,\"decisionSlaDays\":3,\"eligibility\":{\"industryCodes\":[\"C\"],\"regionCodes\":[\"13\"]}}"
done

echo "== machine: $(nproc) cores; wrk, gateway and services share them"
echo "== browse the shelf: GET /api/v1/products?pageSize=20 (gateway -> catalog -> SQLite), 32 connections, ${seconds}s"
wrk -t2 -c32 -d"${seconds}s" --latency -H "Authorization: Bearer $bank" "$base/api/v1/products?pageSize=20" | grep -E "Requests/sec|Latency |50%|99%|Non-2xx"
echo "== register enterprises: POST /api/v1/enterprises (validation, size class, SQLite transaction with outbox, event delivery), 16 connections, ${seconds}s"
letters=(A B C D E F G H J K)
TOKEN="$official" RUN="${letters[RANDOM % 10]}" wrk -t2 -c16 -d"${seconds}s" --latency -s "$root/bench/register.lua" "$base" \
  | grep -E "Requests/sec|Latency |50%|99%|non-2xx"
