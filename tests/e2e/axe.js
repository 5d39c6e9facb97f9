// Checks pages of the built site in headless Chromium at a phone's and a
// desktop's width: axe-core's rules (no violation), nothing wider than the
// screen, no table scrolled sideways, and no title whose last line holds
// one character alone.  Used by t_47_axe.sh.
//
//   node axe.js TOOLS_DIR CHROMIUM SITE_DIR PAGE.html…
//
// Prints one line per finding, "FAIL <width> <page>: <what>", and one
// "ok <width> <page>" per clean page; exits 1 when anything failed.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const [tools, chromium, site, ...pages] = process.argv.slice(2);
const puppeteer = require(path.join(tools, 'node_modules', 'puppeteer-core'));
const axePath = path.join(tools, 'node_modules', 'axe-core', 'axe.min.js');
const widths = [390, 1280];

// In the page: what a reader would have to scroll sideways to see, and
// headings that end with one character alone on their last line.
function layoutProblems() {
	const out = [];
	const doc = document.documentElement;
	if (doc.scrollWidth > window.innerWidth + 1)
		out.push(`the page is ${doc.scrollWidth}px wide on a ` +
		    `${window.innerWidth}px screen`);
	// A table shows every column: it never scrolls sideways (the
	// timeline may, its region reachable by keyboard: axe checks that).
	for (const el of document.querySelectorAll('main *')) {
		const st = getComputedStyle(el);
		if ((st.overflowX === 'auto' || st.overflowX === 'scroll') &&
		    el.querySelector('table') !== null &&
		    el.scrollWidth > el.clientWidth + 1)
			out.push(`${el.tagName.toLowerCase()}.${el.className} ` +
			    `scrolls sideways (${el.scrollWidth}px in ` +
			    `${el.clientWidth}px)`);
	}
	for (const el of document.querySelectorAll(
	    'h1, h2, .notice-title, caption')) {
		const range = document.createRange();
		const lines = new Map();
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		let n;
		while ((n = walker.nextNode()) !== null) {
			for (let i = 0; i < n.data.length; i++) {
				if (/\s/.test(n.data[i]))
					continue;
				range.setStart(n, i);
				range.setEnd(n, i + 1);
				const r = range.getClientRects()[0];
				if (r === undefined || r.width === 0)
					continue;
				const top = Math.round(r.top);
				lines.set(top, (lines.get(top) || '') + n.data[i]);
			}
		}
		const tops = [...lines.keys()].sort((a, b) => a - b);
		if (tops.length > 1) {
			const last = lines.get(tops[tops.length - 1]);
			if ([...last].length === 1)
				out.push(`"${el.textContent.trim().slice(0, 30)}…" ` +
				    `leaves "${last}" alone on its last line`);
		}
	}
	return out;
}

(async () => {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongshi-axe-'));
	const browser = await puppeteer.launch({
		executablePath: chromium,
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-gpu',
		    '--disable-background-networking',
		    '--disable-component-update', '--disable-sync',
		    '--no-first-run'],
	});
	let failed = 0;
	try {
		const page = await browser.newPage();
		for (const width of widths) {
			await page.setViewport({ width, height: 900 });
			for (const rel of pages) {
				const url = 'file://' + path.resolve(site, rel);
				await page.goto(url, { waitUntil: 'load' });
				await page.addScriptTag({ path: axePath });
				const res = await page.evaluate(async () =>
				    (await window.axe.run(document)).violations.map(
				    v => `${v.id}: ${v.help} (${v.nodes.map(
				    n => n.target.join(' ')).slice(0, 3).join(', ')})`));
				const lay = await page.evaluate(layoutProblems);
				const all = res.concat(lay);
				for (const f of all)
					console.log(`FAIL ${width} ${rel}: ${f}`);
				if (all.length === 0)
					console.log(`ok ${width} ${rel}`);
				failed += all.length;
			}
		}
	} finally {
		await browser.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	process.exit(failed > 0 ? 1 : 0);
})().catch(e => {
	console.log(`FAIL axe.js: ${e && e.stack || e}`);
	process.exit(1);
});
