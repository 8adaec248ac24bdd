-- 005_defaults.sql — what a new installation starts with: the settings, the
-- seed's rejection reasons and the SMS texts in the seed's own words.
-- Administrators change them with pishkhanctl; later migrations never
-- overwrite what they changed.

SET LOCAL search_path = pishkhan, pg_catalog;

INSERT INTO settings (key, value, doc) VALUES
('letter_number_format', '{unit_code}/{seq}',
    'letter numbers: {unit_code}, {seq} and {year} (Jalali) are replaced'),
('letter_sequence', 'unit', 'the {seq} counter: per unit, or global'),
('letter_sequence_yearly', 'no', 'yes: {seq} restarts at 1 each Jalali year'),
('tracking_digits', '7', 'length of the random tracking numbers (5 to 12)'),
('time_zone', 'Asia/Tehran', 'the office''s time zone, for letter dates'),
('sms_update', 'yes', 'yes: a status update the staff mark "notify" sends an SMS; no: never'),
('sms_response', 'yes', 'yes: a response the staff mark "notify" sends an SMS; no: never')
ON CONFLICT (key) DO NOTHING;

ALTER TABLE settings ADD CONSTRAINT settings_valid CHECK (CASE key
	WHEN 'letter_number_format' THEN value ~ '\{seq\}'
	    AND value !~ '\{(?!(unit_code|seq|year)\})' AND length(value) <= 40
	WHEN 'letter_sequence' THEN value IN ('unit', 'global')
	WHEN 'letter_sequence_yearly' THEN value IN ('yes', 'no')
	WHEN 'tracking_digits' THEN value ~ '^([5-9]|1[0-2])$'
	WHEN 'time_zone' THEN value ~ '^[A-Za-z_]+(/[A-Za-z_+-]+)*$'
	WHEN 'sms_update' THEN value IN ('yes', 'no')
	WHEN 'sms_response' THEN value IN ('yes', 'no')
	ELSE true END);

-- From the seed's guidance: a letter missing any of these gets no action.
INSERT INTO rejection_reasons (text_fa, text_en, sort_order) VALUES
('عدم ارسال مستندات مرتبط با درخواست شما',
    'the documents related to your request were not sent', 10),
('خوانا نبودن نامه', 'the letter is not legible', 20),
('مشخص نبودن عنوان گیرنده در نامه', 'the letter does not name its recipient', 30),
('نداشتن شماره تماس، امضا و تاریخ در انتهای نامه',
    'the letter does not end with a contact number, a signature and a date', 40),
('ضمیمه نشدن فایل پیوستی که در نامه به آن اشاره شده است',
    'the attachment the letter mentions was not attached', 50),
('تکمیل نکردن فرم مخصوص واحد برای این درخواست',
    'the unit''s own form for this request was not used', 60),
('نبودن نامهٔ شرکت بر روی سربرگ با مهر و امضای شرکت',
    'the company''s letter is not on letterhead with its stamp and signature', 70),
('درج نشدن شماره و تاریخ نامهٔ شرکت',
    'the company''s letter number and date are missing', 80)
ON CONFLICT (text_fa) DO NOTHING;

INSERT INTO sms_templates (event, lang, body) VALUES
('login_code', 'fa', E'کد تایید پیشخوان: {code}\nاین کد تا {minutes} دقیقه معتبر است.'),
('login_code', 'en', E'Pishkhan verification code: {code}\nValid for {minutes} minutes.'),
('approved', 'fa', 'درخواست شما با شماره نامه {letter_no} و شماره پیگیری {tracking_no} و تاریخ نامه {date} ثبت شده است.'),
('approved', 'en', 'Your request was registered with letter number {letter_no}, tracking number {tracking_no} and letter date {date}.'),
('rejected', 'fa', 'درخواست شما به دلیل {reason} مورد تایید نمی باشد. در تاریخ {date} رد شد.'),
('rejected', 'en', 'Your request is not approved because {reason}. Rejected on {date}.'),
('update', 'fa', 'وضعیت نامه {letter_no}: {note}'),
('update', 'en', 'Status of letter {letter_no}: {note}'),
('response', 'fa', 'پاسخ نامه {letter_no} آماده است. برای دریافت آن وارد پیشخوان شوید و «گرفتن آخرین وضعیت» را بزنید.'),
('response', 'en', 'The response to letter {letter_no} is ready. Log in to the counter and press "Get the latest status" to receive it.'),
('test', 'fa', '{text}'),
('test', 'en', '{text}')
ON CONFLICT (event, lang) DO NOTHING;
