#!/usr/bin/env bash
# The editor tests drive a real Chromium (CHROMIUM_PATH, or Debian's /usr/bin/chromium). When it is
# missing and this runs as root on a machine with apt, Debian's package is installed; otherwise this
# stops, before any test runs, with the one command that fixes it.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

runs() { [ -x "$CHROMIUM" ] && "$CHROMIUM" --headless --no-sandbox --version >/dev/null 2>&1; }

if ! runs && [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "[chromium] $CHROMIUM is missing: installing Debian's chromium package (one time, about a minute)" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && apt-get install -y -qq chromium >/dev/null 2>&1 ||
		echo "[chromium] apt-get could not install chromium" >&2
fi

if ! runs; then
	{
		echo
		echo "The editor tests need Chromium, and none runs at $CHROMIUM. Nothing was run. Fix it with:"
		echo
		if [ -n "${CHROMIUM_PATH:-}" ]; then
			echo "    export CHROMIUM_PATH=/path/to/a/working/chromium"
		elif [ "$(id -u)" = 0 ]; then
			echo "    apt-get update && apt-get install -y chromium"
		else
			echo "    sudo apt-get update && sudo apt-get install -y chromium"
		fi
		echo
		echo "(or point CHROMIUM_PATH at a Chromium you already have), then run npm test again."
	} >&2
	exit 1
fi
echo "[chromium] $("$CHROMIUM" --headless --no-sandbox --version 2>/dev/null | head -n 1)" >&2
