#ifndef POLICYTRACE_CICU_H
#define POLICYTRACE_CICU_H
/*
 * PolicyTrace's window onto ICU. Only plain C types cross this header:
 * ICU's own headers clash with Foundation's bundled ICU module when Swift
 * sees them, and ICU's symbols carry a version suffix (ucnv_open_72 ...)
 * that only the C preprocessor resolves. Text crosses as UTF-8 bytes or
 * UTF-32 code points.
 */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Guesses the charset of `bytes` with ICU's detector. Writes its canonical
 * name (NUL-terminated) into `name` and returns the confidence (0-100), or
 * -1 when ICU cannot decide. */
int32_t pt_icu_detect_charset(const char *bytes, int64_t length,
                              char *name, int32_t name_capacity);

/* Converts `length` bytes in `charset` to UTF-8. Invalid or unmappable
 * sequences become U+FFFD and are counted in *substitutions. Returns the
 * number of UTF-8 bytes the whole result needs (call again with a larger
 * buffer when it exceeds `capacity`), or -1 when the charset is unknown. */
int64_t pt_icu_convert_to_utf8(const char *charset, const char *bytes,
                               int64_t length, char *dest, int64_t capacity,
                               int64_t *substitutions);

/* Removes the matches of the ICU regular expression `pattern` (UTF-8) from
 * `length` bytes of UTF-8 `text`: every match, or, when `cut_to_end` is
 * non-zero, everything from the first match on. Each match attempt may take
 * at most `step_limit` steps of ICU's match engine (about a millisecond
 * each; deterministic, unlike a clock). *out receives the malloc'ed result
 * (free it). Returns its length in bytes, -1 for an invalid pattern, -2 when
 * the step limit was reached (nothing is written to *out), -3 on other
 * errors. */
int64_t pt_icu_regex_strip(const char *pattern, int32_t pattern_length,
                           const char *text, int64_t length, int32_t cut_to_end,
                           int32_t step_limit, char **out);

/* NFKC_Casefold of `length` code points, then, when `decompose` is
 * non-zero, canonical decomposition (NFD) of the result. Returns the number
 * of code points written (or needed, when more than `capacity`), -1 on
 * error. */
int32_t pt_icu_nfkc_casefold(const int32_t *src, int32_t length, int32_t decompose,
                             int32_t *dest, int32_t capacity);

/* ICU's "Traditional-Simplified" transliteration of `length` code points.
 * Same return convention as pt_icu_nfkc_casefold. Slow (about 6 MB/s):
 * for building tables, never for whole documents. */
int32_t pt_icu_hant_to_hans(const int32_t *src, int32_t length,
                            int32_t *dest, int32_t capacity);

/* 1 when `offset` (a code-point index into `text`) is a word boundary by
 * ICU's dictionary-based word break rules for `locale` (e.g. "zh"),
 * 0 when it is not, -1 on error. Meant for short windows around a
 * candidate match, not whole documents. */
int32_t pt_icu_is_word_boundary(const int32_t *text, int32_t length,
                                int32_t offset, const char *locale);

/* A reusable word-break iterator (opening one costs far more than asking
 * it about a short window). Not thread-safe: one per thread. */
typedef struct pt_word_breaker pt_word_breaker;
pt_word_breaker *pt_icu_word_breaker_open(const char *locale);
/* Same answer as pt_icu_is_word_boundary, reusing the iterator. */
int32_t pt_icu_word_breaker_is_boundary(pt_word_breaker *breaker, const int32_t *text,
                                        int32_t length, int32_t offset);
void pt_icu_word_breaker_close(pt_word_breaker *breaker);

/* Every ICU word boundary of `text` (dictionary-based rules for `locale`),
 * as code-point offsets in increasing order, 0 and `length` included: the
 * segments between them are the word tokens quanteda's tokens() and
 * stringi's stri_split_boundaries(type = "word") build on. Writes up to
 * `capacity` offsets into `bounds` and returns how many there are (call
 * again with a larger buffer when that exceeds `capacity`), -1 on error. */
int32_t pt_icu_word_boundaries(const int32_t *text, int32_t length, const char *locale,
                               int32_t *bounds, int32_t capacity);

/* Every pair of adjacent code points inside a word of ICU's CJK dictionary
 * (the one its word break iterator segments with) whose second code point is
 * one of `seconds`, as (first << 32 | second). A position between two
 * ideographs that form no such pair is always a word boundary for ICU, so the
 * tagger asks the break iterator only about the others. *out is malloc'ed
 * (free it); returns the number of pairs, or -1 on error. */
int64_t pt_icu_cjk_dictionary_pairs(const int32_t *seconds, int32_t count, uint64_t **out);

/* The version of the ICU library in use ("72.1"); reads no ICU data. Not
 * thread-safe on its first call. */
const char *pt_icu_version(void);

/* General category helpers for building lookup tables. */
int32_t pt_icu_is_alphanumeric(int32_t c);
int32_t pt_icu_is_whitespace(int32_t c);
int32_t pt_icu_is_ideographic(int32_t c);
int32_t pt_icu_is_dash(int32_t c);
int32_t pt_icu_is_mark(int32_t c);

#ifdef __cplusplus
}
#endif
#endif
