/*
 * i18n_msgs.h — the message catalog: MSG(id, Persian, English).
 *
 * Every text that a citizen or a clerk reads comes from here, in their
 * language, and says what to do next.  Persian first; the English is a
 * translation, not the source.  Placeholders are printf-style and must
 * agree between the two (the unit test checks it).
 */
/*
 * A path or file name in a Persian sentence is isolated left to right
 * (U+2066 LRI … U+2069 PDI), so its slashes stay where they are in either
 * direction; console/bidi.c drops the marks once it has reordered a line.
 */
#ifndef LRI
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"
#endif
MSG(LANG_NAME, "فارسی", "English")
MSG(APP_NAME, "پیشخوان الکترونیکی ارباب رجوع", "Pishkhan, the clients' electronic counter")
MSG(PHONE_EMPTY, "شماره تلفن همراه را وارد کنید.",
    "Enter your mobile number.")
MSG(PHONE_INVALID, "این شماره تلفن همراه درست نیست. آن را به شکل ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید.",
    "This is not a valid mobile number. Enter it like 09121234567.")
MSG(PHONE_NOT_MOBILE, "این شماره، شماره تلفن همراه نیست. شماره‌ای را وارد کنید که با ۰۹ شروع می‌شود.",
    "This is not a mobile number. Enter a number that starts with 09.")
MSG(PHONE_COUNTRY, "شماره‌های این کشور پذیرفته نمی‌شوند. یک شماره تلفن همراه ایران وارد کنید.",
    "Numbers from this country are not accepted. Enter an Iranian mobile number.")
MSG(DB_DOWN, "سامانه موقتاً در دسترس نیست. چند دقیقهٔ دیگر دوباره تلاش کنید؛ چیزی از دست نرفته است.",
    "The system is temporarily unavailable. Try again in a few minutes; nothing has been lost.")
MSG(NOT_STAFF, "نام کاربری «%s» در فهرست کارکنان فعال پیشخوان نیست. با مدیر سامانه تماس بگیرید.",
    "The login '%s' is not an active member of the counter's staff. Contact the system administrator.")
