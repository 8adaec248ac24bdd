// pishkhan-web: an upload progress bar for the new-letter form.  The page
// works the same without it (plain form post); with it, the form is sent
// with XMLHttpRequest so the citizen sees how much of a large scan is sent.
'use strict';
(function () {
	var form = document.getElementById('letter-form');
	var bar = document.getElementById('progress');
	if (!form || !bar || !window.FormData || !window.XMLHttpRequest) return;
	var busy = false;
	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		if (busy) return;	// a double click sends once
		busy = true;
		var xhr = new XMLHttpRequest();
		xhr.open('POST', form.action);
		bar.hidden = false;
		xhr.upload.addEventListener('progress', function (e) {
			if (e.lengthComputable) bar.value = Math.round(e.loaded * 100 / e.total);
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
		xhr.addEventListener('error', function () { busy = false; form.submit(); });
		xhr.send(new FormData(form));
	});
})();
