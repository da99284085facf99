#!/usr/bin/env bash
# Direct payments per second between two `xway channels node` processes over loopback, each with
# its own RocksDB (every signed state in a synced write batch before it is sent; group commit of
# up to 1,024 states). Starts its own anvil. Usage: bench/channels_pay_flow.sh [COUNT]
# The figure is the payer's: payments signed, made durable and handed to the transport per second;
# the script then waits for the payee to hold the last proof and reports the end-to-end rate too,
# the CPU time each node process spent per payment (utime + stime from /proc/PID/stat over the
# burst) and the load average. `--json` prints one object instead of the line.
set -euo pipefail
cd "$(dirname "$0")/.."
JSON=0
if [ "${1:-}" = "--json" ]; then JSON=1; shift; fi
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
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
A0=$(cpu $A); B0=$(cpu $B)
START=$(date +%s.%N)
"$XWAY" channels pay 1 --to "$BADDR" --count "$COUNT" --node 127.0.0.1:8701 --json > "$TMP/pay.json"
# The payee's node stamps when it made each channel's latest partner proof durable, so a sparse,
# cheap poll (no interpreter started per poll: python3 alone costs ~0.5 s of CPU here) still
# times the end exactly.
field() { sed -n "s/.*\"$1\": *\([0-9]*\).*/\1/p" | head -1; }
while :; do
  B_JSON=$("$XWAY" channels channels --node 127.0.0.1:8702 --json)
  NONCE=$(field partner_nonce <<<"$B_JSON")
  [ -n "$NONCE" ] || { echo "no partner_nonce in the payee's channels: $B_JSON" >&2; exit 1; }
  [ "$NONCE" -ge "$COUNT" ] && break
  sleep 0.2
done
END=$(awk -v ms="$(field partner_proof_durable_ms <<<"$B_JSON")" 'BEGIN { printf "%.3f", ms / 1000 }')
A1=$(cpu $A); B1=$(cpu $B)
python3 - "$TMP/pay.json" "$START" "$END" "$COUNT" "$A0" "$A1" "$B0" "$B1" "$(getconf CLK_TCK)" "$JSON" <<'PY'
import json, os, sys
p = json.load(open(sys.argv[1])); s, e, n = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
a0, a1, b0, b1, tck = (int(x) for x in sys.argv[5:10])
out = {"count": n, "sent": p["sent"], "payer_seconds": p["seconds"], "payer_per_second": p["payments_per_second"],
       "payee_durable_seconds": e - s, "payee_durable_per_second": n / (e - s),
       "payer_cpu_us_per_payment": (a1 - a0) / tck * 1e6 / n, "payee_cpu_us_per_payment": (b1 - b0) / tck * 1e6 / n,
       "load_average": os.getloadavg()[0]}
if sys.argv[10] == "1":
    print(json.dumps(out))
else:
    print(f"direct payments: {out['sent']} in {out['payer_seconds']:.3f} s at the payer = {out['payer_per_second']:.0f}/s; "
          f"payee holds the last proof after {out['payee_durable_seconds']:.3f} s = {out['payee_durable_per_second']:.0f}/s end to end; "
          f"CPU per payment: payer {out['payer_cpu_us_per_payment']:.1f} us, payee {out['payee_cpu_us_per_payment']:.1f} us; "
          f"load average {out['load_average']:.2f}")
PY
