-- demo.sql — the demo data of `make run`: the seed's six units, and the
-- three letters of the seed's follow-up screenshot, sent from 09121234567.
-- Safe to load again: it adds only what is missing.  (The rejection reasons
-- and SMS texts come with the migrations; the current OS user is made a
-- clerk, unit member and admin by scripts/run.sh.)

SET search_path = pishkhan, pg_catalog;

INSERT INTO units (code, name_fa, name_en, sort_order) VALUES
('156101', 'حوزه ریاست', 'Office of the President', 10),
('156201', 'معاونت آموزشی', 'Deputy for Education', 20),
('156401', 'معاونت تحقیقات و فناوری', 'Deputy for Research and Technology', 30),
('156501', 'معاونت توسعه مدیریت و منابع', 'Deputy for Management Development and Resources', 40),
('156601', 'معاونت غذا و دارو', 'Deputy for Food and Drug', 50),
('156301', 'واحد آمار و فناوری اطلاعات', 'Statistics and IT Unit', 60)
ON CONFLICT (code) DO NOTHING;

DO $$
DECLARE
	cid bigint;
	uid integer;
	lid bigint;
	-- A one-page PDF: enough for a viewer to open.
	pdf bytea := convert_to(E'%PDF-1.4\n'
	    || E'1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n'
	    || E'2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n'
	    || E'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n'
	    || E'trailer<</Root 1 0 R>>\n%%EOF\n', 'UTF8');
	l record;
BEGIN
	IF EXISTS (SELECT 1 FROM citizens WHERE mobile = '+989121234567') THEN
		RETURN;
	END IF;
	INSERT INTO citizens (mobile) VALUES ('+989121234567') RETURNING id INTO cid;
	SELECT id INTO uid FROM units WHERE code = '156301';
	FOR l IN SELECT * FROM (VALUES
	    ('درخواست فعال سازی دوره هوش تجاری در اکسل برای اجرای مجدد در سال 1401',
		'approved', '156301/843', '8568348', gregorian_from_jalali(1401, 2, 5), NULL),
	    ('درخواست ایمیل', 'approved', '156301/956', '8720659',
		gregorian_from_jalali(1401, 2, 7), NULL),
	    ('تست حجم پیوست', 'rejected', NULL, NULL, gregorian_from_jalali(1401, 2, 10),
		'عدم ارسال مستندات مرتبط با درخواست شما'))
	    AS t(subject, status, letter_no, tracking_no, day, reason)
	LOOP
		INSERT INTO letters (citizen_id, sender_name, requested_unit_id, unit_id,
		    subject, created_at)
		VALUES (cid, 'شرکت عصر ارتباط', uid, uid, l.subject, l.day - 1)
		RETURNING id INTO lid;
		INSERT INTO files (letter_id, kind, original_name, content_type, data)
		VALUES (lid, 'main', 'نامه.pdf', 'application/pdf', pdf);
		INSERT INTO letter_events (letter_id, at, actor, kind, status_after, unit_id)
		VALUES (lid, l.day - 1, 'pishkhan_web', 'submitted', 'review', uid);
		UPDATE letters SET status = l.status::letter_status, letter_no = l.letter_no,
		    tracking_no = l.tracking_no,
		    letter_date = CASE WHEN l.status = 'approved' THEN l.day END,
		    rejection_reason = l.reason,
		    rejection_reason_id = (SELECT id FROM rejection_reasons WHERE text_fa = l.reason),
		    decided_by = 'demo', decided_at = l.day + time '10:00'
		WHERE id = lid;
		INSERT INTO letter_events (letter_id, at, actor, kind, status_before,
		    status_after, unit_id, note)
		VALUES (lid, l.day + time '10:00', 'demo', l.status::event_kind, 'review',
		    l.status::letter_status, uid, l.reason);
	END LOOP;
	INSERT INTO letter_counters (scope, last) VALUES ('unit:' || uid, 956)
	ON CONFLICT (scope) DO NOTHING;
END
$$;