MSG(STATUS_REVIEW, "در حال بررسی", "Under review")
MSG(STATUS_APPROVED, "تایید شده", "Approved")
MSG(STATUS_REJECTED, "رد شده", "Rejected")
/* The public web (webfront/). */
MSG(WEB_TITLE, "سامانه ثبت و پیگیری مکاتبات ارباب رجوع", "Correspondence registration and follow-up")
MSG(WEB_SKIP, "رفتن به محتوای اصلی", "Skip to the main content")
MSG(WEB_OTHER_LANG, "English", "فارسی")
MSG(WEB_MOBILE, "شماره تلفن همراه", "Mobile phone number")
MSG(WEB_CAPTCHA, "کد امنیتی", "Security code")
MSG(WEB_CAPTCHA_ALT, "تصویر کد امنیتی: عددهای داخل تصویر را وارد کنید", "Security code image: type the digits in the picture")
MSG(WEB_CAPTCHA_NEW, "تصویر دیگر", "Another picture")
MSG(WEB_SEND_CODE, "ارسال کد", "Send code")
MSG(WEB_CODE, "کد تایید", "Verification code")
MSG(WEB_VERIFY_CODE, "تایید کد", "Verify code")
MSG(WEB_CODE_SENT, "اگر این شماره درست باشد، تا چند ثانیهٔ دیگر پیامکی با کد تایید به آن می‌رسد. کد را وارد کنید و «تایید کد» را بزنید.", "If the number is right, an SMS with a verification code reaches it in a few seconds. Type the code and press \"Verify code\".")
MSG(WEB_LOGIN_NOTE, "از این پس همین شماره همراه برای شناسایی شما به کار می‌رود و برای پیگیری درخواست‌ها باید دوباره با همین شماره وارد شوید.", "From now on this mobile number identifies you: to follow up your requests, log in again with the same number.")
MSG(WEB_CAPTCHA_WRONG, "کد امنیتی درست نیست یا منقضی شده است. کد تصویر تازه را وارد کنید.", "The security code is wrong or has expired. Type the code in the new picture.")
MSG(WEB_CODE_WAIT, "کد تازه را %s دیگر می‌توانید بخواهید. کد قبلی را اگر رسیده است وارد کنید.", "You can ask for a new code in %s. If the last code arrived, type it in.")
MSG(WEB_CODE_WAIT_NEW, "کد تازه را %s دیگر می‌توانید بخواهید.", "You can ask for a new code in %s.")
MSG(WEB_WAIT_S, "%s ثانیهٔ", "%s seconds")
MSG(WEB_WAIT_M, "%s دقیقهٔ", "%s min")
MSG(WEB_WAIT_MS, "%s دقیقه و %s ثانیهٔ", "%s min %s s")
MSG(WEB_CODE_LIMIT, "برای این شماره یا این نشانی بیش از حد مجاز کد خواسته شده است. بعداً دوباره تلاش کنید.", "Too many codes have been requested for this number or from this address. Try again later.")
MSG(WEB_CODE_BUDGET, "ارسال پیامک امروز ممکن نیست. فردا دوباره تلاش کنید.", "Text messages cannot be sent today. Try again tomorrow.")
MSG(WEB_CODE_WRONG, "کد تایید درست نیست یا دیگر معتبر نیست. آن را دوباره وارد کنید یا کد تازه بخواهید.", "The verification code is wrong or no longer valid. Type it again or ask for a new code.")
MSG(WEB_CODE_GUESS_LIMIT, "از این نشانی اینترنتی بیش از حد مجاز کد نادرست وارد شده است. یک ساعت دیگر دوباره تلاش کنید.", "Too many wrong codes have come from this internet address. Try again in an hour.")
MSG(WEB_CODE_CAPTCHA, "برای این شماره کدهای نادرست زیادی وارد شده است. برای امنیت، عددهای تصویر را هم در «کد امنیتی» وارد کنید.", "Many wrong codes have been tried for this number. For safety, type the digits in the picture into \"Security code\" too.")
MSG(WEB_CAPTCHA_LIMIT, "برای این نشانی اینترنتی تصویرهای امنیتی زیادی ساخته شده است. چند دقیقهٔ دیگر صفحه را دوباره باز کنید.", "Too many security pictures have been made for this internet address. Open the page again in a few minutes.")
MSG(WEB_CODE_EXPIRED, "کد تایید منقضی شده یا به کار رفته است. کد تازه بخواهید.", "The verification code has expired or was already used. Ask for a new code.")
MSG(WEB_CODE_FORMAT, "کد تایید ۶ رقم است. آن را همان‌طور که در پیامک آمده وارد کنید.", "The verification code has 6 digits. Type it as it appears in the SMS.")
MSG(WEB_CSRF, "فرم منقضی شده است. صفحه را دوباره باز کنید و دوباره بفرستید.", "The form has expired. Open the page again and send it again.")
MSG(WEB_LOGOUT, "خروج", "Log out")
MSG(WEB_LOGGED_IN_AS, "وارد شده با شماره", "Logged in as")
MSG(WEB_HOME, "پیشخوان", "Counter")
MSG(WEB_HISTORY, "سوابق درخواست‌ها", "My requests")
MSG(WEB_FOLLOWUP, "پیگیری نامه", "Follow up a letter")
MSG(WEB_TRACKING_ENTER, "شماره پیگیری خود را وارد نمایید", "Enter your tracking number")
MSG(WEB_FOLLOWUP_BTN, "پیگیری", "Follow up")
MSG(WEB_FOLLOWUP_OLD, "پیگیری درخواست‌های قبلی", "Follow up earlier requests")
MSG(WEB_NOT_FOUND, "نامه‌ای با این شماره پیگیری پیدا نشد. شماره را بررسی کنید.", "No letter with this tracking number was found. Check the number.")
MSG(WEB_NEW_LETTER, "ثبت نامه جدید", "Register a new letter")
MSG(WEB_FULLNAME, "نام و نام خانوادگی", "Full name")
MSG(WEB_FULLNAME_HINT, "نام شخص یا نام شرکت", "A person's or a company's name")
MSG(WEB_UNIT, "مخاطب/گیرنده نامه", "Addressee / recipient of the letter")
MSG(WEB_UNIT_CHOOSE, "یک واحد را انتخاب کنید", "Choose a unit")
MSG(WEB_SUBJECT, "موضوع نامه", "Subject of the letter")
MSG(WEB_MAIN_FILE, "فایل متن", "Letter text file")
MSG(WEB_ATTACH_FILE, "فایل پیوست", "Attachment file")
MSG(WEB_FILE_LIMITS, "قالب‌های پذیرفته: PNG، DOCX، DOC، PDF، JPG و TIFF؛ هر فایل حداکثر %s.", "Accepted formats: PNG, DOCX, DOC, PDF, JPG and TIFF; at most %s per file.")
MSG(WEB_REQUIRED, "(الزامی)", "(required)")
MSG(WEB_SUBMIT, "ثبت", "Register")
MSG(WEB_SENDING, "{sent} از {total} فرستاده شد ({pct})", "{sent} of {total} sent ({pct})")
MSG(WEB_SENT_WAIT, "همهٔ {total} فرستاده شد ({pct})؛ نامه در حال ثبت است…", "All {total} sent ({pct}); the letter is being registered…")
MSG(WEB_SENDING_NEXT, "این صفحه را تا پایان ارسال باز نگه دارید. سپس نامه با وضعیت «در حال بررسی» ثبت می‌شود و در «سوابق درخواست‌ها» می‌آید؛ نتیجهٔ بررسی با پیامک خبر داده می‌شود.", "Keep this page open until sending ends. The letter is then registered as \"under review\" and listed in your requests; the decision comes by SMS.")
MSG(WEB_GUIDE_TITLE, "قبل از بارگذاری نامه به موارد زیر دقت نمایید.", "Before uploading the letter, check the following.")
MSG(WEB_GUIDE_PERSON, "اگر نامه دست‌نویس شخص (حقیقی) باشد: ۱. نامه خوانا باشد. ۲. نامه ارسالی حتماً با عنوان گیرنده باشد. ۳. حتماً انتهای نامه شماره تماس و امضا و تاریخ داشته باشد. ۴. اگر در نامه به پیوستی اشاره شده، حتماً فایل پیوست ضمیمه گردد. ۵. اگر واحد مربوطه برای درخواست فرم خاصی طراحی و در سایت قرار داده است، درخواست خود را در قالب همان فرم تکمیل و ارسال نمایید.", "A handwritten letter from a person (natural person) must: 1. be legible; 2. name its recipient; 3. end with a contact number, a signature and a date; 4. include the attachment file if it mentions one; 5. use the unit's own form if the unit has published one for the request.")
MSG(WEB_GUIDE_COMPANY, "اگر نامه از شرکت (حقوقی) ارسال می‌گردد: ۱. با سربرگ و مهر و امضای شرکت باشد. ۲. شماره و تاریخ شرکت در نامه درج شده باشد. ۳. عنوان گیرنده مشخص شده باشد. ۴. اگر در نامه به پیوست اشاره شده، حتماً فایل پیوست ضمیمه گردد.", "A letter from a company (legal person) must: 1. be on letterhead with the company's stamp and signature; 2. carry the company's letter number and date; 3. name its recipient; 4. include any attachment it mentions.")
MSG(WEB_GUIDE_REJECT, "اگر هر یک از این موارد کامل نباشد، نامه اقدامی ندارد و درخواست رد می‌گردد.", "If any of these is missing, the letter gets no action and the request is rejected.")
MSG(WEB_ERR_FULLNAME, "نام و نام خانوادگی (یا نام شرکت) را وارد کنید؛ حداکثر ۲۰۰ نویسه.", "Enter the full name (or the company's name); at most 200 characters.")
MSG(WEB_ERR_UNIT, "گیرندهٔ نامه را از فهرست انتخاب کنید.", "Choose the recipient of the letter from the list.")
MSG(WEB_ERR_SUBJECT, "موضوع نامه را کامل بنویسید؛ حداکثر ۵۰۰ نویسه.", "Write the subject of the letter in full; at most 500 characters.")
MSG(WEB_ERR_FILE_MISSING, "فایل متن نامه را انتخاب کنید.", "Choose the file of the letter's text.")
MSG(WEB_ERR_FILE_TYPE, "این فایل PNG، JPG، TIFF، PDF، DOC یا DOCX نیست (نوع فایل از محتوای آن تشخیص داده می‌شود، نه از نامش). فایل دیگری انتخاب کنید.", "This file is not a PNG, JPG, TIFF, PDF, DOC or DOCX file (the type is read from its content, not its name). Choose another file.")
MSG(WEB_ERR_FILE_SIZE, "این فایل بزرگ‌تر از %s است. فایل کوچک‌تری انتخاب کنید.", "This file is larger than %s. Choose a smaller file.")
MSG(WEB_ERR_FILE_AGAIN, "فایل‌ها را دوباره انتخاب کنید؛ مرورگر آن‌ها را نگه نمی‌دارد.", "Choose the files again; the browser does not keep them.")
MSG(WEB_ERR_FORM, "فرم کامل نیست. موارد مشخص‌شده را اصلاح کنید.", "The form is not complete. Correct the marked fields.")
MSG(WEB_LIMIT, "به سقف نامه‌هایی که هر نفر می‌تواند در یک ساعت یا یک روز ثبت کند رسیده‌اید. از %s می‌توانید دوباره نامه ثبت کنید. آنچه نوشته‌اید نگه داشته شده است؛ فایل‌ها را آن زمان دوباره انتخاب کنید.", "You have reached the number of letters one person may submit in an hour or a day. You can submit again from %s. What you typed is kept; choose the files again then.")
MSG(WEB_LIMIT_FILES, "حجم فایل‌های این نامه از سقفی که هر نفر می‌تواند ثبت کند بیشتر است. فایل‌های کوچک‌تری انتخاب کنید.", "The files of this letter are larger than one person may submit. Choose smaller files.")
MSG(WEB_SAVE_UNKNOWN, "ارتباط با پایگاه داده درست هنگام ثبت نامه قطع شد و معلوم نیست نامهٔ شما ثبت شد یا نه. فهرست نامه‌هایتان را ببینید؛ اگر نبود، همین فرم را دوباره بفرستید (دو بار ثبت نمی‌شود).", "The connection to the database was lost just as your letter was being saved, and we cannot tell whether it was. Look at your letters; if it is not there, send the same form again (it will not be saved twice).")
MSG(WEB_TOO_LARGE, "حجم فرم ارسالی بیش از حد مجاز است. فایل‌های کوچک‌تری انتخاب کنید.", "The form sent is too large. Choose smaller files.")
MSG(WEB_BAD_BODY, "فرم ناقص یا خراب رسید و چیزی از آن ثبت نشد. صفحه را دوباره باز کنید و فرم را دوباره بفرستید.", "The form arrived incomplete or damaged and nothing of it was saved. Open the page again and send the form again.")
MSG(WEB_SUBMITTED, "نامهٔ شما با وضعیت «در حال بررسی» ثبت شد.", "Your letter was registered with the status \"under review\".")
MSG(WEB_SEARCH, "جستجو (موضوع، شماره پیگیری یا شماره نامه)", "Search (subject, tracking number or letter number)")
MSG(WEB_SEARCH_BTN, "جستجو", "Search")
MSG(WEB_SEARCH_BAD, "متن جستجو خوانا نیست. آن را دوباره بنویسید.", "The search text cannot be read. Type it again.")
MSG(WEB_NO_LETTERS, "نامه‌ای پیدا نشد.", "No letters found.")
MSG(WEB_OLDER, "نامه‌های قدیمی‌تر", "Older letters")
MSG(WEB_NEWEST, "تازه‌ترین نامه‌ها", "Newest letters")
MSG(WEB_STATUS, "وضعیت", "Status")
MSG(WEB_DESCRIPTION, "توضیحات", "Description")
MSG(WEB_APPROVED_TEXT, "درخواست شما با شماره نامه %s و شماره پیگیری %s و تاریخ نامه %s ثبت شده است.", "Your request was registered with letter number %s, tracking number %s and letter date %s.")
MSG(WEB_REJECTED_TEXT, "درخواست شما به دلیل «%s» مورد تایید نمی‌باشد. تاریخ رد: %s.", "Your request is not approved because: %s. Rejected on %s.")
MSG(WEB_SUBMITTED_ON, "تاریخ ثبت", "Submitted on")
MSG(WEB_LATEST, "گرفتن آخرین وضعیت", "Get the latest status")
MSG(WEB_UPDATES, "آخرین وضعیت", "Latest status")
MSG(WEB_NO_UPDATES, "واحد هنوز وضعیت یا پاسخی ثبت نکرده است.", "The unit has not posted a status or a response yet.")
/* Due states (sql/024 due_state): one vocabulary for the console, the web
 * and the reports; colour is never alone. */
