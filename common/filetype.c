/*
 * filetype.c — what a file really is, from its bytes (see filetype.h).
 *
 * Simple formats are told by their magic bytes.  A DOC must be an OLE2
 * compound file whose directory holds a "WordDocument" stream; the sector
 * chains are followed through the FAT with bounds on every step.  A DOCX
 * is opened from memory with libzip, which reads the central directory;
 * every entry name is checked for path tricks, macros are refused, and
 * the number of entries, the total expanded size and the expansion ratio
 * are capped against zip bombs.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "buf.h"
#include "filetype.h"
#include "u8.h"

/* Caps for DOCX containers. */
#define DOCX_MAX_ENTRIES	1000
#define DOCX_MAX_EXPANDED	(200ULL * 1024 * 1024)
#define DOCX_MAX_RATIO		200ULL
#define DOCX_MAX_CT_XML		(256 * 1024)

/* Caps for OLE2 walks. */
#define OLE_MAX_DIR_SECTORS	4096

struct ft_info {
	enum filetype	 type;
	const char	*mime;
	const char	*ext;
	const char	*names[4];	/* the extensions a name of it may end in */
};

static const struct ft_info ft_table[] = {
	{ FT_PDF, "application/pdf", "pdf", { "pdf" } },
	{ FT_PNG, "image/png", "png", { "png" } },
	{ FT_JPEG, "image/jpeg", "jpg", { "jpg", "jpeg", "jpe", "jfif" } },
	{ FT_TIFF, "image/tiff", "tiff", { "tif", "tiff" } },
	{ FT_DOC, "application/msword", "doc", { "doc" } },
	{ FT_DOCX, "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "docx", { "docx" } },
};

static enum filetype ft_doc(const unsigned char *, size_t, const char **);
static enum filetype ft_docx(const unsigned char *, size_t, const char **);

struct ft_magic {
	const char	*bytes;
	size_t		 len;
	enum filetype	 type;
	enum filetype	(*deep)(const unsigned char *, size_t, const char **);
};

static const struct ft_magic ft_magics[] = {
	{ "%PDF-", 5, FT_PDF, NULL },
	{ "\x89PNG\r\n\x1a\n", 8, FT_PNG, NULL },
	{ "\xff\xd8\xff", 3, FT_JPEG, NULL },
	{ "II*\0", 4, FT_TIFF, NULL },
	{ "MM\0*", 4, FT_TIFF, NULL },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, FT_DOC, ft_doc },
	{ "PK\x03\x04", 4, FT_DOCX, ft_docx },
};

static const char *
why_set(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return reason;
}

enum filetype
filetype_detect(const void *data, size_t len, const char **why)
{
	const unsigned char *p = data;
	size_t i;

	why_set(why, NULL);
	if (p == NULL || len == 0) {
		why_set(why, "empty file");
		return FT_UNKNOWN;
	}
	for (i = 0; i < sizeof ft_magics / sizeof ft_magics[0]; i++) {
		const struct ft_magic *m = &ft_magics[i];

		if (len < m->len || memcmp(p, m->bytes, m->len) != 0)
			continue;
		if (m->deep != NULL)
			return m->deep(p, len, why);
		return m->type;
	}
	why_set(why, "not a PDF, PNG, JPEG, TIFF, DOC or DOCX file");
	return FT_UNKNOWN;
}

enum filetype
filetype_detect_fd(int fd, const char **why)
{
	struct stat st;
	void *map;
	enum filetype t;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		why_set(why, "unreadable file");
		return FT_UNKNOWN;
	}
	if (st.st_size == 0)
		return filetype_detect(NULL, 0, why);
	if ((uint64_t)st.st_size > SIZE_MAX) {
		why_set(why, "file too large");
		return FT_UNKNOWN;
	}
	/* Pages of a mapped file count in RSS only once touched: magic bytes
	 * touch one, a DOC's walk its header, FAT and directory sectors, a
	 * DOCX's check its central directory and [Content_Types].xml. */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		why_set(why, "unreadable file");
		return FT_UNKNOWN;
	}
	t = filetype_detect(map, (size_t)st.st_size, why);
	munmap(map, (size_t)st.st_size);
	return t;
}

