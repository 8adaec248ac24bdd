// pishkhan-web: the new-letter form, made easier where JavaScript runs.
// The page works the same without it (plain form post, the browser's own
// file inputs, the session's end stated in the page); with it:
//  - each file field is a Persian control «انتخاب فایل» showing the chosen
//    file's name and size;
//  - a field missing or a file too large is said before anything is sent,
//    so the chosen files are not lost to the server's answer;
//  - the form is sent with XMLHttpRequest so the citizen sees how much of
//    a large scan is sent, in percent and bytes, with «ثبت» disabled;
//  - a warning comes shortly before the session ends, with a button that
//    keeps it (POST /session/alive);
//  - the guidance opens by itself on a wide screen.
// Every word comes from the page (data-*), in its language.
'use strict';
document.documentElement.classList.add('js');
(function () {
	var form = document.getElementById('letter-form');
	if (!form) return;
	var text = document.getElementById('sent');
	var fa = document.documentElement.lang === 'fa';
	var max = +form.getAttribute('data-max') || 0;

	function digits(s) {
		if (!fa) return s;
		return s.replace(/[0-9]/g, function (d) { return '۰۱۲۳۴۵۶۷۸۹'.charAt(+d); })
			.replace(/\./g, '٫');
	}
	// Sizes as the page writes its limits (page_size): KB, or MB with one decimal.
	function size(n) {
		if (n >= 1024 * 1024) return digits((n / (1024 * 1024)).toFixed(1)) + ' MB';
		return digits(String(Math.ceil(n / 1024))) + ' KB';
	}

	// The guidance, folded for a phone, open where there is room.
	var guide = document.getElementById('guide');
	if (guide && window.matchMedia && window.matchMedia('(min-width: 48rem)').matches)
		guide.open = true;

	// A field's message, in its <div class="field">, as the server writes it.
	function setErr(input, msg) {
		var div = input.closest('.field');
		var id = input.id + '-err';
		var p = document.getElementById(id);
		var by = (input.getAttribute('aria-describedby') || '').split(' ')
			.filter(function (x) { return x && x !== id; });
		if (!msg) {
			if (p) p.remove();
			input.removeAttribute('aria-invalid');
			if (by.length) input.setAttribute('aria-describedby', by.join(' '));
			else input.removeAttribute('aria-describedby');
			return;
		}
		if (!p) {
			p = document.createElement('p');
			p.className = 'field-err';
			p.id = id;
			div.appendChild(p);
		}
		p.textContent = msg;
		input.setAttribute('aria-invalid', 'true');
		input.setAttribute('aria-describedby', [id].concat(by).join(' '));
	}
	function tooBig(input) {
		for (var i = 0; input.files && i < input.files.length; i++)
			if (max > 0 && input.files[i].size > max) return true;
		return false;
	}

	// The file controls: the chosen file's name and size below each.
	Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (input) {
		var out = document.getElementById(input.id + '-chosen');
		if (!out) return;
		function show() {
			var f = input.files && input.files[0];
			out.textContent = '';
			if (!f) {
				out.textContent = out.getAttribute('data-none');
				return;
			}
			var b = document.createElement('bdi');
			b.textContent = f.name;
			out.appendChild(b);
			out.appendChild(document.createTextNode(' — ' + size(f.size)));
			setErr(input, tooBig(input) ? form.getAttribute('data-err-size') : null);
		}
		out.hidden = false;
		input.addEventListener('change', show);
		show();
	});

	// What the server would refuse, said before sending: 0 when fine.
	function check() {
		var first = null;
		form.querySelectorAll('[data-err]').forEach(function (input) {
			var bad = input.type === 'file' ? !(input.files && input.files.length) :
				input.value.trim() === '';
			setErr(input, bad ? input.getAttribute('data-err') : null);
			if (bad && !first) first = input;
		});
		form.querySelectorAll('input[type=file]').forEach(function (input) {
			if (!tooBig(input)) return;
			setErr(input, form.getAttribute('data-err-size'));
			if (!first) first = input;
		});
		var top = document.getElementById('form-err');
		if (!first) {
			if (top) top.remove();
			return 0;
		}
		if (!top) {
			top = document.createElement('div');
			top.id = 'form-err';
			top.className = 'msg err';
			top.setAttribute('role', 'alert');
			top.appendChild(document.createElement('p'));
			form.insertBefore(top, form.querySelector('.field'));
		}
		top.firstChild.textContent = form.getAttribute('data-err-form');
		first.focus();
		return 1;
	}

	// The form came back for another field: its good files put back where
	// the browser lets a page set a file input (DataTransfer), and the
	// server's "choose the files again" taken away from them.
	function putBack(sent) {
		var again = document.getElementById('letter-form');
		if (!again || !window.DataTransfer) return;
		(again.getAttribute('data-again') || '').split(' ').forEach(function (id) {
			var input = document.getElementById(id);
			if (!id || !sent[id] || !input) return;
			try {
				var dt = new DataTransfer();
				dt.items.add(sent[id]);
				input.files = dt.files;
			} catch (e) {
				return;
			}
			if (!input.files || !input.files.length) return;
			var err = document.getElementById(id + '-err');
			if (err) err.remove();
			input.removeAttribute('aria-invalid');
			input.setAttribute('aria-describedby', 'limits');
			input.dispatchEvent(new Event('change'));
		});
	}

	// Sending, with progress in words.
	var box = document.getElementById('sending');
	var bar = document.getElementById('progress');
	var button = form.querySelector('button[type=submit]');
	var busy = false;
	var xhrOk = box && bar && text && window.FormData && window.XMLHttpRequest;
	function say(fmt, loaded, total) {
		text.textContent = text.getAttribute(fmt)
			.replace('{sent}', size(loaded)).replace('{total}', size(total))
			.replace('{pct}', digits(String(Math.floor(loaded * 100 / total))) + (fa ? '٪' : '%'));
	}
	function done() {
		busy = false;
		if (button) button.disabled = false;
	}
	form.addEventListener('submit', function (ev) {
		if (check()) {
			ev.preventDefault();
			return;
		}
		if (!xhrOk) return;
		ev.preventDefault();
		if (busy) return;	// a double click sends once
		busy = true;
		if (button) button.disabled = true;
		var xhr = new XMLHttpRequest();
		xhr.open('POST', form.action);
		box.hidden = false;
		// before the first progress event: nothing of the files' size yet
		var files = 0;
		Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (f) {
			for (var i = 0; f.files && i < f.files.length; i++) files += f.files[i].size;
		});
		if (files > 0) say('data-fmt', 0, files);
		xhr.upload.addEventListener('progress', function (e) {
			if (!e.lengthComputable || e.total === 0) return;
			bar.value = Math.floor(e.loaded * 100 / e.total);
			say(e.loaded >= e.total ? 'data-done' : 'data-fmt', e.loaded, e.total);
		});
		// the files sent, to put back if the form comes back for another field
		var sent = {};
		Array.prototype.forEach.call(form.querySelectorAll('input[type=file]'), function (f) {
			if (f.files && f.files.length) sent[f.id] = f.files[0];
		});
		xhr.addEventListener('load', function () {
			if (xhr.responseURL && xhr.responseURL !== form.action) {
				window.location.assign(xhr.responseURL);
				return;
			}
			document.open();
			document.write(xhr.responseText);
			document.close();
			putBack(sent);
		});
		xhr.addEventListener('error', function () { done(); form.submit(); });
		xhr.send(new FormData(form));
	});

	// The session's end: a warning shortly before, and a button that keeps it.
	var end = document.getElementById('session-end');
	var warn = document.getElementById('idle');
	var warnText = document.getElementById('idle-text');
	var keep = document.getElementById('idle-keep');
	var csrf = form.querySelector('input[name=csrf]');
	if (!end || !warn || !warnText || !keep || !csrf || !window.fetch) return;
	var deadline, lead, at, shown = '', hideKept = null;
	function start(left, when) {
		deadline = Date.now() + left * 1000;
		lead = Math.min(120, left / 2) * 1000;
		at = when;
	}
	function show(what) {
		if (shown === what) return;
		shown = what;
		warnText.textContent = warn.getAttribute('data-' + what).replace('{at}', at);
		keep.hidden = what === 'ended';
		warn.hidden = false;
	}
	function tick() {
		var left = deadline - Date.now();
		if (left <= 0) show('ended');
		else if (left <= lead) show('soon');
	}
	start(+end.getAttribute('data-left') || 0, end.getAttribute('data-at') || '');
	setInterval(tick, 5000);
	document.addEventListener('visibilitychange', tick);
	keep.addEventListener('click', function () {
		keep.disabled = true;
		fetch('/session/alive', { method: 'POST', credentials: 'same-origin',
			body: new URLSearchParams({ csrf: csrf.value }) })
			.then(function (res) {
				if (!res.ok) throw new Error('ended');
				return res.json();
			})
			.then(function (j) {
				start(j.left, j.at);
				end.textContent = end.getAttribute('data-fmt').replace('%s', j.at);
				end.setAttribute('data-at', j.at);
				show('kept');
				clearTimeout(hideKept);
				hideKept = setTimeout(function () {
					if (shown !== 'kept') return;
					warn.hidden = true;
					shown = '';
				}, 8000);
			})
			.catch(function () { show('ended'); })
			.then(function () { keep.disabled = false; });
	});
})();