MSG(DUE_ON_TIME, "در مهلت", "on time")
MSG(DUE_TODAY, "مهلت امروز", "due today")
MSG(DUE_LATE, "دیرکرد", "late")
/* By when the citizen may expect an answer (sql/026 web_letter_due): the
 * last day of the clerk's decision while under review, of the unit's
 * response once approved; another sentence when it is late. */
MSG(WEB_DUE_DECISION, "نتیجهٔ بررسی این نامه تا پایان روز %s اعلام می‌شود.",
    "A decision on this letter is expected by the end of %s.")
MSG(WEB_DUE_DECISION_LATE, "مهلت بررسی این نامه پایان روز %s بود و گذشته است. نامه هنوز در دست بررسی است و نتیجه با پیامک خبر داده می‌شود.",
    "The decision on this letter was due by the end of %s and is late. The letter is still being reviewed; the decision will come by SMS.")
MSG(WEB_DUE_RESPONSE, "پاسخ این نامه تا پایان روز %s انتظار می‌رود.",
    "An answer to this letter is expected by the end of %s.")
MSG(WEB_DUE_RESPONSE_LATE, "مهلت پاسخ این نامه پایان روز %s بود و گذشته است. واحد هنوز پاسخی نداده است.",
    "The answer to this letter was due by the end of %s and is late. The unit has not answered yet.")
