#!/usr/bin/env bash
# N replicas of the dashboard on loopback ports behind HAProxy (deploy/haproxy.cfg):
#   make serve-replicas N=2        # http://localhost:8500 (PORT), replicas on 8501..
# Ctrl-C (or any exit) stops the balancer and every replica.
set -euo pipefail
N=${N:-2}
PORT=${PORT:-8500}
PY=${PY:-.venv/bin/python}
cd "$(dirname "$0")/.."
[ "$N" -ge 1 ] && [ "$N" -le 8 ] || { echo "N must be 1..8 (haproxy.cfg has 8 slots)" >&2; exit 2; }
bash scripts/ensure_haproxy.sh
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "stopped the balancer and $N replicas"
}
trap stop EXIT INT TERM

# Every replica signs its cookies with the same secret (a session may move on a failure).
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PY" -c 'import secrets; print(secrets.token_hex(16))')}
export BIM_COOKIE_KEY=${BIM_COOKIE_KEY:-$("$PY" -c 'import secrets; print(secrets.token_hex(16))')}
export BIM_LISTEN=127.0.0.1:$PORT
for i in $(seq 1 "$N"); do
  port=$((PORT + i))
  "$PY" -m streamlit run dashboard/app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true &
  pids+=("$!")
  export "BIM_REPLICA_$i=127.0.0.1:$port"
done
"$HAPROXY" -W -db -f deploy/haproxy.cfg &
pids+=("$!")
echo "balancer: http://localhost:$PORT in front of $N replicas (ports $((PORT + 1))..$((PORT + N)))"
wait -n  # any process ending ends them all (the trap stops the others)
