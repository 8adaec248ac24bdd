-- 002_jalali.sql — the official Jalali (Solar Hijri) calendar in SQL.
--
-- The same algorithm as common/jalali.c (Borkowski's break years, as used by
-- jalaali-js), so a letter date in an SMS and the one on a page agree.  The
-- test suite compares the two on every day of 1300-1500 AP.

SET LOCAL search_path = pishkhan, pg_catalog;

-- For Jalali year jy: whether it is leap (leap = 0), the Gregorian year of
-- its Nowruz and the March day of it.
CREATE FUNCTION jalali_cal(jy integer, OUT leap integer, OUT gy integer,
    OUT march integer)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	breaks constant integer[] := ARRAY[-61, 9, 38, 199, 426, 686, 756, 818,
	    1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178];
	leapj integer := -14;
	jp integer := breaks[1];
	jm integer;
	jump integer := 0;
	n integer;
	leapg integer;
	i integer;
BEGIN
	IF jy < jp OR jy >= breaks[array_length(breaks, 1)] THEN
		RAISE EXCEPTION 'Jalali year % is out of range', jy
		    USING ERRCODE = '22008';
	END IF;
	gy := jy + 621;
	FOR i IN 2 .. array_length(breaks, 1) LOOP
		jm := breaks[i];
		jump := jm - jp;
		EXIT WHEN jy < jm;
		leapj := leapj + (jump / 33) * 8 + (jump % 33) / 4;
		jp := jm;
	END LOOP;
	n := jy - jp;
	leapj := leapj + (n / 33) * 8 + ((n % 33) + 3) / 4;
	IF jump % 33 = 4 AND jump - n = 4 THEN
		leapj := leapj + 1;
	END IF;
	leapg := (gy / 4) - ((gy / 100 + 1) * 3) / 4 - 150;
	march := 20 + leapj - leapg;
	IF jump - n < 6 THEN
		n := n - jump + ((jump + 4) / 33) * 33;
	END IF;
	leap := (((n + 1) % 33) - 1) % 4;
	IF leap = -1 THEN
		leap := 4;
	END IF;
END
$$;

CREATE FUNCTION jalali_is_leap(jy integer) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (pishkhan.jalali_cal(jy)).leap = 0;

-- Jalali year, month and day of a Gregorian date.
CREATE FUNCTION jalali_parts(d date, OUT jy integer, OUT jm integer,
    OUT jd integer)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	c record;
	k integer;
BEGIN
	jy := extract(year FROM d)::integer - 621;
	c := pishkhan.jalali_cal(jy);
	k := d - make_date(c.gy, 3, c.march);
	IF k >= 0 THEN
		IF k <= 185 THEN
			jm := 1 + k / 31;
			jd := k % 31 + 1;
			RETURN;
		END IF;
		k := k - 186;
	ELSE
		jy := jy - 1;
		k := k + 179;
		IF c.leap = 1 THEN
			k := k + 1;
		END IF;
	END IF;
	jm := 7 + k / 30;
	jd := k % 30 + 1;
END
$$;

-- The Gregorian date of a Jalali date; an error for one that does not exist.
CREATE FUNCTION gregorian_from_jalali(jy integer, jm integer, jd integer)
RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	c record;
	days integer;
BEGIN
	c := pishkhan.jalali_cal(jy);
	days := CASE WHEN jm <= 6 THEN 31 WHEN jm <= 11 THEN 30
	    WHEN c.leap = 0 THEN 30 ELSE 29 END;
	IF jm < 1 OR jm > 12 OR jd < 1 OR jd > days THEN
		RAISE EXCEPTION 'Jalali date %/%/% does not exist', jy, jm, jd
		    USING ERRCODE = '22008';
	END IF;
	RETURN make_date(c.gy, 3, c.march) + (jm - 1) * 31 - (jm / 7) * (jm - 7)
	    + jd - 1;
END
$$;

-- "1401/02/05"
CREATE FUNCTION jalali(d date) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT lpad(p.jy::text, 4, '0') || '/' || lpad(p.jm::text, 2, '0')
    || '/' || lpad(p.jd::text, 2, '0') FROM pishkhan.jalali_parts(d) p);

-- "۱۴۰۱/۰۲/۰۵"
CREATE FUNCTION persian_digits(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(s, '0123456789', '۰۱۲۳۴۵۶۷۸۹');

-- ASCII digits from Persian and Arabic-Indic ones.
CREATE FUNCTION ascii_digits(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(s, '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789');