MSG(WEB_DUE_SHORT_DECISION, "مهلت بررسی: %s", "Decision due: %s")
MSG(WEB_DUE_SHORT_RESPONSE, "مهلت پاسخ: %s", "Answer due: %s")
MSG(WEB_DOWNLOAD, "دریافت", "Download")
MSG(WEB_FILES, "فایل‌ها", "Files")
MSG(WEB_PAGE_NOT_FOUND, "این صفحه پیدا نشد.", "This page was not found.")
MSG(WEB_METHOD, "این درخواست پذیرفته نیست.", "This request is not accepted.")
MSG(WEB_LOGIN_FIRST, "برای دیدن این صفحه ابتدا وارد شوید.", "Log in first to see this page.")
MSG(WEB_SESSION_ENDED_KEPT, "نشست شما پیش از فرستادن نامه به پایان رسیده بود و نامه ثبت نشد. دوباره وارد شوید تا آنچه نوشته بودید به فرم برگردد؛ فایل‌ها را باید دوباره انتخاب کنید.", "Your session had ended before the letter was sent, so the letter was not registered. Log in again and what you typed comes back to the form; the files must be chosen again.")
MSG(WEB_SESSION_ENDED_LOST, "نشست شما پیش از فرستادن نامه به پایان رسیده بود و نامه ثبت نشد. دوباره وارد شوید و نامه را دوباره بفرستید.", "Your session had ended before the letter was sent, so the letter was not registered. Log in again and send the letter again.")
MSG(WEB_SESSION_ENDED, "نشست شما به پایان رسیده است. دوباره وارد شوید.", "Your session has ended. Log in again.")
MSG(WEB_DRAFT_BACK, "آنچه پیش از پایان نشست نوشته بودید برگشت. نامه هنوز ثبت نشده است: فایل‌ها را دوباره انتخاب کنید و «ثبت» را بزنید.", "What you typed before your session ended is back. The letter is not registered yet: choose the files again and press Register.")
MSG(WEB_SESSION_ENDS_AT, "اگر تا ساعت %s صفحهٔ دیگری باز نکنید یا نامه را نفرستید، نشست شما پایان می‌یابد و باید دوباره وارد شوید.", "If you open no other page and do not send the letter by %s, your session ends and you must log in again.")
MSG(WEB_IDLE_SOON, "نشست شما ساعت {at} پایان می‌یابد. اگر هنوز مشغول نوشتن هستید، «تمدید نشست» را بزنید.", "Your session ends at {at}. If you are still writing, press \"Stay logged in\".")
MSG(WEB_IDLE_KEEP, "تمدید نشست", "Stay logged in")
MSG(WEB_IDLE_KEPT, "نشست شما تمدید شد؛ تا ساعت {at} باز است.", "Your session is extended until {at}.")
MSG(WEB_IDLE_ENDED, "نشست شما به پایان رسید. آنچه نوشته‌اید از دست نمی‌رود: «ثبت» را بزنید و دوباره وارد شوید تا نوشته‌ها به فرم برگردند؛ فایل‌ها را باید دوباره انتخاب کنید.", "Your session has ended. What you typed is not lost: press Register and log in again, and it comes back to the form; the files must be chosen again.")
MSG(WEB_FILE_PICK, "انتخاب فایل", "Choose file")
MSG(WEB_FILE_NONE, "فایلی انتخاب نشده است.", "No file chosen.")
MSG(WEB_SERVER_ERROR, "خطایی رخ داد و چیزی ذخیره نشد. دوباره تلاش کنید.", "Something went wrong and nothing was saved. Try again.")
MSG(WEB_BACK, "بازگشت", "Back")
MSG(WEB_UNIT_LABEL, "واحد", "Unit")
MSG(WEB_SENDER, "فرستنده", "Sender")
/* pishkhan-console(1): the staff console. */
MSG(CON_TITLE, "پیشخوان", "Pishkhan")
MSG(CON_QUEUE, "نامه‌ها", "Letters")
MSG(CON_COUNT, "%lld نامه", "%lld letters")
MSG(CON_COUNT_ONE, "%lld نامه", "%lld letter")
MSG(CON_LETTER, "نامه", "Letter")
MSG(CON_HELP, "راهنمای کلیدها", "Keys")
MSG(CON_HINTS, "؟ راهنما  Enter باز کردن  a تایید  r رد  / جستجو  s وضعیت  q بازگشت",
    "? help  Enter open  a approve  r reject  / search  s status  q back")
