#include "cicu.h"

#include <string.h>
#include <stdlib.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>

int32_t pt_icu_detect_charset(const char *bytes, int64_t length,
                              char *name, int32_t name_capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    int32_t len = length > INT32_MAX ? INT32_MAX : (int32_t)length;
    ucsdet_setText(det, bytes, len, &status);
    const UCharsetMatch *match = ucsdet_detect(det, &status);
    int32_t confidence = -1;
    if (U_SUCCESS(status) && match != NULL) {
        const char *found = ucsdet_getName(match, &status);
        confidence = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && found != NULL && name_capacity > 0) {
            strncpy(name, found, (size_t)name_capacity - 1);
            name[name_capacity - 1] = 0;
        } else {
            confidence = -1;
        }
    }
    ucsdet_close(det);
    return confidence;
}

typedef struct {
    int64_t count;
} pt_subst_counter;

static void pt_count_and_substitute(const void *context, UConverterToUnicodeArgs *args,
                                    const char *codeUnits, int32_t length,
                                    UConverterCallbackReason reason, UErrorCode *err) {
    if (reason <= UCNV_IRREGULAR) {
        ((pt_subst_counter *)context)->count += 1;
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, codeUnits, length, reason, err);
}

int64_t pt_icu_convert_to_utf8(const char *charset, const char *bytes,
                               int64_t length, char *dest, int64_t capacity,
                               int64_t *substitutions) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *from = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return -1;
    UConverter *to = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status)) { ucnv_close(from); return -1; }
    pt_subst_counter counter = {0};
    ucnv_setToUCallBack(from, (UConverterToUCallback)pt_count_and_substitute, &counter,
                        NULL, NULL, &status);
    /* ICU's default substitution for GB18030/Big5 is U+001A; use U+FFFD. */
    static const UChar replacement[1] = {0xFFFD};
    (void)replacement;
    if (U_FAILURE(status)) { ucnv_close(from); ucnv_close(to); return -1; }

    /* Convert through a pivot buffer in chunks so the result length is known
     * even when dest is too small. */
    const char *src = bytes;
    const char *srcLimit = bytes + length;
    UChar pivot[4096];
    UChar *pivotSource = pivot, *pivotTarget = pivot;
    char chunk[8192];
    int64_t written = 0;
    UBool reset = 1;
    for (;;) {
        char *target = chunk;
        status = U_ZERO_ERROR;
        ucnv_convertEx(to, from, &target, chunk + sizeof(chunk), &src, srcLimit,
                       pivot, &pivotSource, &pivotTarget, pivot + 4096,
                       reset, 1, &status);
        reset = 0;
        int64_t produced = target - chunk;
        if (dest != NULL && written < capacity) {
            int64_t room = capacity - written;
            memcpy(dest + written, chunk, (size_t)(produced < room ? produced : room));
        }
        written += produced;
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_FAILURE(status)) { written = -1; }
        break;
    }
    ucnv_close(from);
    ucnv_close(to);
    if (substitutions) *substitutions = counter.count;
    return written;
}

static int32_t utf32_to_utf16(const int32_t *src, int32_t length, UChar **out) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF32(NULL, 0, &needed, (const UChar32 *)src, length, &status);
    *out = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    status = U_ZERO_ERROR;
    u_strFromUTF32(*out, needed + 1, &needed, (const UChar32 *)src, length, &status);
    return U_FAILURE(status) ? -1 : needed;
}

static int32_t utf16_to_utf32(const UChar *src, int32_t length, int32_t *dest, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF32((UChar32 *)dest, capacity, &needed, src, length, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return needed;
    return U_FAILURE(status) ? -1 : needed;
}

int32_t pt_icu_nfkc_casefold(const int32_t *src, int32_t length, int32_t decompose,
                             int32_t *dest, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&status);
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar *in = NULL;
    int32_t inLen = utf32_to_utf16(src, length, &in);
    if (inLen < 0) { free(in); return -1; }
    int32_t cap = inLen * 18 + 16;
    UChar *out = (UChar *)malloc(sizeof(UChar) * (size_t)cap);
    int32_t outLen = unorm2_normalize(norm, in, inLen, out, cap, &status);
    if (decompose && U_SUCCESS(status) && !unorm2_isNormalized(nfd, out, outLen, &status)) {
        int32_t dcap = outLen * 4 + 16;
        UChar *d = (UChar *)malloc(sizeof(UChar) * (size_t)dcap);
        int32_t dLen = unorm2_normalize(nfd, out, outLen, d, dcap, &status);
        free(out);
        out = d;
        outLen = dLen;
    }
    int32_t result = U_FAILURE(status) ? -1 : utf16_to_utf32(out, outLen, dest, capacity);
    free(in);
    free(out);
    return result;
}

static UTransliterator *pt_hant_hans(void) {
    static UTransliterator *trans = NULL;
    if (trans == NULL) {
        UErrorCode status = U_ZERO_ERROR;
        UChar id[64];
        u_uastrcpy(id, "Traditional-Simplified");
        trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
        if (U_FAILURE(status)) trans = NULL;
    }
    return trans;
}

int32_t pt_icu_hant_to_hans(const int32_t *src, int32_t length,
                            int32_t *dest, int32_t capacity) {
    UTransliterator *trans = pt_hant_hans();
    if (trans == NULL) return -1;
    UChar *buf = NULL;
    int32_t len = utf32_to_utf16(src, length, &buf);
    if (len < 0) { free(buf); return -1; }
    int32_t cap = len * 4 + 16;
    buf = (UChar *)realloc(buf, sizeof(UChar) * (size_t)cap);
    int32_t limit = len;
    UErrorCode status = U_ZERO_ERROR;
    utrans_transUChars(trans, buf, &len, cap, 0, &limit, &status);
    int32_t result = U_FAILURE(status) ? -1 : utf16_to_utf32(buf, len, dest, capacity);
    free(buf);
    return result;
}

