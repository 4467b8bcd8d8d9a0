#!/usr/bin/env bash
# `npm start`: the product on this machine. Builds and packs the package, starts the IS74 API
# simulator, a mock OpenAI-compatible model (for the AI agent examples) and a local SMTP mailbox (for
# the human-review example), installs the package into a
# throwaway n8n (n8n 2.41.1 on Node 24, or the IS74_N8N_VERSION line, installed once into a cache outside the repository) as a community
# package, imports credentials pointing at them and the example workflows, creates an owner account,
# and prints the editor URL and login.
# Ctrl-C (or a TERM) stops n8n, its task runners, the simulator, the mock model and the mailbox, and returns once all have exited.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
started_at=$(date +%s)

N8N_PORT="${N8N_PORT:-5678}"
SIM_PORT="${IS74_SIM_PORT:-5690}"
MODEL_PORT="${IS74_MODEL_PORT:-5691}"
SMTP_PORT="${IS74_SMTP_PORT:-5692}"
MAILBOX_PORT="${IS74_MAILBOX_PORT:-5693}"
BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}"
OWNER_EMAIL="${IS74_OWNER_EMAIL:-owner@example.com}"
OWNER_PASSWORD="${IS74_OWNER_PASSWORD:-Is74-demo-pass1}"

fail() { echo "[start] $*" >&2; exit 1; }

for pair in "N8N_PORT:$N8N_PORT" "IS74_SIM_PORT:$SIM_PORT" "IS74_MODEL_PORT:$MODEL_PORT" "IS74_SMTP_PORT:$SMTP_PORT" "IS74_MAILBOX_PORT:$MAILBOX_PORT" "N8N_RUNNERS_BROKER_PORT:$BROKER_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/${pair#*:}") 2>/dev/null; then
		fail "port ${pair#*:} is in use on 127.0.0.1: stop what listens there, or choose another with ${pair%%:*}=<port> npm start"
	fi
done

echo "[start] building the package"
npm run -s build
rm -f n8n-nodes-is74-*.tgz
TARBALL="$ROOT/$(npm pack --silent 2>/dev/null | tail -n 1)"

echo "[start] preparing the n8n runtime (n8n ${IS74_N8N_VERSION:-2.41.1}; the first run installs it and its Node: a few minutes)"
RUNTIME=$(bash scripts/ensure-runtime.sh)
NODE_BIN=$(printf '%s\n' "$RUNTIME" | sed -n 's/^IS74_NODE_BIN=//p')
N8N=$(printf '%s\n' "$RUNTIME" | sed -n 's/^IS74_N8N_BIN=//p')
CACHE=$(printf '%s\n' "$RUNTIME" | sed -n 's/^IS74_CACHE=//p')

# Outside the repository: n8n's folder holds thousands of files that linters would walk.
DATA="${IS74_DEMO_DIR:-$CACHE/demo}"
rm -rf "$DATA" && mkdir -p "$DATA/.n8n/nodes"
# --legacy-peer-deps: n8n-workflow must come from n8n itself, not a second copy beside the package.
(cd "$DATA/.n8n/nodes" && echo '{"name":"installed-nodes","private":true}' > package.json &&
	PATH="$NODE_BIN:$PATH" npm install --legacy-peer-deps --no-audit --no-fund --loglevel=error "$TARBALL" >/dev/null)

