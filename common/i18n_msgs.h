/*
 * i18n_msgs.h — the message catalog: MSG(id, Persian, English).
 *
 * Every text that a citizen or a clerk reads comes from here, in their
 * language, and says what to do next.  Persian first; the English is a
 * translation, not the source.  Placeholders are printf-style and must
 * agree between the two (the unit test checks it).
 */
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
