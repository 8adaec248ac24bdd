// tests/browser/report_page.mjs HTML OUT — open pishkhanctl report's page
// (a file) in headless Chromium with the network refused, take a
// screenshot (OUT.png) and print it as the browser would to A4 (OUT.pdf).
// Prints one line per request that left the file ("request URL"): a
// self-contained page makes none.  Used by tests/cli/report.sh.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [html, out] = process.argv.slice(2);
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
	const page = await browser.newPage({ viewport: { width: 800, height: 1100 } });
	const self = pathToFileURL(html).href;
	await page.route('**/*', (route) => {
		const u = route.request().url();
		if (u !== self) {
			console.log(`request ${u}`);
			return route.abort();
		}
		return route.continue();
	});
	await page.goto(self);
	await page.screenshot({ path: `${out}.png`, fullPage: true });
	await page.screenshot({ path: `${out}-top.png` });
	const sections = page.locator('section');
	for (let i = 0; i < Math.min(await sections.count(), 4); i++)
		await sections.nth(i).screenshot({ path: `${out}-s${i}.png` });
	await page.emulateMedia({ media: 'print' });
	await page.pdf({ path: `${out}.pdf`, preferCSSPageSize: true, printBackground: true });
	console.log('done');
} finally {
	await browser.close();
}
