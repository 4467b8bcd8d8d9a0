// Copies the static assets that `tsc` does not emit (node and credential icons, codex files)
// next to the compiled JavaScript in dist/, keeping the source folder layout.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png,json}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
exports.default = buildAssets;
