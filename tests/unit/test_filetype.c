/*
 * test_filetype.c — content detection (common/filetype.c).
 *
 * Each accepted type from its real leading bytes; a renamed .exe, a plain
 * ZIP, a macro-enabled or path-tricking DOCX, a zip bomb, too many entries,
 * and an OLE2 file that is not a Word document are all refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "buf.h"
#include "filetype.h"

#define CT_DOCX "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
#define CT_DOCM "<?xml version=\"1.0\"?><Types><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word.document.macroEnabled.main+xml\"/></Types>"

struct entry {
	const char	*name;
	const char	*data;
	size_t		 len;	/* 0: strlen(data) */
};

/* A ZIP made with libzip in a temporary file, read back into memory. */
static unsigned char *
mkzip(const struct entry *e, size_t n, size_t *len)
{
	char path[] = "/tmp/pk-ftXXXXXX";
	int fd = mkstemp(path), err;
	zip_t *z;
	size_t i;
	FILE *f;
	unsigned char *data;
	long sz;

	assert_true(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (i = 0; i < n; i++) {
		size_t l = e[i].len ? e[i].len : strlen(e[i].data);
		zip_source_t *s = zip_source_buffer(z, e[i].data, l, 0);

		assert_non_null(s);
		assert_true(zip_file_add(z, e[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	data = malloc((size_t)sz);
	assert_int_equal(fread(data, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	unlink(path);
	*len = (size_t)sz;
	return data;
}

static enum filetype
zipdetect(const struct entry *e, size_t n, const char **why)
{
	size_t len;
	unsigned char *d = mkzip(e, n, &len);
	enum filetype t = filetype_detect(d, len, why);

	free(d);
	return t;
}

static void
magic_types(void **state)
{
	static const struct { const char *b; size_t n; enum filetype t; } c[] = {
		{ "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, FT_PDF },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, FT_PNG },
		{ "\xff\xd8\xff\xe0\0\x10JFIF", 10, FT_JPEG },
		{ "II*\0\x08\0\0\0", 8, FT_TIFF },
		{ "MM\0*\0\0\0\x08", 8, FT_TIFF },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++)
		assert_int_equal(filetype_detect(c[i].b, c[i].n, NULL), c[i].t);
}

static void
refused_plain(void **state)
{
	const char *why = NULL;

	(void)state;
	/* A Windows program renamed to .pdf: the name is never looked at. */
	assert_int_equal(filetype_detect("MZ\x90\0\x03\0\0\0", 8, &why), FT_UNKNOWN);
	assert_non_null(why);
	assert_int_equal(filetype_detect("", 0, &why), FT_UNKNOWN);
	assert_int_equal(filetype_detect(NULL, 0, &why), FT_UNKNOWN);
	assert_int_equal(filetype_detect("%PD", 3, NULL), FT_UNKNOWN);
	assert_int_equal(filetype_detect("<html><script>", 14, NULL), FT_UNKNOWN);
	/* "PK\3\4" then garbage is not a readable ZIP */
	assert_int_equal(filetype_detect("PK\x03\x04garbagegarbage", 18, &why), FT_UNKNOWN);
}

static void
docx_good(void **state)
{
	const struct entry e[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "_rels/.rels", "<Relationships/>", 0 },
		{ "word/document.xml", "<w:document/>", 0 },
	};
	const char *why = NULL;

	(void)state;
	assert_int_equal(zipdetect(e, 3, &why), FT_DOCX);
	assert_null(why);
}

static void
docx_bad(void **state)
{
	const struct entry plain[] = { { "readme.txt", "hello", 0 } };
	const struct entry macro[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
		{ "word/vbaProject.bin", "\xd0\xcf\x11\xe0", 4 },
	};
	const struct entry docm[] = {
		{ "[Content_Types].xml", CT_DOCM, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
	};
	const struct entry trick[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
		{ "word/../../etc/passwd", "x", 0 },
	};
	const struct entry bslash[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
		{ "..\\evil.exe", "x", 0 },
	};
	const struct entry nodoc[] = { { "[Content_Types].xml", CT_DOCX, 0 } };
	const char *why;

	(void)state;
	why = NULL;
	assert_int_equal(zipdetect(plain, 1, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP that is not a Word document");
	assert_int_equal(zipdetect(macro, 3, &why), FT_UNKNOWN);
	assert_string_equal(why, "Word document with macros");
	assert_int_equal(zipdetect(docm, 2, &why), FT_UNKNOWN);
	assert_int_equal(zipdetect(trick, 3, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP entry with a path trick");
	assert_int_equal(zipdetect(bslash, 3, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP entry with a path trick");
	assert_int_equal(zipdetect(nodoc, 1, &why), FT_UNKNOWN);
}

static void
docx_bombs(void **state)
{
	size_t big = 64u * 1024 * 1024, i, n = 1001;
	char *zeros = calloc(1, big);
	struct entry bomb[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "word/document.xml", zeros, big },
	};
	struct entry *many = calloc(n, sizeof *many);
	char (*names)[32] = calloc(n, 32);
	const char *why = NULL;

	(void)state;
	assert_int_equal(zipdetect(bomb, 2, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP entry expands too much");
	many[0] = (struct entry){ "[Content_Types].xml", CT_DOCX, 0 };
	many[1] = (struct entry){ "word/document.xml", "<w:document/>", 0 };
	for (i = 2; i < n; i++) {
		snprintf(names[i], 32, "word/media/f%zu.xml", i);
		many[i] = (struct entry){ names[i], "x", 0 };
	}
	assert_int_equal(zipdetect(many, n, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP with too many or no entries");
	free(names);
	free(many);
	free(zeros);
}

/*
 * The total-expansion cap (200 MB) on its own: 201 entries of 1 MB of
 * zeros each pass the per-entry ratio (it applies above 1 MB) and the entry
 * count; together they expand past the cap.  199 such entries (with the
 * two small parts) stay under it and are a Word document.
 */
static void
docx_total(void **state)
{
	size_t mb = 1024 * 1024, i, n = 203;
	char *zeros = calloc(1, mb);
	struct entry *e = calloc(n, sizeof *e);
	char (*names)[32] = calloc(n, 32);
	const char *why = NULL;

	(void)state;
	e[0] = (struct entry){ "[Content_Types].xml", CT_DOCX, 0 };
	e[1] = (struct entry){ "word/document.xml", "<w:document/>", 0 };
	for (i = 2; i < n; i++) {
		snprintf(names[i], 32, "word/media/z%zu.bin", i);
		e[i] = (struct entry){ names[i], zeros, mb };
	}
	assert_int_equal(zipdetect(e, n, &why), FT_UNKNOWN);
	assert_string_equal(why, "ZIP expands too much");
	why = NULL;
	assert_int_equal(zipdetect(e, n - 2, &why), FT_DOCX);
	free(names);
	free(e);
	free(zeros);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff; p[1] = v >> 8 & 0xff; p[2] = v >> 16 & 0xff; p[3] = v >> 24;
}

/* A minimal OLE2 file: header, one FAT sector, one directory sector. */
static unsigned char *
mkole(const char *stream, size_t *len)
{
	unsigned char *p = calloc(1, 512 * 3);
	size_t i;
	const char *root = "Root Entry";

	memcpy(p, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	p[0x1a] = 0x3e; p[0x1c] = 0xfe; p[0x1d] = 0xff;
	p[0x1e] = 9; p[0x20] = 6;
	put32(p + 0x2c, 1);
	put32(p + 0x30, 1);
	put32(p + 0x3c, 0xfffffffe);
	put32(p + 0x44, 0xfffffffe);
	put32(p + 0x4c, 0);
	for (i = 1; i < 109; i++)
		put32(p + 0x4c + i * 4, 0xffffffff);
	/* FAT (sector 0 at file offset 512) */
	put32(p + 512, 0xfffffffd);
	put32(p + 516, 0xfffffffe);
	for (i = 2; i < 128; i++)
		put32(p + 512 + i * 4, 0xffffffff);
	/* directory (sector 1 at 1024) */
	for (i = 0; root[i]; i++)
		p[1024 + i * 2] = (unsigned char)root[i];
	p[1024 + 0x40] = (unsigned char)((strlen(root) + 1) * 2);
	p[1024 + 0x42] = 5;
	for (i = 0; stream[i]; i++)
		p[1024 + 128 + i * 2] = (unsigned char)stream[i];
	p[1024 + 128 + 0x40] = (unsigned char)((strlen(stream) + 1) * 2);
	p[1024 + 128 + 0x42] = 2;
	*len = 512 * 3;
	return p;
}

static void
doc_ole2(void **state)
{
	size_t len;
	unsigned char *d;
	const char *why = NULL;

	(void)state;
	d = mkole("WordDocument", &len);
	assert_int_equal(filetype_detect(d, len, &why), FT_DOC);
	/* truncated: the directory sector is gone */
	assert_int_equal(filetype_detect(d, 1024, &why), FT_UNKNOWN);
	free(d);
	d = mkole("Workbook", &len);
	assert_int_equal(filetype_detect(d, len, &why), FT_UNKNOWN);
	assert_string_equal(why,
	    "OLE2 file without a WordDocument stream (not a Word document)");
	free(d);
}

static void
expect_name(const char *given, const char *stem, enum filetype t, const char *want)
{
	char *got = filetype_name(given, stem, t);

	assert_string_equal(got, want);
	free(got);
}

static void
kept_names(void **state)
{
	char longname[400], *got;

	(void)state;
	expect_name("نامه.pdf", "letter", FT_PDF, "نامه.pdf");
	expect_name("C:\\Users\\me\\scan 1.pdf", "letter", FT_PDF, "scan 1.pdf");
	expect_name("/home/reza/پاسخ.docx", "response", FT_DOCX, "پاسخ.docx");
	expect_name("a\tb\x01" "c\x7f.png", "letter", FT_PNG, "a bc.png");
	expect_name("dir/", "letter", FT_PDF, "letter.pdf");
	expect_name("..", "response", FT_DOC, "response.doc");
	expect_name("\xff\xfe.pdf", "letter", FT_PDF, "letter.pdf");	/* not UTF-8 */
	expect_name(NULL, "letter", FT_JPEG, "letter.jpg");
	/* The extension follows the content, whatever the name says. */
	expect_name("report.html", "letter", FT_PDF, "report.html.pdf");
	expect_name("invoice\xe2\x80\xae" "fdp.exe", "letter", FT_PDF, "invoicefdp.exe.pdf");
	expect_name("photo.JPEG", "letter", FT_JPEG, "photo.JPEG");
	expect_name("scan.tif", "letter", FT_TIFF, "scan.tif");
	expect_name("scan.pdf", "letter", FT_PNG, "scan.pdf.png");
	expect_name("letter.docx", "letter", FT_DOC, "letter.docx.doc");
	expect_name("\xd9\x86\xd8\xa7\xd9\x85\xd9\x87", "letter", FT_PDF,
	    "\xd9\x86\xd8\xa7\xd9\x85\xd9\x87.pdf");		/* نامه, no extension */
	expect_name(".htaccess", "letter", FT_PDF, "htaccess.pdf");
	expect_name("x.pdf. . ", "letter", FT_PDF, "x.pdf");
	/* Only invisible or blank characters: the stem's name. */
	expect_name("\xe3\x80\x80\xe2\x80\x8c.pdf", "letter", FT_PDF, "letter.pdf");
	expect_name(".PDF", "letter", FT_PDF, "letter.pdf");
	expect_name("\xe2\x80\xae\xe2\x80\x8b", "response", FT_PDF, "response.pdf");
	expect_name("\xc2\xa0", "letter", FT_PNG, "letter.png");
	/* 150 Persian letters (300 bytes) and no extension: cut to 98 letters
	 * and ".pdf" (200 bytes), never inside a letter */
	memset(longname, 0, sizeof longname);
	for (size_t i = 0; i < 150; i++)
		memcpy(longname + 2 * i, "\xd9\x85", 2);
	got = filetype_name(longname, "letter", FT_PDF);
	assert_int_equal(strlen(got), FILETYPE_NAME_MAX);
	assert_memory_equal(got, longname, FILETYPE_NAME_MAX - 4);
	assert_string_equal(got + FILETYPE_NAME_MAX - 4, ".pdf");
	free(got);
	longname[0] = 'x';	/* now odd: 195 bytes and ".pdf" fit */
	memmove(longname + 1, longname + 2, 298);
	longname[299] = '\0';
	got = filetype_name(longname, "letter", FT_PDF);
	assert_int_equal(strlen(got), FILETYPE_NAME_MAX - 1);
	free(got);
	/* With the type's own extension, the extension is kept whole. */
	memcpy(longname + 250, ".pdf", 5);
	got = filetype_name(longname, "letter", FT_PDF);
	assert_true(strlen(got) <= FILETYPE_NAME_MAX);
	assert_string_equal(got + strlen(got) - 4, ".pdf");
	free(got);
}

static void
names_and_mimes(void **state)
{
	enum filetype t;

	(void)state;
	for (t = FT_PDF; t <= FT_DOCX; t++) {
		assert_non_null(filetype_mime(t));
		assert_non_null(filetype_ext(t));
		assert_int_equal(filetype_from_mime(filetype_mime(t)), t);
	}
	assert_null(filetype_mime(FT_UNKNOWN));
	assert_null(filetype_ext(FT_UNKNOWN));
	assert_string_equal(filetype_ext(FT_JPEG), "jpg");
	assert_int_equal(filetype_from_mime("text/html"), FT_UNKNOWN);
	assert_int_equal(filetype_from_mime(NULL), FT_UNKNOWN);
}

/* filetype_detect_fd: the same answers from an open file, offset kept. */
static void
from_fd(void **state)
{
	static const struct entry docx[] = {
		{ "[Content_Types].xml", CT_DOCX, 0 },
		{ "word/document.xml", "<w:document/>", 0 },
	};
	char path[] = "/tmp/pk-ftfdXXXXXX";
	int fd = mkstemp(path);
	const char *why = NULL;
	unsigned char *z;
	size_t len;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(filetype_detect_fd(fd, &why), FT_UNKNOWN);
	assert_string_equal(why, "empty file");
	assert_int_equal(write(fd, "%PDF-1.4\n", 9), 9);
	assert_int_equal(filetype_detect_fd(fd, &why), FT_PDF);
	assert_int_equal(lseek(fd, 0, SEEK_CUR), 9);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	z = mkzip(docx, 2, &len);
	assert_int_equal(write(fd, z, len), (ssize_t)len);
	free(z);
	assert_int_equal(filetype_detect_fd(fd, &why), FT_DOCX);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, "MZ\x90\0", 4, 0), 4);
	assert_int_equal(filetype_detect_fd(fd, &why), FT_UNKNOWN);
	close(fd);
	assert_int_equal(filetype_detect_fd(-1, &why), FT_UNKNOWN);
	assert_string_equal(why, "unreadable file");
}

/* The file input's accept= list: every name the types may have, once. */
static void
accept_list(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	filetype_accept(&b);
	assert_string_equal(buf_str(&b),
	    ".pdf,.png,.jpg,.jpeg,.jpe,.jfif,.tif,.tiff,.doc,.docx");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(magic_types),
		cmocka_unit_test(refused_plain),
		cmocka_unit_test(docx_good),
		cmocka_unit_test(docx_bad),
		cmocka_unit_test(docx_bombs),
		cmocka_unit_test(docx_total),
		cmocka_unit_test(doc_ole2),
		cmocka_unit_test(names_and_mimes),
		cmocka_unit_test(kept_names),
		cmocka_unit_test(from_fd),
		cmocka_unit_test(accept_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
