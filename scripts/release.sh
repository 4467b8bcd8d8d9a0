#!/usr/bin/env bash
# `npm run release`: the guard every publish passes, then (in GitHub Actions, on a version tag, only)
# `npm publish` of the tarball the guard checked, with an npm provenance statement.
#
# Why a script: .npmrc sets ignore-scripts=true (a lint dependency's preinstall must not run), so npm's
# own prepublishOnly/prepack hooks never run. The guard is invoked here, and publish.yml runs this
# script, never a bare `npm publish`.
#
# Cutting a release:
#   1. `npm version --no-git-tag-version X.Y.Z` (package.json and package-lock.json), and in CHANGELOG.md
#      move the Unreleased entries under "## [X.Y.Z] - YYYY-MM-DD" and add its link at the bottom.
#   2. `npm run release` on your machine: the same guard, then the files that would ship. Nothing is
#      published from a machine: npm's provenance statement needs GitHub's OIDC token.
#   3. Commit, merge to main, then `git tag vX.Y.Z && git push origin vX.Y.Z`. publish.yml runs CI on
#      the tag (`npm test` included), then this script, which publishes.
#
# The guard, in order; the first failure stops everything and nothing is published:
#   release notes  CHANGELOG.md has a dated entry for package.json's version; in Actions, the tag is v<version>
#   build          dist/ removed and built again, so nothing stale ships; then `npm pack`
#   scan           n8n's own scanner over the sources and that tarball (scripts/scan-package.mjs)
#   typecheck, lint
#   package tests  test/package (what the tarball holds, its entry points, the scanner, the workflows)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(node -p "require('./package.json').version")
in_actions=false
[ "${GITHUB_ACTIONS:-}" = true ] && in_actions=true
tarball=''

stop() {
	echo "[release] stopped: $1; nothing was published" >&2
	exit 1
}

# step <name> <what failed> <command...>
step() {
	local name=$1 failure=$2
	shift 2
	echo "[release] $name ..."
	"$@" || stop "$failure"
	echo "[release] $name: passed"
}

release_notes() {
	if $in_actions && { [ "${GITHUB_REF_TYPE:-}" != tag ] || [ "${GITHUB_REF_NAME:-}" != "v$version" ]; }; then
		echo "[release] the tag ${GITHUB_REF_NAME:-(none)} is not package.json's version $version: tag v$version, or set the version and tag again" >&2
		return 1
	fi
	if ! grep -Eq "^## \[${version//./\\.}\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$" CHANGELOG.md; then
		echo "[release] CHANGELOG.md has no \"## [$version] - YYYY-MM-DD\" entry" >&2
		return 1
	fi
}

# Steps run as `cmd || stop`, where bash ignores `set -e`: each step chains its commands itself.
build_and_pack() {
	rm -rf dist .tmp/release && npm run -s build && mkdir -p .tmp/release &&
		tarball="$PWD/.tmp/release/$(npm pack --silent --pack-destination .tmp/release | tail -n 1)" &&
		[ -f "$tarball" ]
}

step 'release notes' 'the release notes or the tag do not match the version' release_notes
step build 'the build failed' build_and_pack
step scan 'the scan of the sources and the packed tarball failed' node scripts/scan-package.mjs --source . --packed "$tarball"
step typecheck 'the typecheck failed' npx tsc -p tsconfig.json --noEmit
step lint 'the lint failed' npm run -s lint
# The release script's own test is left out: it runs this script.
step 'package tests' 'the package tests failed' npx jest test/package --selectProjects integration --testPathIgnorePatterns test/package/releaseScript

if $in_actions; then
	echo "[release] publishing $(basename "$tarball") with provenance"
	npm publish "$tarball" --provenance --access public
else
	echo "[release] the guard passed. Outside GitHub Actions nothing is published; the tarball would hold:"
	tar -tzf "$tarball" | sed 's|^package/|  |' | sort
	echo "[release] to publish $version: commit, merge to main, then: git tag v$version && git push origin v$version"
fi