MSG(CON_HINTS_UNIT, "؟ راهنما  Enter باز کردن (سپس u وضعیت تازه، A پاسخ)  / جستجو  s وضعیت  q بازگشت",
    "? help  Enter open (then u update, A response)  / search  s status  q back")
MSG(CON_HINTS_READ, "؟ راهنما  Enter باز کردن  / جستجو  s وضعیت  q بازگشت",
    "? help  Enter open  / search  s status  q back")
MSG(CON_CLERKS_ONLY, "تایید و رد نامه‌ها فقط کار کارمندان دبیرخانه است.",
    "Only clerks (request approvers) approve or reject letters.")
MSG(CON_TOO_SMALL, "پنجره کوچک است؛ آن را بزرگ‌تر کنید.", "The window is too small; make it larger.")
MSG(CON_DENIED, "«%s» اجازهٔ این کار را ندارد. با مدیر سامانه تماس بگیرید.",
    "'%s' may not do this. Contact the system administrator.")
MSG(CON_DB_ERROR, "پایگاه داده نپذیرفت: %s", "The database refused: %s")
MSG(CON_OUTCOME_UNKNOWN, "ارتباط با پایگاه داده درست هنگام ثبت قطع شد و معلوم نیست ثبت شد یا نه. پیش از تکرار، نامه را دوباره باز کنید و ببینید.",
    "The connection to the database was lost just as this was being saved, and it is not known whether it was. Open the letter again and look before you repeat it.")
MSG(CON_INFLIGHT_DONE, "ارتباط با پایگاه داده هنگام ثبت تصمیم قطع شد؛ دوباره که نگاه شد: %s",
    "The connection to the database was lost while the decision was being saved; looked again: %s")
MSG(CON_INFLIGHT_NOT, "ارتباط با پایگاه داده هنگام ثبت تصمیم قطع شد و تصمیم ثبت نشد؛ نامه هنوز در حال بررسی است. دوباره تصمیم بگیرید.",
    "The connection to the database was lost while the decision was being saved, and it was not saved: the letter is still under review. Decide again.")
MSG(CON_EMPTY, "نامه‌ای نیست.", "No letters.")
MSG(CON_END, "به آخر فهرست رسیدید.", "End of the list.")
MSG(CON_START, "به ابتدای فهرست رسیدید.", "Start of the list.")
MSG(CON_NOT_HERE, "این کلید در این صفحه کاری نمی‌کند؛ برای راهنما ؟ را بزنید.",
    "That key does nothing here; press ? for help.")
MSG(CON_FIND_NONE, "ابتدا با / عبارتی را جستجو کنید.", "Search for something with / first.")
MSG(CON_NOT_FOUND, "از این نامه به بعد، نامه‌ای با «%s» پیدا نشد.", "No letter from here on matches '%s'.")
MSG(CON_ASK_UNIT, "کد واحد (خالی: همه):", "Unit code (empty: all):")
MSG(CON_UNIT_TITLE, "ارسال به واحد", "Send to unit")
MSG(CON_UNIT_HINT, "Enter انتخاب  رقم نوشتن کد  Esc بازگشت",
    "Enter: choose  digit: type a code  Esc: back")
MSG(CON_ASK_UNIT_TO, "کد واحدی که نامه به آن برود:", "Code of the unit to send the letter to:")
MSG(CON_BAD_UNIT, "واحدی با کد «%s» نیست. کد شش‌رقمی واحد را وارد کنید، مانند ۱۵۶۳۰۱.",
    "There is no unit with code '%s'. Enter a unit's code, like 156301.")
MSG(CON_ASK_DATES, "تاریخ‌ها (۱۴۰۱/۰۲/۰۱ ۱۴۰۱/۰۲/۳۱ یا ۱۴۰۱/۰۲):",
    "Dates (1401/02/01 1401/02/31 or 1401/02):")
MSG(CON_DATE_RANGE, "از " LRI "%s" PDI " تا " LRI "%s" PDI, "from %s to %s")
MSG(CON_DATE_ONE, "روز " LRI "%s" PDI, "on %s")
MSG(CON_BAD_DATES, "تاریخ درست نیست. تاریخ شمسی را به شکل ۱۴۰۱/۰۲/۰۵ وارد کنید.",
    "That is not a valid date. Enter a Jalali date like 1401/02/05.")
MSG(DUE_DONE, "پاسخ داده", "answered")
MSG(DUE_DONE_LATE, "پاسخ دیر", "late reply")
MSG(CON_COL_WAITED, "روز", "Days")
MSG(CON_COL_DUE, "مهلت", "Due")
MSG(CON_SIMILAR, "نامه‌های مشابه همین ارباب رجوع به همین واحد در ۳۰ روز پیش از این نامه (%d)",
    "Similar letters from this citizen to this unit in the 30 days before this one (%d)")
MSG(CON_LATE_ONLY, "فقط دیرکرد", "late only")
MSG(CON_BY_DUE, "به ترتیب مهلت", "by due")
MSG(CON_EMPTY_LATE, "نامهٔ دیرکرددار نیست؛ l همه را نشان می‌دهد.", "No late letters; l shows them all.")
MSG(CON_NO_DUE, "برای نامه‌های رد شده مهلتی نیست؛ مرتب‌سازی و فیلتر مهلت در فهرست‌های دیگر به کار می‌آیند.",
    "Rejected letters have nothing due; sorting and filtering by due apply to the other lists.")
MSG(CON_COL_DATE, "تاریخ", "Date")
MSG(CON_COL_SENDER, "فرستنده", "Sender")
MSG(CON_COL_UNIT, "واحد", "Unit")
MSG(CON_COL_SUBJECT, "موضوع", "Subject")
MSG(CON_NO_LETTER, "این نامه پیدا نشد یا اجازهٔ دیدن آن را ندارید.",
    "This letter was not found, or you may not see it.")
