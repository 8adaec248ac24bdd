/*
 * filetype.h — what a file really is, from its bytes, never its name.
 *
 * Accepted: PDF, PNG, JPEG, TIFF, DOC (an OLE2 compound file holding a
 * WordDocument stream) and DOCX (an OOXML word-processing ZIP with
 * [Content_Types].xml and word/document.xml in its central directory, no
 * macros, no path tricks, within caps on entries and expansion).  Used by
 * the web's uploads and the console's response files alike.
 */
#ifndef PK_FILETYPE_H
#define PK_FILETYPE_H

#include <stddef.h>

enum filetype {
	FT_UNKNOWN = 0, FT_PDF, FT_PNG, FT_JPEG, FT_TIFF, FT_DOC, FT_DOCX
};

/*
 * Detect the type of data[0..len).  Returns FT_UNKNOWN, with *why (if not
 * NULL) set to a static English reason for logs, when the content is none
 * of the accepted types or is a disguised or dangerous one.
 */
enum filetype	 filetype_detect(const void *data, size_t len, const char **why);
/*
 * The same for the whole of an open file (an upload spooled to disk), with
 * bounded memory: the file is mapped, only the pages the checks read are
 * touched, and it is unmapped before returning.  The offset is unchanged.
 */
enum filetype	 filetype_detect_fd(int fd, const char **why);
/* "application/pdf", …; NULL for FT_UNKNOWN. */
const char	*filetype_mime(enum filetype);
/* "pdf", "png", "jpg", "tiff", "doc", "docx"; NULL for FT_UNKNOWN. */
const char	*filetype_ext(enum filetype);
/* FT_* from a MIME type as stored in files.content_type, or FT_UNKNOWN. */
enum filetype	 filetype_from_mime(const char *);
/* Append the file names accepted, as a file input's accept= list:
 * ".pdf,.png,.jpg,…" (every extension a name of an accepted type may end
 * in; the type itself is told by the bytes). */
struct buf;
void		 filetype_accept(struct buf *);

/* The longest file name kept with a file, in bytes. */
#define FILETYPE_NAME_MAX	200

/*
 * The name a file is kept under, from the name it came with (a browser's,
 * or a path on the staff's disk): its last path part ('/' or '\\'), cleaned
 * as u8_clean_line cleans a line (no controls, no bidi overrides or
 * isolates, no invisible-only names), without leading or trailing dots,
 * ending in an extension of type t ("report.html" holding a PDF becomes
 * "report.html.pdf"; "scan.jpeg" holding a JPEG stays), at most
 * FILETYPE_NAME_MAX bytes cut on a character; "STEM.ext" when nothing
 * usable is left.  The caller frees it.
 */
char		*filetype_name(const char *given, const char *stem, enum filetype);

#endif
