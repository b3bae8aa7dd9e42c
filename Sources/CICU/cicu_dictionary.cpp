// Reads ICU's CJK word dictionary (cjdict, the one its dictionary-based word
// break iterator uses) through ICU's public UCharsTrie API.
#include "cicu.h"

#include <stdlib.h>
#include <vector>
#include <unicode/udata.h>
#include <unicode/ucharstrie.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace {
// Layout of ICU's dictionary data files (dictionarydata.h, stable since ICU 50).
enum { IX_STRING_TRIE_OFFSET = 0, IX_TRIE_TYPE = 4, TRIE_TYPE_MASK = 7, TRIE_TYPE_UCHARS = 1 };
}

extern "C" int64_t pt_icu_cjk_dictionary_pairs(const int32_t *seconds, int32_t count, uint64_t **out) {
    *out = NULL;
    UErrorCode status = U_ZERO_ERROR;
    UDataMemory *file = udata_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "dict", "cjdict", &status);
    if (U_FAILURE(status)) return -1;
    const int32_t *indexes = (const int32_t *)udata_getMemory(file);
    if ((indexes[IX_TRIE_TYPE] & TRIE_TYPE_MASK) != TRIE_TYPE_UCHARS) { udata_close(file); return -1; }
    const char16_t *trie = (const char16_t *)((const uint8_t *)indexes + indexes[IX_STRING_TRIE_OFFSET]);

    std::vector<bool> wanted(0x110000, false);
    for (int32_t i = 0; i < count; i++) if (seconds[i] >= 0 && seconds[i] < 0x110000) wanted[seconds[i]] = true;
    std::vector<uint64_t> pairs;
    icu::UCharsTrie::Iterator words(trie, 0, status);
    while (U_SUCCESS(status) && words.next(status)) {
        const icu::UnicodeString &w = words.getString();
        int32_t i = 0;
        UChar32 previous = -1;
        while (i < w.length()) {
            UChar32 c = w.char32At(i);
            if (previous >= 0 && wanted[c]) pairs.push_back(((uint64_t)previous << 32) | (uint32_t)c);
            previous = c;
            i += U16_LENGTH(c);
        }
    }
    udata_close(file);
    if (U_FAILURE(status)) return -1;
    *out = (uint64_t *)malloc(sizeof(uint64_t) * (pairs.size() + 1));
    for (size_t i = 0; i < pairs.size(); i++) (*out)[i] = pairs[i];
    return (int64_t)pairs.size();
}