static const struct ft_info *
ft_of(enum filetype t)
{
	size_t i;

	for (i = 0; i < sizeof ft_table / sizeof ft_table[0]; i++)
		if (ft_table[i].type == t)
			return &ft_table[i];
	return NULL;
}

const char *
filetype_mime(enum filetype t)
{
	const struct ft_info *f = ft_of(t);

	return f != NULL ? f->mime : NULL;
}

const char *
filetype_ext(enum filetype t)
{
	const struct ft_info *f = ft_of(t);

	return f != NULL ? f->ext : NULL;
}

void
filetype_accept(struct buf *b)
{
	size_t i, j;

	for (i = 0; i < sizeof ft_table / sizeof ft_table[0]; i++)
		for (j = 0; j < 4 && ft_table[i].names[j] != NULL; j++)
			buf_addf(b, "%s.%s", i + j > 0 ? "," : "", ft_table[i].names[j]);
}

enum filetype
filetype_from_mime(const char *mime)
{
	size_t i;

	if (mime == NULL)
		return FT_UNKNOWN;
	for (i = 0; i < sizeof ft_table / sizeof ft_table[0]; i++)
		if (strcmp(ft_table[i].mime, mime) == 0)
			return ft_table[i].type;
	return FT_UNKNOWN;
}

/* ---- OLE2 (DOC) ---- */

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

struct ole {
	const unsigned char	*p;
	size_t			 len;
	size_t			 ssz;	/* sector size */
};

/* Sector `s` or NULL when it lies outside the file. */
static const unsigned char *
ole_sector(const struct ole *o, uint32_t s)
{
	size_t off;

	if (s >= 0xfffffffaU)
		return NULL;
	off = ((size_t)s + 1) * o->ssz;
	if (off / o->ssz != (size_t)s + 1 || off > o->len || o->len - off < o->ssz)
		return NULL;
	return o->p + off;
}

/* The FAT entry of sector `s` (from the header's 109 DIFAT slots and the
 * DIFAT chain), or 0xffffffff when it cannot be found. */
static uint32_t
ole_next(const struct ole *o, uint32_t s)
{
	size_t per = o->ssz / 4, idx = s / per, hops = 0;
	uint32_t fatsec, difat;
	const unsigned char *sec;

	if (idx < 109)
		fatsec = le32(o->p + 0x4c + idx * 4);
	else {
		idx -= 109;
		difat = le32(o->p + 0x44);
		while (idx >= per - 1) {
			if ((sec = ole_sector(o, difat)) == NULL || ++hops > 4096)
				return 0xffffffffU;
			difat = le32(sec + (per - 1) * 4);
			idx -= per - 1;
		}
		if ((sec = ole_sector(o, difat)) == NULL)
			return 0xffffffffU;
		fatsec = le32(sec + idx * 4);
	}
	if ((sec = ole_sector(o, fatsec)) == NULL)
		return 0xffffffffU;
	return le32(sec + (s % per) * 4);
}

static int
ole_name_is(const unsigned char *e, const char *name)
{
	size_t n = strlen(name), i, nlen = le16(e + 0x40);

	if (nlen != (n + 1) * 2)
		return 0;
	for (i = 0; i < n; i++)
		if (e[i * 2] != (unsigned char)name[i] || e[i * 2 + 1] != 0)
			return 0;
	return 1;
}

