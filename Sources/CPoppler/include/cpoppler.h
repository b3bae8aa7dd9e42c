#ifndef POLICYTRACE_CPOPPLER_H
#define POLICYTRACE_CPOPPLER_H

/*
 * poppler's GLib API behind plain C types: open a PDF from bytes, read its
 * metadata, and get each page's text as lines with their bounding boxes (so
 * the caller can tell paragraph ends, indents and running headers). Nothing
 * of poppler, GLib or cairo is visible here.
 */

#include <stddef.h>
#include <stdint.h>

#define PT_PDF_OK 0
#define PT_PDF_ENCRYPTED 1   /* needs a password */
#define PT_PDF_BROKEN 2      /* not a PDF, or too damaged to open */

typedef struct pt_pdf pt_pdf;

/* One line of a page's text (UTF-8, no line break), and its box in points
   from the page's top-left corner. */
typedef struct pt_pdf_line {
    const char *text;
    double x0, y0, x1, y1;
} pt_pdf_line;

typedef struct pt_pdf_page {
    double width, height;
    int32_t line_count;
    const pt_pdf_line *lines;
    void *storage;           /* owned; released by pt_pdf_page_free */
} pt_pdf_page;

/*
 * Opens `length` bytes (copied; the caller may free them at once). Returns
 * NULL and sets `status` (PT_PDF_ENCRYPTED or PT_PDF_BROKEN) and `message`
 * (a malloc'd UTF-8 string for pt_pdf_string_free, or NULL) on failure.
 */
pt_pdf *pt_pdf_open(const void *bytes, int64_t length, int32_t *status, char **message);
void pt_pdf_close(pt_pdf *pdf);

int32_t pt_pdf_page_count(const pt_pdf *pdf);

/* The document's Title, or NULL. Free with pt_pdf_string_free. */
char *pt_pdf_title(const pt_pdf *pdf);
/* The creation date as YYYY-MM-DD (UTC), or NULL. Free with pt_pdf_string_free. */
char *pt_pdf_creation_date(const pt_pdf *pdf);

/* Page `index` (0-based): its lines in poppler's reading order. Returns 0 on
   success, -1 when the page cannot be read; `out` is released with
   pt_pdf_page_free either way. */
int32_t pt_pdf_page_lines(const pt_pdf *pdf, int32_t index, pt_pdf_page *out);
void pt_pdf_page_free(pt_pdf_page *page);

void pt_pdf_string_free(char *s);

#endif
