#!/usr/bin/env bash
# Builds and starts the embedded FinanceMarket platform on 127.0.0.1: every service and the gateway,
# SQLite files under one data folder, events delivered directly. Ctrl-C (or SIGTERM) stops them all.
#   FINANCEMARKET_REST_PORT (8080)  FINANCEMARKET_GRPC_PORT (8081)  FINANCEMARKET_DATA_DIR (./.data)
#   FINANCEMARKET_SERVICE_PORT (5101: first of the ports the services take, one each)
#
# ./run.sh --demo [replay options] starts a fresh demo platform in <data>/demo whose clock begins a year ago,
# replays the reference district's year into it through the public API (tools/Replay: --seed N,
# --scale x1|x10|x100), and keeps running so the dashboard shows the result.
# ./run.sh --demo --faults N --fault-seed S [--scale ...] replays the year while injecting N faults drawn from
# the seed (processes killed -9 and restarted, Redis restarted, ...; docs/reliability.md), then stops and
# exits 0 when every figure is equal, 1 when one differs (needs redis-server: totals run on Redis here).
# ./run.sh --held-load [--down S] holds a load of shelf reads and needs while each process in turn is killed -9,
# kept down S seconds (3) and started again, then stops (bench/load.sh --faults runs it; docs/reliability.md).
set -euo pipefail
# Everything the platform writes (SQLite files, keys, logs) is for this user alone: folders 0700, files 0600.
umask 077

demo=0
held=0
replay_args=()
if [ "${1:-}" = "--demo" ]; then
  demo=1
  shift
  replay_args=("$@")
elif [ "${1:-}" = "--held-load" ]; then
  held=1
  replay_args=("$@")