# Every process this script starts, and theirs (n8n's task runners), is stopped on Ctrl-C, on TERM and
# when n8n exits: TERM first (n8n shuts down cleanly), KILL for whatever is left after 15 seconds.
descendants() {
	local child
	for child in $(pgrep -P "$1" || true); do
		echo "$child"
		descendants "$child"
	done
}
cleanup() {
	trap - EXIT INT TERM
	local all
	all=$(descendants $$)
	[ -n "$all" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $all 2>/dev/null || true
	for _ in $(seq 1 150); do
		# shellcheck disable=SC2086
		kill -0 $all 2>/dev/null || break
		sleep 0.1
	done
	# shellcheck disable=SC2086
	kill -KILL $all 2>/dev/null || true
	wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'echo; echo "[start] stopping n8n, the simulator, the mock model and the mailbox"; cleanup; exit 130' INT TERM

echo "[start] starting the IS74 API simulator on 127.0.0.1:$SIM_PORT"
# Started as node itself (not through npx, whose shell would outlive a kill).
IS74_SIM_PORT="$SIM_PORT" node -r ts-node/register/transpile-only simulator/cli.ts > "$DATA/simulator.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do grep -q "listening" "$DATA/simulator.log" 2>/dev/null && break; kill -0 $sim_pid 2>/dev/null || break; sleep 0.2; done
grep -q "listening" "$DATA/simulator.log" || fail "the simulator did not start:$(printf '\n'; cat "$DATA/simulator.log")"
cat "$DATA/simulator.log"

echo "[start] starting the mock model (OpenAI-compatible, scripted, no real AI) on 127.0.0.1:$MODEL_PORT"
IS74_MODEL_PORT="$MODEL_PORT" node -r ts-node/register/transpile-only harness/openAiMock.ts > "$DATA/model.log" 2>&1 &
model_pid=$!
for _ in $(seq 1 100); do grep -q "listening" "$DATA/model.log" 2>/dev/null && break; kill -0 $model_pid 2>/dev/null || break; sleep 0.2; done
grep -q "listening" "$DATA/model.log" || fail "the mock model did not start:$(printf '\n'; cat "$DATA/model.log")"

echo "[start] starting the local mailbox (SMTP on 127.0.0.1:$SMTP_PORT, read at http://127.0.0.1:$MAILBOX_PORT) for the human-review example"
IS74_SMTP_PORT="$SMTP_PORT" IS74_MAILBOX_PORT="$MAILBOX_PORT" node -r ts-node/register/transpile-only harness/smtpServer.ts > "$DATA/mailbox.log" 2>&1 &
mailbox_pid=$!
for _ in $(seq 1 100); do grep -q "listening" "$DATA/mailbox.log" 2>/dev/null && break; kill -0 $mailbox_pid 2>/dev/null || break; sleep 0.2; done
grep -q "listening" "$DATA/mailbox.log" || fail "the mailbox did not start:$(printf '\n'; cat "$DATA/mailbox.log")"

export N8N_USER_FOLDER="$DATA" N8N_PORT N8N_LISTEN_ADDRESS=127.0.0.1 N8N_DIAGNOSTICS_ENABLED=false \
	N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_ENCRYPTION_KEY="is74-demo-key" GENERIC_TIMEZONE="${GENERIC_TIMEZONE:-Asia/Yekaterinburg}" \
	N8N_RUNNERS_BROKER_PORT="$BROKER_PORT" N8N_SECURE_COOKIE=false
# Links n8n sends (the human-review mail's Approve and Decline) point where n8n listens, not at "localhost".
export WEBHOOK_URL="http://127.0.0.1:$N8N_PORT/"
export PATH="$NODE_BIN:$PATH"

cat > "$DATA/credentials.json" <<JSON
[{"id":"is74demo00000001","name":"IS74 Simulator","type":"is74Api","data":{"baseUrl":"http://127.0.0.1:$SIM_PORT","authentication":"accessToken","accessToken":"demo-token","loginPath":"/api/login","sessionToken":""}},
 {"id":"is74mockmodel001","name":"OpenAI (local mock model)","type":"openAiApi","data":{"apiKey":"sk-local-mock","url":"http://127.0.0.1:$MODEL_PORT/v1","header":false}},
 {"id":"is74mailbox00001","name":"Local mailbox (SMTP)","type":"smtp","data":{"user":"","password":"","host":"127.0.0.1","port":$SMTP_PORT,"secure":false,"disableStartTls":true}}]
JSON
"$N8N" import:credentials --input="$DATA/credentials.json" >/dev/null
if compgen -G "examples/*.json" >/dev/null; then
	"$N8N" import:workflow --separate --input=examples >/dev/null
fi

echo "[start] starting n8n on http://127.0.0.1:$N8N_PORT"
"$N8N" start > "$DATA/n8n.log" 2>&1 &
n8n_pid=$!
# /healthz answers before the REST API is mounted: the owner setup is retried until it succeeds.
owner_ready=no
for _ in $(seq 1 180); do
	kill -0 $n8n_pid 2>/dev/null || fail "n8n exited while starting:$(printf '\n'; tail -n 30 "$DATA/n8n.log")"
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$N8N_PORT/rest/owner/setup" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"IS74\",\"lastName\":\"Demo\",\"password\":\"$OWNER_PASSWORD\"}" || true)
	if [ "$code" = "200" ]; then owner_ready=yes; break; fi
	sleep 1
done
[ "$owner_ready" = yes ] || fail "n8n did not answer within 3 minutes:$(printf '\n'; tail -n 30 "$DATA/n8n.log")"

cat <<MSG

  n8n editor:  http://127.0.0.1:$N8N_PORT   (ready $(( $(date +%s) - started_at )) s after npm start)
  login:       $OWNER_EMAIL / $OWNER_PASSWORD
  credential:  "IS74 Simulator" (access token, pointing at http://127.0.0.1:$SIM_PORT)
  model:       "OpenAI (local mock model)" (a scripted stand-in at http://127.0.0.1:$MODEL_PORT/v1, for the agent examples)
  mailbox:     http://127.0.0.1:$MAILBOX_PORT   ("Local mailbox (SMTP)": the human-review example's mail, with its Approve and Decline links)
  logs:        $DATA/n8n.log, $DATA/simulator.log, $DATA/model.log, $DATA/mailbox.log

  Press Ctrl-C to stop n8n, the simulator, the mock model and the mailbox.
MSG
wait $n8n_pid || true
