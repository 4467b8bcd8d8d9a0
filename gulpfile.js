// Build steps `tsc` does not do: clearing dist/ first (a module that moved or was removed would
// otherwise stay there as a stale file and ship in the package), and copying the static assets (node
// and credential icons, codex files) next to the compiled JavaScript, keeping the source folder layout.
const { rmSync } = require('fs');
const { src, dest } = require('gulp');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

function buildAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png,json}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:assets'] = buildAssets;
exports.default = buildAssets;
