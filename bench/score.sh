#!/usr/bin/env bash
# Score newskg on a shared evaluation set, from the outside, as ../shared/eval/README.md says:
#   bench/score.sh statements polnear-dev        (or polnear-train-sample)
#   bench/score.sh links el-aida-dev [--kb-qids FILE]
# Ingests the set into a scratch store, serves it on a free port, runs score.py, stops.
set -euo pipefail
kind=$1 set=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${EVAL_DIR:-$here/../shared/eval}
bin=$here/.venv/bin
store=$(mktemp -d)
port=$("$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$store"' EXIT
"$bin/kg" ingest -q "$eval_dir/data/$set" --store "$store/db" >&2 || echo "(some articles failed)" >&2
"$bin/kg" serve --store "$store/db" --port "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.2
done
python3 "$eval_dir/score.py" "$kind" --endpoint "http://127.0.0.1:$port/sparql" \
  --gold "$eval_dir/data/$set.gold.jsonl" "$@"
