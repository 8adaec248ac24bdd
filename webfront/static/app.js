// pishkhan-web: upload progress for the new-letter form.  The page works
// the same without it (plain form post); with it, the form is sent with
// XMLHttpRequest so the citizen sees how much of a large scan is sent, in
// percent and bytes, with «ثبت» disabled until the answer comes.  The
// words come from the page (data-fmt, data-done), in its language.
'use strict';
(function () {
	var form = document.getElementById('letter-form');
	var box = document.getElementById('sending');
	var bar = document.getElementById('progress');
	var text = document.getElementById('sent');
	if (!form || !box || !bar || !text || !window.FormData || !window.XMLHttpRequest) return;
	var fa = text.getAttribute('data-digits') === 'fa';
	var button = form.querySelector('button[type=submit]');
	var busy = false;

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
		xhr.addEventListener('load', function () {
			if (xhr.responseURL && xhr.responseURL !== form.action) {
				window.location.assign(xhr.responseURL);
				return;
			}
			document.open();
			document.write(xhr.responseText);
			document.close();
		});
		xhr.addEventListener('error', function () { done(); form.submit(); });
		xhr.send(new FormData(form));
	});
})();