elif [ $# -gt 0 ]; then
  echo "usage: ./run.sh [--demo [--seed N] [--scale x1|x10|x100] [--faults N --fault-seed S]] | --held-load [--down S]" >&2
  exit 2
fi

faults=0
for arg in ${replay_args[@]+"${replay_args[@]}"}; do
  [ "$arg" = "--faults" ] && faults=1
done
# Processes are killed and started again by the tool, not by this script: it must not stop at the first death.
restarted=$(( faults || held ))

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rest_port="${FINANCEMARKET_REST_PORT:-8080}"
grpc_port="${FINANCEMARKET_GRPC_PORT:-8081}"
data_dir="${FINANCEMARKET_DATA_DIR:-$root/.data}"
service_port="${FINANCEMARKET_SERVICE_PORT:-5101}"

command -v dotnet >/dev/null || { echo "run.sh needs the .NET SDK 10 (dotnet) on PATH" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh needs curl to wait for /health (apt-get install -y curl)" >&2; exit 1; }
if [ "$faults" = 1 ]; then
  command -v redis-server >/dev/null || { echo "run.sh --faults runs totals on Redis: it needs redis-server (apt-get install -y redis-server)" >&2; exit 1; }
fi
if [ "$demo" = 1 ]; then
  # A replay needs a district nobody has touched and a clock that can still move forward: a new folder each time.
  data_dir="$data_dir/demo"
  rm -rf "$data_dir"
fi
mkdir -p "$data_dir/logs" "$data_dir/launch" "$data_dir/pids"
data_dir="$(cd "$data_dir" && pwd)"
# A folder made before umask applied (or by an older run.sh) is closed as well.
chmod 700 "$data_dir" "$data_dir/logs" "$data_dir/launch" "$data_dir/pids"
rm -f "$data_dir"/pids/*.pid

echo "Building FinanceMarket (Release)..."
# No build servers: they would outlive run.sh, and it stops only what it started.
dotnet build "$root/FinanceMarket.sln" -c Release --nologo -v quiet -clp:ErrorsOnly --disable-build-servers

# The demo tokens' key lives with the data, so tokens stay valid across restarts of the platform.
key_file="$data_dir/dev-signing-key"
if [ ! -s "$key_file" ]; then
  (umask 077 && head -c 48 /dev/urandom | base64 -w0 > "$key_file")
fi
# The token event deliveries show the subscribers, as daprd shows APP_API_TOKEN.
token_file="$data_dir/app-api-token"
if [ ! -s "$token_file" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 -w0 > "$token_file")
fi

demo_env=()
if [ "$demo" = 1 ]; then
  # Every process reads the demo clock from this file (whole days from today); the replay moves it forward.
  # It starts a year and a week back, so that the replayed year (twelve months, then the last claims) ends
  # before the real today and never dates a deal in a month that has not happened yet.
  echo "-372" > "$data_dir/demo-clock"
  demo_env=(FinanceMarket__DemoClockFile="$data_dir/demo-clock" FinanceMarket__Matching__ExpirySweepEvery=00:00:05)
fi
if [ "$faults" = 1 ]; then
  # The faults a service plays itself (a full disk, a failing subscriber) are switched by files here.
  mkdir -p "$data_dir/faults"
  demo_env+=(FinanceMarket__FaultFiles=true)
fi

pids=()
stop() {
  trap - INT TERM EXIT
  # A process the fault replay restarted is not a child of this script: its id is in its pid file.
  for file in "$data_dir"/pids/*.pid; do
    [ -e "$file" ] && pids+=("$(cat "$file")")
  done
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "Stopping ${#pids[@]} processes..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each process is started by a script of its own in <data>/launch, which writes its id to <data>/pids, so
# the fault replay can kill a process and start it again exactly as it was started.
launch() { # name command...
  local name="$1"; shift
  local script="$data_dir/launch/$name.sh"
  {
    echo '#!/usr/bin/env bash'
    echo 'echo $$ > '"$(printf %q "$data_dir/pids/$name.pid")"
    # Secrets never on a command line (ps shows every process's): the key by its file's name, the token
    # by the environment, which only this user can read.
    echo 'export APP_API_TOKEN="$(cat '"$(printf %q "$token_file")"')"'
    printf 'exec'; printf ' %q' "$@"; printf ' >>%q 2>&1\n' "$data_dir/logs/$name.log"
  } > "$script"
  bash "$script" &
  pids+=($!)
  # The fault replay kills and restarts these itself: no job notices from this shell.
  [ "$restarted" = 1 ] && disown $!
  true
}

start() { # name project port [env...]
  local name="$1" project="$2" port="$3"; shift 3
  local dir="$root/artifacts/bin/$project/release"
  launch "$name" env -C "$dir" "$@" \
      FinanceMarket__DataDir="$data_dir" \
      FinanceMarket__Auth__SigningKeyFile="$key_file" \
      ${demo_env[@]+"${demo_env[@]}"} \
      ASPNETCORE_ENVIRONMENT=Production \
      dotnet "$project.dll" ${port:+--urls "http://127.0.0.1:$port"}
}

gateway_env=(FinanceMarket__Auth__EnableDevTokens=true
  FINANCEMARKET_REST_PORT="$rest_port" FINANCEMARKET_GRPC_PORT="$grpc_port")
if [ "$demo" = 1 ] || [ "$held" = 1 ]; then
  # The replay is one official registering a district's year of firms as fast as the machine allows: a
  # bulk load on this machine, not a caller to hold to a person's budget (at the default 100 writes a
  # second it took 78 s instead of 33). The held load measures the platform, not the limiter.
  gateway_env+=(FinanceMarket__Gateway__WritePermitsPerSecond=100000 FinanceMarket__Gateway__WriteBurst=100000
    FinanceMarket__Gateway__NeedPermitsPerSecond=100000 FinanceMarket__Gateway__NeedBurst=100000
    FinanceMarket__Gateway__PermitsPerSecond=100000 FinanceMarket__Gateway__Burst=100000)
fi
# The processes come from the topology (services/Topology/Topology.cs): name, assembly and port, the gateway
# last. Every process is told every service's address: the ones it reads over gRPC, and the apps its relay
# asks (at /dapr/subscribe) whether they subscribe to a topic, as daprd would.
mapfile -t processes < <(dotnet "$root/artifacts/bin/FinanceMarket.Topology.Tool/release/FinanceMarket.Topology.Tool.dll" processes --first-port "$service_port")
[ ${#processes[@]} -gt 1 ] || { echo "The topology tool printed no processes (is the build complete?)" >&2; exit 1; }
addresses=()
services=0
for line in "${processes[@]}"; do
  read -r name project port <<<"$line"
  if [ -n "${port:-}" ]; then
    addresses+=("FinanceMarket__Services__${name}=http://127.0.0.1:$port")
    services=$((services + 1))
  fi
done
totals_env=()
if [ "$faults" = 1 ]; then
  # Totals keep their figures in Redis (append-only file, fsync on every write), so Redis can be restarted too.
  redis_port="${FINANCEMARKET_REDIS_PORT:-$((service_port + 50))}"
  mkdir -p "$data_dir/redis"
  launch redis redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data_dir/redis" \
    --appendonly yes --appendfsync always --save ''
  totals_env=(FinanceMarket__Totals__Store=Redis
    FinanceMarket__Totals__RedisConnectionString="127.0.0.1:$redis_port,connectTimeout=1000,syncTimeout=2000")
fi
for line in "${processes[@]}"; do
  read -r name project port <<<"$line"
  if [ -n "${port:-}" ]; then
    if [ "$name" = totals ]; then
      start "$name" "$project" "$port" "${addresses[@]}" ${totals_env[@]+"${totals_env[@]}"}
    else
      start "$name" "$project" "$port" "${addresses[@]}"
    fi
  else
    start "$name" "$project" "" "${addresses[@]}" "${gateway_env[@]}"
  fi
done

echo "Waiting for the gateway and $services services (logs: $data_dir/logs)..."
for i in $(seq 1 120); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A process exited during start-up; see $data_dir/logs" >&2; tail -n 20 "$data_dir"/logs/*.log >&2; exit 1; }
  done
  if curl -fsS "http://127.0.0.1:$rest_port/health" >/dev/null 2>&1; then
    break
  fi
  [ "$i" = 120 ] && { echo "Not ready after 120 s; see $data_dir/logs" >&2; exit 1; }
  sleep 1
done

cat <<EOT

FinanceMarket is running (embedded profile, data in $data_dir)
  REST and pages  http://127.0.0.1:$rest_port/        health: http://127.0.0.1:$rest_port/health
  Dashboard       http://127.0.0.1:$rest_port/dashboard?demoRegion=130903   (signed in as a demo official of Yunhe)
  gRPC (h2c)      http://127.0.0.1:$grpc_port

A demo token (roles: enterprise with its credit code, bank with its bank id, official with a region):
  curl -s -X POST http://127.0.0.1:$rest_port/api/v1/dev/tokens -H 'Content-Type: application/json' \\
       -d '{"role":"official","subject":"demo-official","region":"130903"}'

Press Ctrl-C to stop.
EOT
if [ "$restarted" = 1 ]; then
  echo
  # The verdict is the answer: the platform stops with the replay, whose exit code this is.
  verdict=0
  dotnet "$root/artifacts/bin/FinanceMarket.Replay/release/FinanceMarket.Replay.dll" \
    --gateway "http://127.0.0.1:$rest_port" --data-dir "$data_dir" ${replay_args[@]+"${replay_args[@]}"} || verdict=$?
  exit "$verdict"
fi
if [ "$demo" = 1 ]; then
  echo
  dotnet "$root/artifacts/bin/FinanceMarket.Replay/release/FinanceMarket.Replay.dll" \
    --gateway "http://127.0.0.1:$rest_port" ${replay_args[@]+"${replay_args[@]}"} || echo "The replay did not finish cleanly (see above)." >&2
  echo
  echo "The district's year is in: http://127.0.0.1:$rest_port/dashboard?demoRegion=130903  (Ctrl-C to stop)"
fi
wait -n "${pids[@]}" || true
echo "A process stopped unexpectedly; see $data_dir/logs" >&2
exit 1