MSG(CON_ALREADY_REVIEW, "این نامه هنوز در حال بررسی است.",
    "This letter is still under review.")
MSG(CON_ALREADY_APPROVED, "این نامه پیش‌تر تایید شده است: توسط %s در %s.",
    "This letter was already approved, by %s on %s.")
MSG(CON_ALREADY_REJECTED, "این نامه پیش‌تر رد شده است: توسط %s در %s.",
    "This letter was already rejected, by %s on %s.")
MSG(CON_LETTER_NO, "شماره نامه", "Letter number")
MSG(CON_LETTER_DATE, "تاریخ نامه", "Letter date")
MSG(CON_APPROVE_TITLE, "تایید نامه", "Approve the letter")
MSG(CON_APPROVE_NOTE, "شماره پیگیری تصادفی هنگام تایید داده می‌شود و پیامک برای ارباب رجوع فرستاده می‌شود.",
    "A random tracking number is given on approval and the citizen gets an SMS.")
MSG(CON_APPROVE_HINT, "y یا Enter: تایید   u: واحد دیگر   Esc: انصراف",
    "y or Enter: approve   u: another unit   Esc: cancel")
MSG(CON_CANCELLED, "انصراف داده شد؛ چیزی تغییر نکرد.", "Cancelled; nothing was changed.")
MSG(CON_APPROVED, "تایید شد: شماره نامه %s، شماره پیگیری %s، تاریخ %s. پیامک در صف ارسال است.",
    "Approved: letter number %s, tracking number %s, date %s. The SMS is queued.")
MSG(CON_REJECT_TITLE, "رد نامه", "Reject the letter")
MSG(CON_REJECT_HINT, "Enter یا شماره: انتخاب  ۰: نوشتن  Esc: انصراف",
    "Enter or number: choose  0: write  Esc: cancel")
MSG(CON_REASON_OWN, "نوشتن دلیل دیگر", "write another reason")
MSG(CON_ASK_REASON, "دلیل رد:", "Reason for rejection:")
MSG(CON_ASK_REASON_LONG, "دلیل رد (حداکثر ۱۰۰۰ نویسه، اکنون %zu):",
    "Reason (at most 1000 characters, now %zu):")
MSG(CON_REASON_EMPTY, "دلیل رد نمی‌تواند خالی باشد؛ دلیلی بنویسید. چیزی تغییر نکرد.",
    "The reason cannot be empty; write one. Nothing was changed.")
MSG(CON_REASON, "دلیل", "Reason")
MSG(CON_CONFIRM_HINT, "y یا Enter: تایید   Esc: انصراف", "y or Enter: confirm   Esc: cancel")
MSG(CON_REJECTED, "رد شد در %s. پیامک دلیل در صف ارسال است.",
    "Rejected on %s. The SMS with the reason is queued.")
MSG(CON_ASK_NOTIFY, "برای ارباب رجوع پیامک فرستاده شود؟", "Send the citizen an SMS about it?")
MSG(CON_NOTIFY_TITLE, "اطلاع‌رسانی", "Notify")
MSG(CON_NOTIFY_HINT, "y: بله   n: خیر   Esc: انصراف", "y: yes   n: no   Esc: cancel")
MSG(CON_ASK_UPDATE, "وضعیت تازه:", "Status update:")
MSG(CON_UPDATE_EMPTY, "متن وضعیت نمی‌تواند خالی باشد. چیزی تغییر نکرد.",
    "The update cannot be empty. Nothing was changed.")
MSG(CON_UPDATED, "وضعیت ثبت شد.", "The update was posted.")
MSG(CON_ASK_PATH, "مسیر فایل پاسخ روی سرور:", "Path of the response file on the server:")
MSG(CON_ASK_NOTE, "توضیح (اختیاری):", "Note (optional):")
MSG(CON_FILE_OPEN, "«" LRI "%s" PDI "» باز نشد: " LRI "%s" PDI, "Cannot open '%s': %s")
MSG(CON_NOT_REGULAR, "فایل معمولی نیست", "not a regular file")
MSG(CON_FILE_BIG, "«" LRI "%s" PDI "» بزرگ‌تر از %lld کیلوبایت است؛ فایل کوچک‌تری انتخاب کنید.",
    "'%s' is larger than %lld KB; choose a smaller file.")
MSG(CON_FILE_TYPE, "«" LRI "%s" PDI "» از نوع‌های پذیرفته (PDF، PNG، JPEG، TIFF، DOC، DOCX) نیست.",
    "'%s' is not one of the accepted types (PDF, PNG, JPEG, TIFF, DOC, DOCX).")
MSG(CON_RESPONDED, "پاسخ «%s» پیوست شد.", "The response '%s' was attached.")
MSG(CON_ASK_SAVE_DIR, "ذخیره در پوشه:", "Save in directory:")
MSG(CON_SAVED, "ذخیره شد: " LRI "%s" PDI, "Saved: %s")
MSG(CON_NO_VIEWER, "برای نوع %s برنامهٔ نمایشی نیست؛ فایل را با S ذخیره کنید.",
    "No viewer for %s; save the file with S instead.")
MSG(CON_VIEW_MISSING, "برنامهٔ %s نصب نیست؛ نصبش کنید: apt install %s",
    "%s is not installed: apt install %s")
MSG(CON_VIEW_FAILED, "نمایش فایل با %s نشد (کد خروج %d): %s",
    "%s failed (exit status %d): %s")