static enum filetype
ft_doc(const unsigned char *p, size_t len, const char **why)
{
	struct ole o;
	uint16_t shift;
	uint32_t s;
	size_t n = 0, i;

	if (len < 512) {
		why_set(why, "truncated OLE2 header");
		return FT_UNKNOWN;
	}
	shift = le16(p + 0x1e);
	if (shift != 9 && shift != 12) {
		why_set(why, "bad OLE2 sector size");
		return FT_UNKNOWN;
	}
	o.p = p;
	o.len = len;
	o.ssz = (size_t)1 << shift;
	for (s = le32(p + 0x30); s < 0xfffffffaU; s = ole_next(&o, s)) {
		const unsigned char *sec = ole_sector(&o, s);

		if (sec == NULL || ++n > OLE_MAX_DIR_SECTORS)
			break;
		for (i = 0; i + 128 <= o.ssz; i += 128)
			if (sec[i + 0x42] == 2 && ole_name_is(sec + i, "WordDocument"))
				return FT_DOC;
	}
	why_set(why, "OLE2 file without a WordDocument stream (not a Word document)");
	return FT_UNKNOWN;
}

/* ---- OOXML (DOCX) ---- */

/* A name that could escape a directory or hide a drive: refused. */
static int
zip_name_bad(const char *name)
{
	const char *c;

	if (name[0] == '\0' || name[0] == '/' || strchr(name, '\\') != NULL ||
	    strchr(name, ':') != NULL)
		return 1;
	for (c = name; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20)
			return 1;
	for (c = name; c != NULL; c = strchr(c, '/')) {
		if (*c == '/')
			c++;
		if (strncmp(c, "..", 2) == 0 && (c[2] == '/' || c[2] == '\0'))
			return 1;
	}
	return 0;
}

static int
name_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Read [Content_Types].xml (capped) and refuse macro-enabled types. */
static int
docx_types_ok(zip_t *z, zip_int64_t idx, zip_uint64_t size, const char **why)
{
	static const char *const bad[] = {
		"macroEnabled", "vbaProject", "application/vnd.ms-office.vba",
	};
	zip_file_t *f;
	char buf[DOCX_MAX_CT_XML + 1];
	zip_int64_t got;
	size_t i;

	if (size > DOCX_MAX_CT_XML) {
		why_set(why, "[Content_Types].xml too large");
		return -1;
	}
	if ((f = zip_fopen_index(z, (zip_uint64_t)idx, 0)) == NULL) {
		why_set(why, "unreadable [Content_Types].xml");
		return -1;
	}
	got = zip_fread(f, buf, DOCX_MAX_CT_XML);
	zip_fclose(f);
	if (got < 0) {
		why_set(why, "unreadable [Content_Types].xml");
		return -1;
	}
	buf[got] = '\0';
	if (strstr(buf, "wordprocessingml.document.main+xml") == NULL) {
		why_set(why, "OOXML file that is not a Word document");
		return -1;
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (strstr(buf, bad[i]) != NULL) {
			why_set(why, "Word document with macros");
			return -1;
		}
	return 0;
}

static enum filetype
ft_docx(const unsigned char *p, size_t len, const char **why)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	zip_int64_t n, i, ct = -1;
	zip_uint64_t total = 0, ctsize = 0;
	int doc = 0;
	enum filetype t = FT_UNKNOWN;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(p, len, 0, &ze)) == NULL) {
		why_set(why, "unreadable ZIP");
		goto fail;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)) == NULL) {
		zip_source_free(src);
		why_set(why, "damaged ZIP (central directory)");
		goto fail;
	}
	n = zip_get_num_entries(z, 0);
	if (n <= 0 || n > DOCX_MAX_ENTRIES) {
		why_set(why, "ZIP with too many or no entries");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		zip_stat_t st;

		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 ||
		    (st.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
		    (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) {
			why_set(why, "unreadable ZIP entry");
			goto fail;
		}
		if (zip_name_bad(st.name)) {
			why_set(why, "ZIP entry with a path trick");
			goto fail;
		}
		if (name_ends(st.name, "vbaProject.bin") ||
		    name_ends(st.name, "vbaData.xml")) {
			why_set(why, "Word document with macros");
			goto fail;
		}
		if (st.size > DOCX_MAX_EXPANDED - total) {
			why_set(why, "ZIP expands too much");
			goto fail;
		}
		total += st.size;
		if (st.size > 1024 * 1024 &&
		    st.size / (st.comp_size ? st.comp_size : 1) > DOCX_MAX_RATIO) {
			why_set(why, "ZIP entry expands too much");
			goto fail;
		}
		if (strcmp(st.name, "[Content_Types].xml") == 0) {
			ct = i;
			ctsize = st.size;
		} else if (strcmp(st.name, "word/document.xml") == 0)
			doc = 1;
	}
	if (ct < 0 || !doc) {
		why_set(why, "ZIP that is not a Word document");
		goto fail;
	}
	if (docx_types_ok(z, ct, ctsize, why) != 0)
		goto fail;
	t = FT_DOCX;
fail:
	if (z != NULL)
		zip_discard(z);
	zip_error_fini(&ze);
	return t;
}

