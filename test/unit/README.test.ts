/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reads the repository's two user guides */
/**
 * docs/README.ru.md is README.md in Russian, section for section: the same headings (translated) at the same
 * levels in the same order, and in each section the same code, links, table rows and numbers. When a
 * section is added to README.md, this test names it until its Russian counterpart is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const english = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
/**
 * README.md is also the package's page on npmjs.com, where the Russian guide and the repository's other
 * files are not beside it (npm ships every README* at the root, so the Russian one lives in docs/ to stay
 * out of the English-only package): README.md links to them on GitHub, by absolute URL.
 */
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { homepage: string; repository: { url: string } };
const GITHUB = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const russian = readFileSync(resolve(ROOT, 'docs/README.ru.md'), 'utf8');

/**
 * Each README.md heading and its README.ru.md counterpart, in README order. A new README section needs
 * its translated section in README.ru.md (same place, same level) and its pair here.
 */
const HEADINGS = new Map<string, string>([
	['# n8n-nodes-is74', '# n8n-nodes-is74'],
	['## Install into n8n', '## Установка в n8n'],
	['## Try it locally: the two commands', '## Попробовать локально: две команды'],
	['## Credentials', '## Учётные данные'],
	['## IS74 Campaign', '## IS74 Campaign'],
	['## IS74 Analytics', '## IS74 Analytics'],
	['## IS74 Trigger', '## IS74 Trigger'],
	['## AI agents', '## ИИ-агенты'],
	['## Example workflows', '## Примеры workflow'],
	['### Screenshots', '### Скриншоты'],
	['## Compatibility', '## Совместимость'],
	['## Queue mode', '## Режим очереди'],
	['## Limits', '## Ограничения'],
	['## Reliability and security', '## Надёжность и безопасность'],
	['## Troubleshooting', '## Решение проблем'],
	['## Decisions where the API document is silent', '## Решения там, где документ API молчит'],
	['## Performance', '## Производительность'],
	['## Development', '## Разработка'],
	['## License', '## Лицензия'],
]);

type Section = { heading: string; body: string };

const FENCE = /^```[^\n]*\n[\s\S]*?^```$/gm;

/** The document cut at its headings (a "#" inside a fenced block is no heading). */
function sections(markdown: string): Section[] {
	const fences = [...markdown.matchAll(FENCE)].map((match) => [match.index, match.index + match[0].length]);
	const inFence = (offset: number) => fences.some(([start, end]) => offset >= start && offset < end);
	const headings = [...markdown.matchAll(/^#{1,6} .+$/gm)].filter((match) => !inFence(match.index));
	return headings.map((match, index) => ({
		heading: match[0].trim(),
		body: markdown.slice(match.index + match[0].length, headings[index + 1]?.index ?? markdown.length),
	}));
}

/** What a translation must carry over unchanged: code, link targets, table rows, numbers. */
function invariants(body: string) {
	const prose = body.replace(FENCE, '');
	// Inline code may wrap across lines; the wrapping is no difference.
	const inlineCode = [...prose.matchAll(/`([^`]+)`/g)].map((match) => match[1].replace(/\s+/g, ' '));
	const text = prose.replace(/`[^`]+`/g, ' ').replace(/\]\([^)\s]*\)/g, ']');
	return {
		codeBlocks: body.match(FENCE) ?? [],
		inlineCode: [...new Set(inlineCode)].sort(),
		// The cross-link under the title is the one link that differs.
		links: [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => target !== '../README.md' && target !== `${GITHUB}/blob/main/docs/README.ru.md`),
		tableRows: prose.split('\n').filter((line) => line.trimStart().startsWith('|')).length,
		// Digits inside words (n8n, IS74, x86) are names, not numbers; "1,000,000" and "1 000 000" are one number.
		numbers: [...text.matchAll(/(?<![\p{L}\d])\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?!\d)|(?<![\p{L}\d])\d+/gu)]
			.map((match) => match[0].replace(/\D/g, ''))
			.sort(),
	};
}

const englishSections = sections(english);
const russianSections = sections(russian);

test('every README.md heading has its Russian counterpart at the same place and level in README.ru.md', () => {
	const englishHeadings = englishSections.map((section) => section.heading);
	expect(
		englishHeadings
			.filter((heading) => !HEADINGS.has(heading))
			.map((heading) => `README.md "${heading}" has no Russian counterpart: write the section in README.ru.md (same place, same level) and add the pair to HEADINGS in test/unit/README.test.ts`),
	).toEqual([]);
	expect(
		[...HEADINGS.keys()]
			.filter((heading) => !englishHeadings.includes(heading))
			.map((heading) => `HEADINGS names "${heading}", which README.md no longer has: remove or rename it here and in README.ru.md`),
	).toEqual([]);
	expect(russianSections.map((section) => section.heading)).toEqual(englishHeadings.map((heading) => HEADINGS.get(heading)));
});

test('each README.ru.md section carries the same code blocks, inline code, links, table rows and numbers as its README.md section', () => {
	// Sections are paired by HEADINGS; one without a counterpart is named by the test above.
	const pairs = englishSections.flatMap((section) => {
		const counterpart = russianSections.find((candidate) => candidate.heading === HEADINGS.get(section.heading));
		return counterpart ? [{ section: section.heading, english: section.body, russian: counterpart.body }] : [];
	});
	expect(pairs.map((pair) => ({ section: pair.section, ...invariants(pair.russian) }))).toEqual(
		pairs.map((pair) => ({ section: pair.section, ...invariants(pair.english) })),
	);
});

test('each guide links to the other under its title; README.md, shipped alone, by its GitHub address', () => {
	expect([GITHUB, manifest.homepage]).toEqual(['https://github.com/is74/n8n-nodes-is74', `${GITHUB}#readme`]);
	expect(englishSections[0].body.trim().split('\n')[0]).toBe(`Русская версия: [README.ru.md](${GITHUB}/blob/main/docs/README.ru.md)`);
	expect(russianSections[0].body.trim().split('\n')[0]).toBe('English version: [README.md](../README.md)');
	// Every other link of README.md leaves it (a web address or an anchor): a relative one would break on npmjs.com.
	const links = [...english.replace(FENCE, '').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
	expect(links.filter((target) => !/^(https:\/\/|#)/.test(target))).toEqual([]);
	// Those into this repository name files it holds.
	const raw = GITHUB.replace('https://github.com/', 'https://raw.githubusercontent.com/');
	const files = links.flatMap((target) => [`${GITHUB}/blob/main/`, `${raw}/main/`].filter((prefix) => target.startsWith(prefix)).map((prefix) => target.slice(prefix.length).replace(/#.*$/, '')));
	expect(files).toEqual(expect.arrayContaining(['docs/README.ru.md', 'docs/api.md', 'CONTRIBUTING.md', 'docs/screenshots/node-creator.png']));
	expect(files.filter((file) => !existsSync(resolve(ROOT, file)))).toEqual([]);
});
