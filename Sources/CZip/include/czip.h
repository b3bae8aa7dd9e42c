#ifndef POLICYTRACE_CZIP_H
#define POLICYTRACE_CZIP_H

/*
 * libzip behind plain C types: open a zip archive held in memory, list its
 * members and read one whole, with a size cap (zip bombs stop at the cap).
 * Also gzip (zlib), for .tar.gz archives. Nothing of libzip or zlib is
 * visible here.
 */

#include <stddef.h>
#include <stdint.h>

typedef struct pt_zip pt_zip;

/* Opens `length` bytes, which must stay alive and unchanged until
   pt_zip_close. Returns NULL on failure, with `message` set (malloc'd, free
   with pt_zip_free) when there is one. */
pt_zip *pt_zip_open(const void *bytes, int64_t length, char **message);
void pt_zip_close(pt_zip *zip);

int64_t pt_zip_count(const pt_zip *zip);
/* The member's name as stored (UTF-8 or CP437 guessed by libzip), or NULL.
   Owned by the archive. */
const char *pt_zip_name(const pt_zip *zip, int64_t index);
/* The member's name as its bytes are stored (no conversion: a zip made on
   Windows without the UTF-8 flag holds GBK there), or NULL. Owned by the
   archive. */
const char *pt_zip_raw_name(const pt_zip *zip, int64_t index);
/* 1 when the member's name is marked UTF-8 (general purpose bit 11, or
   plain ASCII), 0 when it is in the archive's code page. */
int32_t pt_zip_name_marked_utf8(const pt_zip *zip, int64_t index);
/* Index of the member named `name` exactly, or -1. */
int64_t pt_zip_find(const pt_zip *zip, const char *name);
/* 1 when the member is encrypted. */
int32_t pt_zip_encrypted(const pt_zip *zip, int64_t index);

/*
 * Reads member `index` whole into a malloc'd buffer (`out`, `out_length`;
 * free with pt_zip_free). Returns 0 on success, 1 when it is larger than
 * `max_bytes` (nothing returned), -1 on a read error (`message` set).
 */
int32_t pt_zip_read(const pt_zip *zip, int64_t index, int64_t max_bytes,
                    uint8_t **out, int64_t *out_length, char **message);

/*
 * Unpacks gzip data (one or more members, as `gzip` writes them) into a
 * malloc'd buffer (free with pt_zip_free). Returns 0 on success, 1 when the
 * result would exceed `max_bytes`, -1 when the data is not valid gzip.
 */
int32_t pt_gunzip(const void *bytes, int64_t length, int64_t max_bytes,
                  uint8_t **out, int64_t *out_length);

void pt_zip_free(void *p);

#endif
