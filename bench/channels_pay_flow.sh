#!/usr/bin/env bash
# Direct payments per second between two `xway channels node` processes over loopback, each with
# its own RocksDB (every signed state in a synced write batch before it is sent; group commit of
# up to 1,024 states). Starts its own anvil. Usage: bench/channels_pay_flow.sh [COUNT]
# The figure is the payer's: payments signed, made durable and handed to the transport per second;
# the script then waits for the payee to hold the last proof and reports the end-to-end rate too.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-20000}
XWAY=${XWAY_BIN:-build/xway}
PORT=${ANVIL_PORT:-8599}
TMP=$(mktemp -d)
node_modules/.bin/anvil --port "$PORT" --silent & ANVIL=$!
trap 'kill $A $B $ANVIL 2>/dev/null; rm -rf "$TMP"' EXIT
sleep 2
URL=http://127.0.0.1:$PORT
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
K2=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
"$XWAY" --log-level warn channels deploy --l1-rpc "$URL" --private-key "$K0" --deployment "$TMP/d.json" --json >/dev/null
"$XWAY" --log-level warn channels node --data-dir "$TMP/a" --l1-rpc "$URL" --deployment "$TMP/d.json" --private-key "$K1" \
  --rpc 127.0.0.1:8701 --listen 127.0.0.1:8711 --poll-ms 100 > "$TMP/a.out" 2>"$TMP/a.err" & A=$!
"$XWAY" --log-level warn channels node --data-dir "$TMP/b" --l1-rpc "$URL" --deployment "$TMP/d.json" --private-key "$K2" \
  --rpc 127.0.0.1:8702 --listen 127.0.0.1:8712 --poll-ms 100 > "$TMP/b.out" 2>"$TMP/b.err" & B=$!
for f in a b; do for i in $(seq 100); do [ -s "$TMP/$f.out" ] && break; sleep 0.1; done; done
cat "$TMP"/*.err >&2 || true
BPEER=$(python3 -c "import json;print(json.load(open('$TMP/b.out'))['peer'])")
BADDR=${BPEER%@*}
"$XWAY" channels open --node 127.0.0.1:8701 "$BPEER" 1000000000000000000000 --json >/dev/null
sleep 1
START=$(date +%s.%N)
"$XWAY" channels pay 1 --to "$BADDR" --count "$COUNT" --node 127.0.0.1:8701 --json > "$TMP/pay.json"
while [ "$("$XWAY" channels channels --node 127.0.0.1:8702 --json | python3 -c 'import json,sys;print(json.load(sys.stdin)[0]["partner_nonce"])')" -lt "$COUNT" ]; do sleep 0.05; done
END=$(date +%s.%N)
python3 - "$TMP/pay.json" "$START" "$END" "$COUNT" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); s, e, n = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"direct payments: {p['sent']} in {p['seconds']:.3f} s at the payer = {p['payments_per_second']:.0f}/s; "
      f"payee holds the last proof after {e - s:.3f} s = {n / (e - s):.0f}/s end to end")
PY
