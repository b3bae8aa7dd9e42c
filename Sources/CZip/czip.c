#include "czip.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>
#include <zlib.h>

struct pt_zip {
    zip_t *archive;
};

static char *dup_message(const char *s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p != NULL) memcpy(p, s, n + 1);
    return p;
}

pt_zip *pt_zip_open(const void *bytes, int64_t length, char **message) {
    if (message) *message = NULL;
    if (bytes == NULL || length <= 0) {
        if (message) *message = dup_message("empty archive");
        return NULL;
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src = zip_source_buffer_create(bytes, (zip_uint64_t)length, 0, &error);
    if (src == NULL) {
        if (message) *message = dup_message(zip_error_strerror(&error));
        zip_error_fini(&error);
        return NULL;
    }
    zip_t *archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (archive == NULL) {
        if (message) *message = dup_message(zip_error_strerror(&error));
        zip_source_free(src);
        zip_error_fini(&error);
        return NULL;
    }
    zip_error_fini(&error);
    pt_zip *zip = malloc(sizeof(pt_zip));
    if (zip == NULL) {
        zip_discard(archive);
        return NULL;
    }
    zip->archive = archive;
    return zip;
}

void pt_zip_close(pt_zip *zip) {
    if (zip == NULL) return;
    zip_discard(zip->archive);
    free(zip);
}

int64_t pt_zip_count(const pt_zip *zip) {
    return zip_get_num_entries(zip->archive, 0);
}

const char *pt_zip_name(const pt_zip *zip, int64_t index) {
    return zip_get_name(zip->archive, (zip_uint64_t)index, ZIP_FL_ENC_GUESS);
}

const char *pt_zip_raw_name(const pt_zip *zip, int64_t index) {
    return zip_get_name(zip->archive, (zip_uint64_t)index, ZIP_FL_ENC_RAW);
}

int32_t pt_zip_name_marked_utf8(const pt_zip *zip, int64_t index) {
    /* The strict reading converts unmarked names from CP437, so it equals
       the stored bytes only for marked (or ASCII) names. */
    const char *raw = zip_get_name(zip->archive, (zip_uint64_t)index, ZIP_FL_ENC_RAW);
    const char *strict = zip_get_name(zip->archive, (zip_uint64_t)index, ZIP_FL_ENC_STRICT);
    if (raw == NULL || strict == NULL) return 0;
    return strcmp(raw, strict) == 0 ? 1 : 0;
}

int64_t pt_zip_find(const pt_zip *zip, const char *name) {
    return zip_name_locate(zip->archive, name, ZIP_FL_ENC_GUESS);
}

int32_t pt_zip_encrypted(const pt_zip *zip, int64_t index) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip->archive, (zip_uint64_t)index, 0, &st) != 0) return 0;
    return (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE ? 1 : 0;
}

int32_t pt_zip_read(const pt_zip *zip, int64_t index, int64_t max_bytes,
                    uint8_t **out, int64_t *out_length, char **message) {
    *out = NULL;
    *out_length = 0;
    if (message) *message = NULL;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip->archive, (zip_uint64_t)index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)
        && st.size > (zip_uint64_t)max_bytes) return 1;
    zip_file_t *f = zip_fopen_index(zip->archive, (zip_uint64_t)index, 0);
    if (f == NULL) {
        if (message) *message = dup_message(zip_strerror(zip->archive));
        return -1;
    }
    /* The stored size may lie: read in blocks and stop at the cap. */
    size_t cap = 65536, len = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        zip_fclose(f);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            size_t next = cap * 2;
            uint8_t *grown = realloc(buf, next);
            if (grown == NULL) {
                free(buf);
                zip_fclose(f);
                return -1;
            }
            buf = grown;
            cap = next;
        }
        zip_int64_t n = zip_fread(f, buf + len, cap - len);
        if (n < 0) {
            if (message) *message = dup_message(zip_file_strerror(f));
            free(buf);
            zip_fclose(f);
            return -1;
        }
        if (n == 0) break;
        len += (size_t)n;
        if ((int64_t)len > max_bytes) {
            free(buf);
            zip_fclose(f);
            return 1;
        }
    }
    zip_fclose(f);
    *out = buf;
    *out_length = (int64_t)len;
    return 0;
}

int32_t pt_gunzip(const void *bytes, int64_t length, int64_t max_bytes,
                  uint8_t **out, int64_t *out_length) {
    *out = NULL;
    *out_length = 0;
    if (bytes == NULL || length <= 0) return -1;
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return -1;
    size_t cap = 1 << 16, len = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        inflateEnd(&z);
        return -1;
    }
    const uint8_t *in = bytes;
    int64_t left = length;
    int status = Z_OK;
    for (;;) {
        if (z.avail_in == 0 && left > 0) {
            uInt chunk = left > (int64_t)(1u << 30) ? (1u << 30) : (uInt)left;
            z.next_in = (Bytef *)in;
            z.avail_in = chunk;
            in += chunk;
            left -= chunk;
        }
        if (len == cap) {
            if ((int64_t)cap > max_bytes) {
                free(buf);
                inflateEnd(&z);
                return 1;
            }
            uint8_t *grown = realloc(buf, cap * 2);
            if (grown == NULL) {
                free(buf);
                inflateEnd(&z);
                return -1;
            }
            buf = grown;
            cap *= 2;
        }
        z.next_out = buf + len;
        z.avail_out = (uInt)(cap - len);
        status = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if ((int64_t)len > max_bytes) {
            free(buf);
            inflateEnd(&z);
            return 1;
        }
        if (status == Z_STREAM_END) {
            /* Another gzip member may follow. */
            if (z.avail_in == 0 && left == 0) break;
            if (inflateReset(&z) != Z_OK) break;
            continue;
        }
        if (status != Z_OK) {
            if (status == Z_BUF_ERROR && z.avail_in == 0 && left == 0) break; /* truncated */
            free(buf);
            inflateEnd(&z);
            return -1;
        }
    }
    int complete = status == Z_STREAM_END;
    inflateEnd(&z);
    if (!complete) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_length = (int64_t)len;
    return 0;
}

void pt_zip_free(void *p) { free(p); }
