// tests/browser/web.test.mjs — pishkhan-web in real headless Chromium:
// log in, submit a letter with a PDF, see it blue in the history, in
// Persian and in English; axe-core (WCAG 2.1 A/AA) on every page and a
// screenshot of every page.  Prints TAP.  Started by tests/browser/run.sh,
// which starts the server and passes URL, OUT and the database in the
// environment.  The captcha answer and the login code are read from the
// database (the picture and the SMS), never from a back door.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;
const { URL: BASE, OUT, DB, PGUSER } = process.env;
let n = 0, failed = 0;
const ok = (cond, name, diag) => {
	n++;
	console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
	if (!cond) {
		failed++;
		if (diag) console.log('# ' + String(diag).split('\n').join('\n# '));
	}
};
const sql = (q) => execFileSync('psql', ['-X', '-q', '-A', '-t', '-U', PGUSER, '-d', DB, '-c', q],
	{ encoding: 'utf8' }).trim();

async function check(page, name, axe = true) {
	await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
	if (!axe) return;	// no script runs with JavaScript off, axe neither
	await page.evaluate(axeSource);
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
	}));
	ok(res.violations.length === 0, `axe: no WCAG 2.1 AA violation on ${name}`,
		res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((x) => x.target).join(' ')})`).join('\n'));
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--no-first-run', '--disable-sync'],
});
let page;
try {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	page = await ctx.newPage();
	const cspErrors = [];
	page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });

	// Log in (Persian).
	await page.goto(`${BASE}/`);
	ok(await page.getAttribute('html', 'dir') === 'rtl', 'login page is right to left');
	await check(page, 'login-fa');
	// The Persian text is drawn in the site's own Vazirmatn, not the phone's.
	const font = await page.evaluate(async () => {
		await document.fonts.ready;
		await document.fonts.load('16px Vazirmatn', 'شماره');
		const loaded = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Vazirmatn'
			&& f.status === 'loaded').length;
		return { loaded, check: document.fonts.check('16px Vazirmatn', 'شماره تلفن همراه'),
			family: getComputedStyle(document.querySelector('label')).fontFamily };
	});
	ok(font.loaded >= 1 && font.check && /^"?Vazirmatn/.test(font.family),
		'Persian text in Vazirmatn, loaded from the site', JSON.stringify(font));
	// «تصویر دیگر»: a new picture, the typed number kept.
	const tok0 = await page.inputValue('input[name=captcha]');
	await page.getByLabel('شماره تلفن همراه').fill('۰۹۱۲۷۷۷۶۶۵۵');
	await page.getByRole('button', { name: 'تصویر دیگر' }).click();
	await page.waitForFunction((t) => document.querySelector('input[name=captcha]').value !== t, tok0);
	ok(await page.inputValue('#mobile') === '۰۹۱۲۷۷۷۶۶۵۵', 'another picture: the typed number is kept');
	const tok = await page.inputValue('input[name=captcha]');
	const ans = sql(`SELECT answer FROM pishkhan.web_captchas WHERE id = sha256(decode('${tok}', 'hex'))`);
	await page.getByLabel('شماره تلفن همراه').fill('۰۹۱۲۷۷۷۶۶۵۵');
	await page.getByLabel('کد امنیتی').fill(ans);
	await page.getByRole('button', { name: 'ارسال کد' }).click();
	await page.waitForSelector('input[name=code]');
	await check(page, 'code-fa');
	const body = sql("SELECT body FROM pishkhan.sms_outbox WHERE to_number = '+989127776655' ORDER BY id DESC LIMIT 1");
	const code = (body.match(/[0-9]{6}/) || [''])[0];
	ok(code.length === 6, 'the SMS holds a 6-digit code');
	await page.getByLabel('کد تایید').fill(code);
	await page.getByRole('button', { name: 'تایید کد' }).click();
	await page.waitForSelector('#letter-form');
	// Logged in means a session the database knows, not only a form on the
	// page: the session cookie, and one live session for this citizen.
	const sess = (await ctx.cookies()).find((c) => /pk_session$/.test(c.name));
	ok(sess !== undefined && /^[0-9a-f]{64}$/.test(sess.value) && sql(`SELECT count(*) FROM pishkhan.web_sessions s
		JOIN pishkhan.citizens c ON c.id = s.citizen_id WHERE c.mobile = '+989127776655'
		AND s.id = sha256(decode('${sess ? sess.value : '00'}', 'hex'))`) === '1',
		'logged in: the main page, with a session the database knows');
	await check(page, 'main-fa');
	// Phone first (issue 13 item 8): the page was 1,796 px tall on a phone,
	// the first field below the second screen; now 1,170 px, the first
	// field in the first screen.
	const phone = await page.evaluate(() => ({ h: document.documentElement.scrollHeight,
		name: document.getElementById('name').getBoundingClientRect().bottom,
		header: document.querySelector('header').getBoundingClientRect().height,
		guide: document.getElementById('guide').open }));
	console.log(`# main-fa at 390x844: ${phone.h} px tall, header ${phone.header} px`);
	ok(phone.h <= 1250, `phone: the main page is at most 1,250 px tall (${phone.h})`);
	ok(phone.name < 844, `phone: the first field is in the first screen (${phone.name})`);
	ok(phone.header <= 50, `phone: a one-row header (${phone.header} px)`);
	ok(phone.guide === false, 'phone: the guidance is folded');
	await page.locator('#guide summary').click();
	ok(await page.locator('#guide').evaluate((d) => d.open) &&
		await page.getByText('نامه خوانا باشد').isVisible(), 'the guidance opens from its title');
	await page.locator('#guide summary').click();
	// The file control: «انتخاب فایل», the browser's input out of sight but
	// keyboard-usable, the chosen file's name and size in Persian digits.
	ok(await page.locator('label[for=letter] .pick').isVisible() &&
		(await page.locator('label[for=letter] .pick').innerText()).trim() === 'انتخاب فایل',
		'file control: a labelled Persian «انتخاب فایل»');
	const native = await page.locator('#letter').boundingBox();
	ok(native !== null && native.width <= 1, 'file control: the English "Choose File" is not shown');
	ok((await page.locator('#letter-chosen').innerText()).trim() === 'فایلی انتخاب نشده است.',
		'file control: says no file is chosen yet');
	await page.locator('#subject').focus();
	await page.keyboard.press('Tab');
	ok(await page.evaluate(() => document.activeElement.id) === 'letter' &&
		await page.locator('label[for=letter] .pick').evaluate((e) => getComputedStyle(e).outlineStyle) === 'solid',
		'file control: reached with Tab, its button outlined');

	// A letter with a PDF.
	await page.getByLabel(/نام و نام خانوادگی/).fill('شرکت عصر ارتباط');
	await page.getByLabel(/مخاطب\/گیرنده نامه/).selectOption({ label: 'واحد آمار و فناوری اطلاعات' });
	await page.getByLabel(/موضوع نامه/).fill('درخواست صدور گواهی');
	// 300 KB, and the server slow to answer: how much is sent, in words,
	// and «ثبت» off until the answer.  (Chromium does not slow an upload on
	// request, and a held request has no progress events: the words seen
	// are those shown as sending starts.)
	await page.setInputFiles('#letter', { name: 'نامه.pdf', mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\n%' + 'x'.repeat(300 * 1024) + '\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
	const chosen = await page.locator('#letter-chosen').innerText();
	ok(/نامه\.pdf — ۳۰[۱۲] KB/.test(chosen), 'file control: the chosen file\'s name and size, Persian digits', chosen);
	await page.screenshot({ path: `${OUT}/file-chosen-fa.png` });
	// A field missing: said before sending, so the chosen file stays.
	let posts = 0;
	const countPosts = (req) => { if (req.method() === 'POST') posts++; };
	page.on('request', countPosts);
	await page.getByLabel(/موضوع نامه/).fill('');
	await page.getByRole('button', { name: 'ثبت' }).click();
	ok(await page.locator('#subject-err').innerText() === 'موضوع نامه را کامل بنویسید؛ حداکثر ۵۰۰ نویسه.' &&
		await page.evaluate(() => document.activeElement.id) === 'subject',
		'a field missing: said at the field before sending, the field focused');
	ok(posts === 0 && await page.evaluate(() => document.getElementById('letter').files.length) === 1,
		'a field missing: nothing sent, the chosen file kept');
	page.off('request', countPosts);
	await page.getByLabel(/موضوع نامه/).fill('درخواست صدور گواهی');
	let release;
	const held = new Promise((res) => { release = res; });
	await page.route('**/letters/new', async (route) => { await held; await route.continue(); });
	await page.getByRole('button', { name: 'ثبت' }).click();
	const sending = await page.waitForFunction(() => {
		const t = (document.getElementById('sent') || {}).textContent || '';
		return /(از|همهٔ) ۳۰[۱۲] KB فرستاده شد \([۰-۹]+٪\)/.test(t) && t;
	}, null, { timeout: 10000 }).then((h) => h.jsonValue()).catch((e) => String(e));
	ok(/فرستاده شد/.test(sending), 'sending: percent and bytes in words, Persian digits', sending);
	ok(await page.locator('#letter-form button[type=submit]').isDisabled(), 'sending: «ثبت» is disabled');
	ok((await page.locator('#sending').innerText()).includes('سوابق درخواست‌ها'), 'sending: what happens next is said');
	await page.screenshot({ path: `${OUT}/sending-fa.png` });
	release();
	await page.waitForURL(/\/letters/);
	await page.unroute('**/letters/new');
	const li = page.locator('li.letter').first();
	ok(await li.getAttribute('class') === 'letter st-review', 'the new letter is blue (under review)');
	ok((await li.innerText()).includes('در حال بررسی'), 'status in words: در حال بررسی');
	const color = await li.locator('.status').evaluate((e) => getComputedStyle(e).color);
	ok(color === 'rgb(11, 79, 156)', `status colour is blue (${color})`);
	ok(sql('SELECT count(*) FROM pishkhan.letters') === '1', 'one letter in the database');
	await check(page, 'history-fa');
	const noteList = await li.locator('p.due').innerText().catch(() => '');
	ok(/^در مهلت — مهلت بررسی: .*[۰-۹]/.test(noteList), 'history: the letter\'s decision due, in words and Persian digits', noteList);
	await li.locator('h2 a').click();
	await page.waitForURL(/\/letter\//);
	await check(page, 'letter-fa');

	// The due note (issue 14): by when the decision is expected, then, the
	// due passed, that it is late, in words (not colour alone).
	const due = page.locator('p.due');
	const dueDay = sql(`SELECT pishkhan.jalali(pishkhan.due_date(decision_due)) FROM pishkhan.letters`);
	const faDigits = (s) => String(s).replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);
	let note = await due.innerText().catch(() => '');
	ok(await due.getAttribute('data-due') === 'on_time' &&
		/^در مهلت — نتیجهٔ بررسی این نامه تا پایان روز .+ اعلام می‌شود\.$/.test(note) &&
		note.includes(faDigits(dueDay)),
		`letter: the decision is expected by the end of its due day (${faDigits(dueDay)})`, note);
	sql(`SET session_replication_role = replica; UPDATE pishkhan.letters SET decision_due = now() - interval '2 days'`);
	await page.reload();
	note = await due.innerText().catch(() => '');
	ok(await due.getAttribute('data-due') === 'late' &&
		/^دیرکرد — مهلت بررسی این نامه پایان روز .+ بود و گذشته است\. نامه هنوز در دست بررسی است/.test(note),
		'letter: past its due, it says so in words', note);
	const lateColor = await due.locator('strong').evaluate((e) => getComputedStyle(e).color);
	await check(page, 'letter-late-fa');
	await page.goto(`${BASE}/letters`);
	ok((await page.locator('li.letter p.due').first().getAttribute('data-due')) === 'late',
		'history: the late letter is marked late');
	sql(`SET session_replication_role = replica; UPDATE pishkhan.letters
		SET decision_due = pishkhan.working_days_after(created_at, 2)`);
	await page.goto(`${BASE}/letter/${sql('SELECT id FROM pishkhan.letters')}`);
	const onColor = await due.locator('strong').evaluate((e) => getComputedStyle(e).color);
	ok(onColor !== lateColor, `late and on time differ in colour too (${lateColor}, ${onColor})`);

	// English.
	await page.goto(`${BASE}/lang/en`);
	ok(await page.getAttribute('html', 'dir') === 'ltr', 'English pages are left to right');
	ok(await page.getByRole('button', { name: 'Register' }).count() === 1, 'English: Register button');
	await check(page, 'main-en');
	await page.goto(`${BASE}/letters`);
	ok((await page.locator('li.letter').first().innerText()).includes('Under review'), 'English history: Under review');
	await check(page, 'history-en');

	// How it looks, phone and desktop, Persian and English: the login page
	// with its captcha, the letters and a letter of the other direction
	// (a Latin subject and name, a Persian reason with Latin in it).
	const mixed = sql(`SELECT l.letter_id FROM pishkhan.citizens c,
		LATERAL pishkhan.web_letter_submit(c.id, 'Asr Ertebat Co.', (SELECT id FROM pishkhan.units
		    WHERE code = '156301'), 'ISO 9001 certificate request', 'looks0000000000000000001') l,
		LATERAL pishkhan.web_letter_add_file(c.id, l.letter_id, 'main', 'scan-2024.pdf', 'application/pdf',
		    '\\x255044462d312e340a') f
		WHERE c.mobile = '+989127776655'`);
	execFileSync('psql', ['-X', '-q', '-U', 'daemon', '-d', DB, '-c',	// a clerk (setup_org)
		`SELECT pishkhan.letter_reject(${mixed}, 'فایل PDF خوانا نیست؛ نسخهٔ A4 بفرستید')`]);
	const anon = await browser.newContext();
	const ap = await anon.newPage();
	for (const [w, h] of [[390, 844], [1280, 900]]) {
		await page.setViewportSize({ width: w, height: h });
		await ap.setViewportSize({ width: w, height: h });
		for (const lang of ['fa', 'en']) {
			await ap.goto(`${BASE}/lang/${lang}`);
			await ap.evaluate(() => document.fonts.ready);
			await ap.screenshot({ path: `${OUT}/look-login-${lang}-${w}.png`, fullPage: true });
			await page.goto(`${BASE}/lang/${lang}`);
			await page.goto(`${BASE}/letters`);
			await page.screenshot({ path: `${OUT}/look-letters-${lang}-${w}.png`, fullPage: true });
			await page.goto(`${BASE}/letter/${mixed}`);
			await page.screenshot({ path: `${OUT}/look-letter-${lang}-${w}.png`, fullPage: true });
			await page.goto(`${BASE}/`);
			await page.evaluate(() => document.fonts.ready);
			await page.screenshot({ path: `${OUT}/look-main-${lang}-${w}.png`, fullPage: true });
			if (lang === 'fa')
				ok(await page.locator('#guide').evaluate((d) => d.open) === (w > 700),
					`the guidance is ${w > 700 ? 'open on a wide screen' : 'folded on a phone'} (${w})`);
		}
	}
	await anon.close();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`${BASE}/lang/en`);

	// Log out, then the English login page.
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.waitForSelector('input[name=mobile]');
	await check(page, 'login-en');

	// Desktop width, Persian.
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${BASE}/lang/fa`);
	await check(page, 'login-fa-desktop');
	ok(cspErrors.length === 0, 'no Content-Security-Policy violations', cspErrors.join('\n'));

	// JavaScript off: the same way in and a letter by a plain form post; a
	// bad submission is announced (role=alert) next to its field.
	const noJs = await browser.newContext({ javaScriptEnabled: false });
	const p2 = await noJs.newPage();
	await p2.goto(`${BASE}/`);
	const tok20 = await p2.inputValue('input[name=captcha]');
	await p2.getByLabel('شماره تلفن همراه').fill('09127776644');
	await Promise.all([p2.waitForURL('**/login/captcha'),
		p2.getByRole('button', { name: 'تصویر دیگر' }).click()]);
	ok(await p2.inputValue('input[name=captcha]') !== tok20 && await p2.inputValue('#mobile') === '09127776644',
		'JavaScript off: another picture keeps the typed number');
	const tok2 = await p2.inputValue('input[name=captcha]');
	const ans2 = sql(`SELECT answer FROM pishkhan.web_captchas WHERE id = sha256(decode('${tok2}', 'hex'))`);
	await p2.getByLabel('شماره تلفن همراه').fill('09127776644');
	await p2.getByLabel('کد امنیتی').fill(ans2);
	await p2.getByRole('button', { name: 'ارسال کد' }).click();
	await p2.waitForSelector('input[name=code]');
	const body2 = sql("SELECT body FROM pishkhan.sms_outbox WHERE to_number = '+989127776644' ORDER BY id DESC LIMIT 1");
	await p2.getByLabel('کد تایید').fill((body2.match(/[0-9]{6}/) || [''])[0]);
	await p2.getByRole('button', { name: 'تایید کد' }).click();
	await p2.waitForSelector('#letter-form');
	const nativeNoJs = await p2.locator('#letter').boundingBox();
	ok(nativeNoJs !== null && nativeNoJs.width > 50 && !(await p2.locator('.pick').first().isVisible()),
		'JavaScript off: the browser\'s own file input is shown');
	ok(/اگر تا ساعت [۰-۹]{2}:[۰-۹]{2} صفحهٔ دیگری باز نکنید/.test(await p2.locator('#session-end').innerText()),
		'JavaScript off: the page says when the session ends');
	await p2.getByLabel(/نام و نام خانوادگی/).fill('Ali');
	await p2.getByRole('button', { name: 'ثبت' }).click();
	await p2.waitForSelector('[role=alert]');
	ok(await p2.locator('#subject-err').count() === 1, 'JavaScript off: a bad form is answered next to the field');
	ok(await p2.inputValue('#name') === 'Ali', 'JavaScript off: what was typed is kept');
	await check(p2, 'form-errors-fa-nojs', false);
	// The same error page with JavaScript on (sent by app.js) for axe.
	const ctx3 = await browser.newContext({ storageState: await noJs.storageState() });
	const p3 = await ctx3.newPage();
	await p3.goto(`${BASE}/`);
	await p3.getByLabel(/نام و نام خانوادگی/).fill('Ali');
	await p3.getByRole('button', { name: 'ثبت' }).click();
	await p3.waitForSelector('#subject-err');
	await check(p3, 'form-errors-fa');
	// A field only the server can find wrong (a name of nothing visible,
	// ZWNJ alone): the form comes back and the file sent is put back.
	await p3.getByLabel(/نام و نام خانوادگی/).fill('\u200c');
	await p3.getByLabel(/مخاطب\/گیرنده نامه/).selectOption({ label: 'حوزه ریاست' });
	await p3.getByLabel(/موضوع نامه/).fill('نام نامرئی');
	await p3.setInputFiles('#letter', { name: 'scan.png', mimeType: 'image/png',
		buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
	await p3.getByRole('button', { name: 'ثبت' }).click();
	await p3.waitForSelector('#name-err');
	await p3.waitForFunction(() => /scan\.png/.test((document.getElementById('letter-chosen') || {}).textContent || ''),
		null, { timeout: 5000 }).catch(() => {});
	ok(await p3.evaluate(() => document.getElementById('letter').files.length) === 1 &&
		/scan\.png/.test(await p3.locator('#letter-chosen').innerText()) &&
		await p3.locator('#letter-err').count() === 0,
		'the server\'s field error: the file sent is put back, no "choose again" at it');
	await p3.screenshot({ path: `${OUT}/files-kept-fa.png`, fullPage: true });
	await ctx3.close();
	await p2.getByLabel(/مخاطب\/گیرنده نامه/).selectOption({ label: 'حوزه ریاست' });
	await p2.getByLabel(/موضوع نامه/).fill('بدون جاوااسکریپت');
	await p2.setInputFiles('#letter', { name: 'scan.png', mimeType: 'image/png',
		buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
	await p2.getByRole('button', { name: 'ثبت' }).click();
	await p2.waitForURL(/\/letters/);
	ok((await p2.locator('li.letter').first().innerText()).includes('بدون جاوااسکریپت'),
		'JavaScript off: the letter is in the history');
	const noJsState = await noJs.storageState();
	await noJs.close();

	// The session's end (web.session_idle = 2m here): a warning a minute
	// before, a button that keeps the session; then, the session ended, the
	// letter sent anyway is not registered, the login page says so, and
	// after login the typed fields are back.  The page's clock is moved on;
	// the server's is moved back (last_seen_at) to match.
	const ctxI = await browser.newContext({ storageState: noJsState, viewport: { width: 390, height: 844 } });
	const pi = await ctxI.newPage();
	page = pi;
	await pi.clock.install();
	await pi.goto(`${BASE}/`);
	const sid = (await ctxI.cookies()).find((c) => /pk_session$/.test(c.name)).value;
	const idleAgo = (secs) => sql(`UPDATE pishkhan.web_sessions SET last_seen_at = now() - interval '${secs} s'
		WHERE id = sha256(decode('${sid}', 'hex'))`);
	ok(await pi.locator('#idle').isHidden(), 'idle: no warning at first');
	await pi.clock.fastForward('00:50');
	ok(await pi.locator('#idle').isHidden(), 'idle: none 50 s in');
	await pi.clock.fastForward('00:15');
	await pi.waitForSelector('#idle', { state: 'visible', timeout: 5000 }).catch(() => {});
	const soon = await pi.locator('#idle').innerText().catch(() => '');
	ok(/نشست شما ساعت [۰-۹]{2}:[۰-۹]{2} پایان می‌یابد/.test(soon) && await pi.getByRole('button', { name: 'تمدید نشست' }).isVisible(),
		'idle: a Persian warning a minute before the end, with «تمدید نشست»', soon);
	await pi.screenshot({ path: `${OUT}/idle-warning-fa.png` });
	idleAgo(100);
	await pi.getByRole('button', { name: 'تمدید نشست' }).click();
	await pi.waitForFunction(() => /تمدید شد/.test(document.getElementById('idle-text').textContent), null, { timeout: 5000 }).catch(() => {});
	ok(/نشست شما تمدید شد؛ تا ساعت/.test(await pi.locator('#idle-text').innerText()) &&
		sql(`SELECT last_seen_at > now() - interval '10 s' FROM pishkhan.web_sessions WHERE id = sha256(decode('${sid}', 'hex'))`) === 't',
		'idle: «تمدید نشست» keeps the session (the database saw it)');
	await pi.clock.fastForward('00:10');
	ok(await pi.locator('#idle').isHidden(), 'idle: the warning goes once the session is kept');
	// The session ends; what is typed is sent anyway.
	idleAgo(3600);
	await pi.clock.fastForward('02:05');
	await pi.waitForFunction(() => /به پایان رسید/.test(document.getElementById('idle-text').textContent), null, { timeout: 5000 }).catch(() => {});
	ok(/نشست شما به پایان رسید. آنچه نوشته‌اید از دست نمی‌رود/.test(await pi.locator('#idle-text').innerText()) &&
		await pi.locator('#idle-keep').isHidden(), 'idle: the end is said, with what to do');
	await pi.getByLabel(/نام و نام خانوادگی/).fill('شرکت پیش‌نویس');
	await pi.getByLabel(/مخاطب\/گیرنده نامه/).selectOption({ label: 'حوزه ریاست' });
	await pi.getByLabel(/موضوع نامه/).fill('نامه‌ای که نشستش تمام شد');
	await pi.setInputFiles('#letter', { name: 'scan.png', mimeType: 'image/png',
		buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
	await pi.getByRole('button', { name: 'ثبت' }).click();
	await pi.waitForSelector('input[name=mobile]');
	ok(/نشست شما پیش از فرستادن نامه به پایان رسیده بود و نامه ثبت نشد/.test(await pi.locator('main').innerText()),
		'ended: the login page says the session ended and the letter was not registered');
	ok(sql("SELECT count(*) FROM pishkhan.letters WHERE subject = 'نامه‌ای که نشستش تمام شد'") === '0', 'ended: no letter registered');
	await check(pi, 'session-ended-fa');
	await pi.getByLabel('شماره تلفن همراه').fill('09127776644');
	const tokI = await pi.inputValue('input[name=captcha]');
	await pi.getByLabel('کد امنیتی').fill(sql(`SELECT answer FROM pishkhan.web_captchas WHERE id = sha256(decode('${tokI}', 'hex'))`));
	await pi.getByRole('button', { name: 'ارسال کد' }).click();
	await pi.waitForSelector('input[name=code]');
	const bodyI = sql("SELECT body FROM pishkhan.sms_outbox WHERE to_number = '+989127776644' ORDER BY id DESC LIMIT 1");
	await pi.getByLabel('کد تایید').fill((bodyI.match(/[0-9]{6}/) || [''])[0]);
	await pi.getByRole('button', { name: 'تایید کد' }).click();
	await pi.waitForSelector('#letter-form');
	ok(await pi.inputValue('#name') === 'شرکت پیش‌نویس' && await pi.inputValue('#subject') === 'نامه‌ای که نشستش تمام شد' &&
		(await pi.locator('#unit option:checked').innerText()) === 'حوزه ریاست',
		'after login: the typed fields are back');
	ok(/فایل‌ها را دوباره انتخاب کنید/.test(await pi.locator('section[aria-labelledby=nl-h] .msg.info').innerText()) &&
		/#nl-h$/.test(pi.url()), 'after login: at the form, told to choose the files again');
	await check(pi, 'draft-back-fa');
	await ctxI.close();
	page = undefined;
} catch (e) {
	ok(false, 'browser run', e.stack);
	if (page) {
		console.log(`# at ${page.url()}`);
		console.log('# ' + (await page.locator('main').innerText().catch(() => '')).split('\n').join('\n# '));
		await page.screenshot({ path: `${OUT}/failure.png`, fullPage: true }).catch(() => {});
	}
} finally {
	await browser.close();
}
console.log(`1..${n}`);
writeFileSync(`${OUT}/tap.txt`, `${n} tests, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
