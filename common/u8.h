/*
 * u8.h — UTF-8 text: validation, decoding, display width, safe cutting.
 *
 * Widths are terminal columns (wcwidth semantics: combining marks and ZWNJ
 * are 0, East Asian wide characters and emoji 2), from utf8proc, not
 * wcwidth(3), so they do not depend on the process locale.
 * Cuts never split a character.  In the functions on NUL-terminated strings,
 * an invalid byte counts as one character of width 1 (shown as U+FFFD).
 */
#ifndef PK_U8_H
#define PK_U8_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int u8_valid(const char *s, size_t len);

/*
 * Decode one character at *s (at most `len` bytes).  Returns its byte length
 * (1..4) and sets *cp, or returns -1 for an invalid sequence (and *cp is set
 * to U+FFFD); returns 0 at len == 0.  cp may be NULL.
 */
int u8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Encode cp into out (4 bytes room, not NUL-terminated).  Returns the byte
 * length, or -1 for surrogates and values above U+10FFFF.
 */
int u8_encode(uint32_t cp, char *out);

/* Number of characters (code points) in a NUL-terminated valid string. */
size_t u8_chars(const char *s);

/*
 * Display width of one code point in columns (0, 1 or 2): control chars,
 * combining marks, ZWNJ/ZWJ, bidi and other format controls are 0; East
 * Asian wide/fullwidth characters and emoji of emoji presentation (😀 ⌚
 * 🚀) 2; the rest 1.
 */
int u8_cpwidth(uint32_t cp);

/* Display width of a NUL-terminated string in columns. */
size_t u8_width(const char *s);

/*
 * Length in bytes of the longest prefix of s that fits in `cols` columns,
 * never splitting a character (and keeping following zero-width marks with
 * their base).  *width, if not NULL, gets that prefix's width.
 */
size_t u8_fit(const char *s, size_t cols, size_t *width);

/*
 * Length in bytes of the longest prefix of s[0..len) that is at most `max`
 * bytes and does not end inside a character: where to cut a valid string
 * to fit a byte limit.
 */
size_t u8_cut(const char *s, size_t len, size_t max);

/*
 * Clean one line of typed text (a name, a subject, a file name) from
 * s[0..len) into out (reset first, NUL-terminated):
 *  - every kind of space (U+0009-000D, U+0085, U+00A0, U+1680, U+2000-200A,
 *    U+2028, U+2029, U+202F, U+205F, U+3000) becomes U+0020, runs of them
 *    one, and none is left at either end;
 *  - other C0 and C1 controls and DEL are removed, as are the bidi
 *    controls (LRM, RLM, ALM, the embeddings and overrides U+202A-202E,
 *    the isolates U+2066-2069) and the invisible format characters
 *    (U+200B ZWSP, U+2060-2064, U+206A-206F, U+FEFF, U+FFF9-FFFB);
 *  - ZWNJ (U+200C, which Persian needs) and ZWJ are kept, but never at
 *    either end.
 * A value with nothing visible left (only spaces, joiners, marks) comes
 * out empty: the caller treats it as a missing field.  Returns -1, out
 * empty, when s is not valid UTF-8; else 0.
 */
int u8_clean_line(const char *s, size_t len, struct buf *out);

#endif