int32_t pt_icu_is_word_boundary(const int32_t *text, int32_t length,
                                int32_t offset, const char *locale) {
    if (offset <= 0 || offset >= length) return 1;
    UChar *buf = NULL;
    int32_t len = utf32_to_utf16(text, length, &buf);
    if (len < 0) { free(buf); return -1; }
    /* code-point offset -> UTF-16 offset */
    int32_t u16 = 0;
    for (int32_t i = 0; i < offset; i++) u16 += text[i] > 0xFFFF ? 2 : 1;
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, buf, len, &status);
    int32_t result = -1;
    if (U_SUCCESS(status)) {
        result = ubrk_isBoundary(bi, u16) ? 1 : 0;
        ubrk_close(bi);
    }
    free(buf);
    return result;
}

struct pt_word_breaker {
    UBreakIterator *iterator;
    UChar buffer[256];
};

pt_word_breaker *pt_icu_word_breaker_open(const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    if (U_FAILURE(status)) return NULL;
    pt_word_breaker *b = (pt_word_breaker *)calloc(1, sizeof(pt_word_breaker));
    b->iterator = bi;
    return b;
}

int32_t pt_icu_word_breaker_is_boundary(pt_word_breaker *b, const int32_t *text,
                                        int32_t length, int32_t offset) {
    if (offset <= 0 || offset >= length) return 1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t len = 0;
    u_strFromUTF32(b->buffer, 256, &len, (const UChar32 *)text, length, &status);
    if (U_FAILURE(status) || len > 256) return -1;
    int32_t u16 = 0;
    for (int32_t i = 0; i < offset; i++) u16 += text[i] > 0xFFFF ? 2 : 1;
    ubrk_setText(b->iterator, b->buffer, len, &status);
    if (U_FAILURE(status)) return -1;
    return ubrk_isBoundary(b->iterator, u16) ? 1 : 0;
}

void pt_icu_word_breaker_close(pt_word_breaker *b) {
    if (b == NULL) return;
    ubrk_close(b->iterator);
    free(b);
}

int32_t pt_icu_word_boundaries(const int32_t *text, int32_t length, const char *locale,
                               int32_t *bounds, int32_t capacity) {
    UChar *buf = NULL;
    int32_t len = utf32_to_utf16(text, length, &buf);
    if (len < 0) { free(buf); return -1; }
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, buf, len, &status);
    if (U_FAILURE(status)) { free(buf); return -1; }
    /* Walk UTF-16 boundaries, converting each to a code-point offset. */
    int32_t count = 0, u16 = 0, cp = 0;
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        while (u16 < b) { u16 += text[cp] > 0xFFFF ? 2 : 1; cp++; }
        if (count < capacity) bounds[count] = cp;
        count++;
    }
    ubrk_close(bi);
    free(buf);
    return count;
}

const char *pt_icu_version(void) {
    static char name[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo version;
    u_getVersion(version);
    u_versionToString(version, name);
    return name;
}

int32_t pt_icu_is_alphanumeric(int32_t c) { return u_isalnum(c) ? 1 : 0; }
int32_t pt_icu_is_whitespace(int32_t c) { return u_isUWhiteSpace(c) ? 1 : 0; }
int32_t pt_icu_is_ideographic(int32_t c) { return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ? 1 : 0; }
int32_t pt_icu_is_dash(int32_t c) { return u_hasBinaryProperty(c, UCHAR_DASH) ? 1 : 0; }
int32_t pt_icu_is_mark(int32_t c) {
    int8_t t = u_charType(c);
    return (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK) ? 1 : 0;
}

int64_t pt_icu_regex_strip(const char *pattern, int32_t pattern_length,
                           const char *text, int64_t length, int32_t cut_to_end,
                           int32_t step_limit, char **out) {
    *out = NULL;
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    UText *pattern_text = utext_openUTF8(NULL, pattern, pattern_length, &status);
    URegularExpression *re = uregex_openUText(pattern_text, 0, &parse_error, &status);
    utext_close(pattern_text);
    if (U_FAILURE(status)) { if (re) uregex_close(re); return -1; }
    if (step_limit > 0) uregex_setTimeLimit(re, step_limit, &status);
    UText *input = utext_openUTF8(NULL, text, length, &status);
    uregex_setUText(re, input, &status);
    char *buf = (char *)malloc((size_t)length + 1);
    if (U_FAILURE(status) || buf == NULL) { free(buf); uregex_close(re); utext_close(input); return -3; }
    int64_t written = 0, last = 0;
    while (uregex_findNext(re, &status)) {
        int64_t start = uregex_start64(re, 0, &status), end = uregex_end64(re, 0, &status);
        if (U_FAILURE(status)) break;
        memcpy(buf + written, text + last, (size_t)(start - last));
        written += start - last;
        last = end;
        if (cut_to_end) { last = length; break; }
    }
    int64_t result;
    if (status == U_REGEX_TIME_OUT) {
        result = -2;
    } else if (U_FAILURE(status)) {
        result = -3;
    } else {
        memcpy(buf + written, text + last, (size_t)(length - last));
        written += length - last;
        buf[written] = 0;
        result = written;
    }
    uregex_close(re);
    utext_close(input);
    if (result < 0) free(buf); else *out = buf;
    return result;
}