MSG(CON_PRESS_KEY, "برای بازگشت به پیشخوان کلیدی بزنید.", "Press a key to return to the console.")
MSG(CON_FILES, "فایل‌ها", "Files")
MSG(CON_HISTORY, "سابقه", "History")
MSG(CON_SMS_SENT, " (پیامک)", " (SMS)")
MSG(CON_SMS_LIST, "پیامک‌ها", "SMS messages")
MSG(CON_DLV_QUEUED, "در صف ارسال", "queued")
MSG(CON_DLV_NOT_SENT, "فرستاده نشد", "not sent")
MSG(CON_DLV_SENT, "به سامانهٔ پیامک سپرده شد", "handed to the SMS gateway")
MSG(CON_DLV_WAITING, "فرستاده شد؛ در انتظار گزارش تحویل", "sent; awaiting the delivery report")
MSG(CON_DLV_DELIVERED, "به گوشی رسید", "delivered to the phone")
MSG(CON_DLV_UNDELIVERED, "به گوشی نرسید", "not delivered to the phone")
MSG(CON_DLV_UNKNOWN, "فرستاده شد؛ رسیدنش معلوم نشد", "sent; delivery unknown")
MSG(CON_FILE_MAIN, "نامه", "letter")
MSG(CON_FILE_ATTACHMENT, "پیوست", "attachment")
MSG(CON_FILE_RESPONSE, "پاسخ", "response")
MSG(CON_F_ID, "شناسه", "Id")
MSG(CON_F_STATUS, "وضعیت", "Status")
MSG(CON_F_MOBILE, "تلفن همراه", "Mobile")
MSG(CON_F_REQUESTED, "واحد درخواستی", "Requested unit")
MSG(CON_F_SUBMITTED, "ارسال", "Submitted")
MSG(CON_F_TRACKING, "شماره پیگیری", "Tracking number")
MSG(CON_F_DECIDED_BY, "تصمیم‌گیرنده", "Decided by")
MSG(CON_F_DECIDED_AT, "زمان تصمیم", "Decided at")
MSG(CON_EV_SUBMITTED, "ارسال شد", "submitted")
MSG(CON_EV_APPROVED, "تایید شد", "approved")
MSG(CON_EV_REJECTED, "رد شد", "rejected")
MSG(CON_EV_FORWARDED, "به واحد دیگر فرستاده شد", "sent on to another unit")
MSG(CON_EV_UPDATE, "وضعیت", "update")
MSG(CON_EV_RESPONSE, "پاسخ", "response")
MSG(CON_HELP_UP, "بالا", "up")
MSG(CON_HELP_DOWN, "پایین", "down")
MSG(CON_HELP_PAGE_UP, "صفحهٔ قبل", "previous screen")
MSG(CON_HELP_PAGE_DOWN, "صفحهٔ بعد", "next screen")
MSG(CON_HELP_HOME, "ابتدای فهرست", "first letter")
MSG(CON_HELP_END, "انتهای فهرست", "last letter")
MSG(CON_HELP_OPEN, "باز کردن نامه یا نمایش فایل", "open the letter, or show the file")
MSG(CON_HELP_BACK, "بازگشت (در فهرست: خروج)", "back (in the list: quit)")
MSG(CON_HELP_QUIT, "خروج", "quit")
MSG(CON_HELP_HELP, "این راهنما", "this help")
MSG(CON_HELP_SEARCH, "جستجو در موضوع، فرستنده، تلفن، شماره پیگیری یا شماره نامه",
    "search subject, sender, phone, tracking or letter number")
MSG(CON_HELP_NEXT, "نتیجهٔ بعدی جستجو", "next match")
MSG(CON_HELP_STATUS, "وضعیت: در حال بررسی، تایید شده، رد شده", "status: under review, approved, rejected")
MSG(CON_HELP_UNIT, "فیلتر واحد", "filter by unit")
MSG(CON_HELP_DATES, "فیلتر بازهٔ تاریخ", "filter by Jalali dates")
MSG(CON_HELP_LATE, "فقط نامه‌های دیرکرددار (دوباره: همه)", "late letters only (again: all)")
MSG(CON_HELP_SORT, "مرتب‌سازی به ترتیب مهلت یا ورود", "sort by due, or by arrival")
MSG(CON_HELP_CLEAR, "برداشتن فیلترها", "clear the filters")
MSG(CON_HELP_REFRESH, "تازه کردن", "reload and redraw")
MSG(CON_HELP_APPROVE, "تایید نامه (کارمند دبیرخانه)", "approve the letter (clerks)")
MSG(CON_HELP_REJECT, "رد نامه با دلیل (کارمند دبیرخانه)", "reject the letter with a reason (clerks)")
MSG(CON_HELP_VIEW, "نمایش فایل انتخاب‌شده", "show the selected file")
MSG(CON_HELP_SAVE, "ذخیرهٔ فایل انتخاب‌شده", "save the selected file")
MSG(CON_HELP_UPDATE, "ثبت وضعیت تازه (واحد)", "post a status update (unit)")
MSG(CON_HELP_RESPOND, "پیوست فایل پاسخ (واحد)", "attach a response file (unit)")
MSG(CON_HELP_NUMBER, "در فهرست دلیل‌های رد: دلیلی با این شماره (۰: نوشتن دلیل)",
    "in the list of reasons: the reason with that number (0: write one)")
MSG(CON_HELP_STATS, "آمار: گزارش خدمت‌رسانی هر واحد در نمودار (کارمند دبیرخانه و مدیر)",
    "statistics: the service report per unit as bar charts (clerks and admins)")
/* pishkhanctl status (console/ctl/ctl_status.c): the health at a glance,
 * one check a line after ok, WARN or FAIL. */