/*
 * The name's last part, cleaned as a line of text (u8_clean_line: no
 * controls, no bidi overrides such as the RLO of "invoice<RLO>fdp.exe",
 * no invisible-only names), without leading dots, and ending in an
 * extension of the detected type: "report.html" holding a PDF is kept as
 * "report.html.pdf", so no name can claim another type than the bytes.
 */
char *
filetype_name(const char *given, const char *stem, enum filetype t)
{
	const struct ft_info *f = ft_of(t);
	const char *const *alias = f != NULL ? f->names : NULL;
	const char *s = given != NULL ? given : "", *c, *dot, *ext = filetype_ext(t);
	struct buf b = BUF_INIT, out = BUF_INIT;
	size_t i, room;
	int known = 0;

	for (c = s; *c != '\0'; c++)
		if (*c == '/' || *c == '\\')
			s = c + 1;
	if (u8_clean_line(s, strlen(s), &b) != 0)
		buf_reset(&b);
	for (c = buf_str(&b); *c == '.' || *c == ' '; c++)
		;
	buf_adds(&out, c);
	buf_free(&b);
	/* A dot with nothing after it says nothing. */
	while (out.len > 0 && (out.data[out.len - 1] == '.' || out.data[out.len - 1] == ' '))
		out.data[--out.len] = '\0';
	if (out.len == 0 || u8_width(buf_str(&out)) == 0) {
		buf_reset(&out);
		buf_addf(&out, "%s.%s", stem, ext != NULL ? ext : "bin");
		return buf_detach(&out);
	}
	if (ext == NULL) {
		out.len = u8_cut(out.data, out.len, FILETYPE_NAME_MAX);
		out.data[out.len] = '\0';
		return buf_detach(&out);
	}
	for (i = 0; i < 4 && alias[i] != NULL; i++)
		if (strcasecmp(buf_str(&out), alias[i]) == 0) {
			/* ".pdf": an extension alone */
			buf_reset(&out);
			buf_addf(&out, "%s.%s", stem, ext);
			return buf_detach(&out);
		}
	if ((dot = strrchr(buf_str(&out), '.')) != NULL)
		for (i = 0; i < 4 && alias[i] != NULL; i++)
			if (strcasecmp(dot + 1, alias[i]) == 0)
				known = 1;
	/* Cut the name so that it and its extension fit, on a character. */
	room = FILETYPE_NAME_MAX - (known ? 0 : strlen(ext) + 1);
	if (out.len > room) {
		if (known) {
			size_t el = strlen(dot);
			char keep[8];

			snprintf(keep, sizeof keep, "%s", dot);
			out.len = u8_cut(out.data, out.len, room - el);
			out.data[out.len] = '\0';
			buf_adds(&out, keep);
			return buf_detach(&out);
		}
		out.len = u8_cut(out.data, out.len, room);
		out.data[out.len] = '\0';
	}
	if (!known)
		buf_addf(&out, ".%s", ext);
	return buf_detach(&out);
}
