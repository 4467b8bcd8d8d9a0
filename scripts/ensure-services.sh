#!/usr/bin/env bash
# The queue-mode suite starts its own Redis and PostgreSQL (Debian's redis-server and postgresql 15),
# in throwaway folders on free ports of 127.0.0.1. When they are missing and this runs as root on a
# machine with apt, Debian's packages are installed, without letting the packages start their own
# system services (a policy-rc.d refusing every start, only for the install, unless one is already in
# place); otherwise this stops, before any test runs, with the one command that fixes it.
# Prints, as its last two lines: IS74_REDIS_SERVER=<path> and IS74_PG_BIN=<folder of initdb/postgres>.
set -euo pipefail

REDIS="${IS74_REDIS_SERVER:-/usr/bin/redis-server}"
# Debian 12 ships PostgreSQL 15; another distribution's newest installed server (Ubuntu's 16) does too.
# IS74_PG_LIB: where the servers are installed (Debian's folder unless told). With none installed the
# lookup finds nothing, which must not end the script (pipefail) before it says what is missing.
PG_LIB="${IS74_PG_LIB:-/usr/lib/postgresql}"
newest_pg() { { ls -d "$PG_LIB"/*/bin 2>/dev/null || true; } | sort -V | tail -n 1; }
PG_BIN="${IS74_PG_BIN:-$(newest_pg)}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# As root the servers run as Debian's `postgres` user (PostgreSQL refuses root); anyone else runs them as themselves.
present() { [ -x "$REDIS" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/postgres" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; }

if ! present && [ -z "${IS74_REDIS_SERVER:-}${IS74_PG_BIN:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "[services] redis-server or postgresql is missing: installing Debian's packages (one time, about a minute)" >&2
	export DEBIAN_FRONTEND=noninteractive
	policy=/usr/sbin/policy-rc.d
	added_policy=
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\n# added by n8n-nodes-is74 scripts/ensure-services.sh for one install: no service starts\nexit 101\n' > "$policy"
		chmod +x "$policy"
		added_policy=1
	fi
	apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends redis-server postgresql >/dev/null 2>&1 ||
		echo "[services] apt-get could not install redis-server and postgresql" >&2
	[ -n "$added_policy" ] && rm -f "$policy"
	# Where the packages were started anyway (a machine with a running init), stop and disable them:
	# the suite runs its own servers on ports it chooses, and leaves nothing running.
	if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
		systemctl disable --now redis-server postgresql >/dev/null 2>&1 || true
	fi
	PG_BIN="${IS74_PG_BIN:-$(newest_pg)}"
	PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
fi

if ! present; then
	{
		echo
		echo "The queue-mode tests need Redis and PostgreSQL ($REDIS, $PG_BIN/postgres). Nothing was run. Fix it with:"
		echo
		if [ "$(id -u)" = 0 ]; then
			echo "    apt-get update && apt-get install -y redis-server postgresql"
		else
			echo "    sudo apt-get update && sudo apt-get install -y redis-server postgresql"
		fi
		echo
		echo "(or point IS74_REDIS_SERVER and IS74_PG_BIN at yours), then run npm test again."
	} >&2
	exit 1
fi
echo "[services] $("$REDIS" --version | head -n 1); $("$PG_BIN/postgres" --version)" >&2
printf 'IS74_REDIS_SERVER=%s\nIS74_PG_BIN=%s\n' "$REDIS" "$PG_BIN"