MSG(CTL_ST_DATABASE, "پایگاه داده", "database")
MSG(CTL_ST_WEB, "وب", "web")
MSG(CTL_ST_WORKERS, "کارگزار پیامک", "SMS worker")
MSG(CTL_ST_QUEUE, "صف پیامک", "SMS queue")
MSG(CTL_ST_GATEWAY, "درگاه پیامک", "SMS gateway")
MSG(CTL_ST_BUDGET, "سهمیهٔ پیامک", "SMS budget")
MSG(CTL_ST_LETTERS, "نامه‌ها", "letters")
MSG(CTL_ST_DB_OK, "در دسترس؛ هر %s مهاجرت اعمال شده است", "reachable; all %s migrations applied")
MSG(CTL_ST_DB_PENDING, "در دسترس؛ %s مهاجرت از %s مانده است: pishkhanctl db migrate را اجرا کنید",
    "reachable; %s of %s migrations pending: run pishkhanctl db migrate")
MSG(CTL_ST_DB_NO_LIST, "در دسترس؛ فهرست مهاجرت‌ها خوانده نشد: %s", "reachable; the migrations cannot be read: %s")
MSG(CTL_ST_DB_DOWN, "در دسترس نیست: %s", "unreachable: %s")
MSG(CTL_ST_UNKNOWN, "نامعلوم، چون پایگاه داده در دسترس نیست", "unknown: the database is unreachable")
MSG(CTL_ST_NO_GAUGES, "نامعلوم: %s (مدیر یا عضو pishkhan_monitor باشید)",
    "unknown: %s (run as an admin or a member of pishkhan_monitor)")
MSG(CTL_ST_WEB_OK, "%s پاسخ داد", "%s answered")
MSG(CTL_ST_WEB_FAIL, "%s پاسخ درست نداد: %s", "%s did not answer right: %s")
MSG(CTL_ST_WEB_NO_PORT, "web.port برابر ۰ است؛ بررسی نشد", "web.port is 0: not checked")
MSG(CTL_ST_WORKERS_N, "%s کارگزار به پایگاه داده متصل است", "%s connected to the database")
MSG(CTL_ST_WORKERS_NONE, "هیچ کارگزاری متصل نیست: pishkhanctl sms run را راه بیندازید",
    "none connected: start pishkhanctl sms run")
MSG(CTL_ST_QUEUE_N, "%s پیام در انتظار؛ قدیمی‌ترین از %s پیش", "%s waiting; the oldest for %s")
MSG(CTL_ST_QUEUE_EMPTY, "پیامی در انتظار نیست", "nothing waiting")
MSG(CTL_ST_GATEWAY_N, "%s پیام در یک ساعت گذشته ناموفق؛ %s پیام در حال تلاش دوباره",
    "%s failed in the last hour; %s being retried")
MSG(CTL_ST_GATEWAY_DOWN, "درگاه %s است که نمی‌پذیرد؛ %s پیام در حال تلاش دوباره، %s ناموفق در یک ساعت گذشته",
    "refusing for %s; %s being retried, %s failed in the last hour")
MSG(CTL_ST_BUDGET_N, "%s کد ورود امروز از %s (%s%%)", "%s login codes today of %s (%s%%)")
MSG(CTL_ST_LETTERS_N, "%s نامه در انتظار تصمیم؛ قدیمی‌ترین از %s پیش",
    "%s waiting for a decision; the oldest for %s")
MSG(CTL_ST_LETTERS_NONE, "نامه‌ای در انتظار تصمیم نیست", "none waiting for a decision")
MSG(CTL_ST_SECONDS, "%s ثانیه", "%s s")
MSG(CTL_ST_MINUTES, "%s دقیقه", "%s min")
MSG(CTL_ST_HOURS, "%s ساعت", "%s h")
MSG(CTL_ST_DAYS, "%s روز", "%s d")
/* The service report (pishkhanctl report --html, the console's statistics
 * screen; console/ctl/ctl_report.c, console/screen_stats.c). */
MSG(RPT_TITLE, "گزارش خدمت‌رسانی", "Service report")
MSG(RPT_RECEIVED, "دریافتی", "received")
MSG(RPT_APPROVED, "تایید", "approved")
MSG(RPT_REJECTED, "رد", "rejected")
MSG(RPT_OPEN, "باز", "open")
MSG(RPT_DEC_MEDIAN, "میانهٔ روز کاری تا تصمیم", "median working days to decision")
MSG(RPT_DEC_P90, "صدک ۹۰ تا تصمیم", "90th percentile to decision")
MSG(RPT_RESP_MEDIAN, "میانهٔ روز کاری تا پاسخ", "median working days to response")
MSG(RPT_RESP_P90, "صدک ۹۰ تا پاسخ", "90th percentile to response")
MSG(RPT_DEC_SHARE, "تصمیم در مهلت", "decided in level")
MSG(RPT_RESP_SHARE, "پاسخ در مهلت", "answered in level")
MSG(RPT_ALL_UNITS, "همهٔ واحدها", "all units")
MSG(RPT_ALL_MONTHS, "همهٔ ماه‌ها", "all months")
MSG(RPT_UNIT, "واحد", "unit")
MSG(RPT_MONTH, "ماه", "month")
MSG(RPT_EMPTY, "در این بازه نامه‌ای نرسیده است.", "No letters arrived in this period.")
MSG(RPT_DAYS, "روز کاری", "working days")
MSG(RPT_HINTS, "؟ راهنما  ↑ ↓ واحد قبل و بعد  d بازهٔ تاریخ  c همهٔ نامه‌ها  q بازگشت",
    "? help  ↑ ↓ previous and next unit  d dates  c all letters  q back")
MSG(RPT_CLERKS_ONLY, "آمار را کارمندان دبیرخانه و مدیران می‌بینند.",
    "Only clerks and admins see the statistics.")
MSG(RPT_DETAIL_COUNTS, "تایید %s  رد %s  باز %s", "approved %s  rejected %s  open %s")
MSG(RPT_DETAIL_DAYS, "میانه %s، صدک ۹۰ %s روز کاری", "median %s, p90 %s working days")
