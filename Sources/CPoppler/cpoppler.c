#include "cpoppler.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

struct pt_pdf {
    PopplerDocument *doc;
};

/* poppler's global state (fonts, CMaps) is set up on the first open; opening
   is serialised so that set-up never races. Pages of different documents are
   then read in parallel. */
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;

static char *dup_or_null(const char *s) {
    if (s == NULL) return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p != NULL) memcpy(p, s, n + 1);
    return p;
}

pt_pdf *pt_pdf_open(const void *bytes, int64_t length, int32_t *status, char **message) {
    *status = PT_PDF_BROKEN;
    if (message) *message = NULL;
    if (bytes == NULL || length <= 0) return NULL;
    GBytes *data = g_bytes_new(bytes, (gsize)length);
    GError *error = NULL;
    pthread_mutex_lock(&open_lock);
    PopplerDocument *doc = poppler_document_new_from_bytes(data, NULL, &error);
    pthread_mutex_unlock(&open_lock);
    g_bytes_unref(data);
    if (doc == NULL) {
        if (error != NULL) {
            if (error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED) *status = PT_PDF_ENCRYPTED;
            if (message) *message = dup_or_null(error->message);
            g_error_free(error);
        }
        return NULL;
    }
    pt_pdf *pdf = malloc(sizeof(pt_pdf));
    if (pdf == NULL) {
        g_object_unref(doc);
        return NULL;
    }
    pdf->doc = doc;
    *status = PT_PDF_OK;
    return pdf;
}

void pt_pdf_close(pt_pdf *pdf) {
    if (pdf == NULL) return;
    g_object_unref(pdf->doc);
    free(pdf);
}

int32_t pt_pdf_page_count(const pt_pdf *pdf) {
    return poppler_document_get_n_pages(pdf->doc);
}

char *pt_pdf_title(const pt_pdf *pdf) {
    gchar *t = poppler_document_get_title(pdf->doc);
    char *out = dup_or_null(t);
    g_free(t);
    return out;
}

char *pt_pdf_creation_date(const pt_pdf *pdf) {
    GDateTime *d = poppler_document_get_creation_date_time(pdf->doc);
    if (d == NULL) return NULL;
    GDateTime *u = g_date_time_to_utc(d);
    g_date_time_unref(d);
    if (u == NULL) return NULL;
    gchar *s = g_date_time_format(u, "%Y-%m-%d");
    g_date_time_unref(u);
    char *out = dup_or_null(s);
    g_free(s);
    return out;
}

typedef struct page_storage {
    char *text;
    pt_pdf_line *lines;
} page_storage;

int32_t pt_pdf_page_lines(const pt_pdf *pdf, int32_t index, pt_pdf_page *out) {
    memset(out, 0, sizeof(*out));
    if (index < 0 || index >= poppler_document_get_n_pages(pdf->doc)) return -1;
    PopplerPage *page = poppler_document_get_page(pdf->doc, index);
    if (page == NULL) return -1;
    poppler_page_get_size(page, &out->width, &out->height);
    gchar *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    if (text == NULL || !poppler_page_get_text_layout(page, &rects, &n_rects)) {
        rects = NULL;
        n_rects = 0;
    }
    g_object_unref(page);
    if (text == NULL) return 0;

    page_storage *st = calloc(1, sizeof(page_storage));
    if (st == NULL) {
        g_free(text);
        g_free(rects);
        return -1;
    }
    out->storage = st;
    size_t len = strlen(text);
    st->text = malloc(len + 1);
    if (st->text == NULL) {
        g_free(text);
        g_free(rects);
        return -1;
    }
    memcpy(st->text, text, len + 1);
    g_free(text);
    size_t cap = 1;
    for (size_t i = 0; i < len; i++) if (st->text[i] == '\n') cap++;
    st->lines = calloc(cap, sizeof(pt_pdf_line));
    if (st->lines == NULL) {
        g_free(rects);
        return -1;
    }
    /* The layout has one rectangle per character of the text (line breaks
       included); a line's box is the union of its characters' boxes. */
    int32_t count = 0;
    size_t start = 0;
    guint ch = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int have = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = (unsigned char)st->text[i];
        if (i == len || c == '\n') {
            if (i == len && start == len) break;
            st->text[i] = 0;
            pt_pdf_line *l = &st->lines[count++];
            l->text = st->text + start;
            if (have) {
                l->x0 = x0; l->y0 = y0; l->x1 = x1; l->y1 = y1;
            }
            have = 0;
            start = i + 1;
            ch++;
            continue;
        }
        if ((c & 0xC0) == 0x80) continue; /* continuation byte: same character */
        if (ch < n_rects && c != ' ') {
            PopplerRectangle *r = &rects[ch];
            double a = r->x1 < r->x2 ? r->x1 : r->x2, b = r->x1 < r->x2 ? r->x2 : r->x1;
            double p = r->y1 < r->y2 ? r->y1 : r->y2, q = r->y1 < r->y2 ? r->y2 : r->y1;
            if (!have) {
                x0 = a; x1 = b; y0 = p; y1 = q;
                have = 1;
            } else {
                if (a < x0) x0 = a;
                if (b > x1) x1 = b;
                if (p < y0) y0 = p;
                if (q > y1) y1 = q;
            }
        }
        ch++;
    }
    g_free(rects);
    out->line_count = count;
    out->lines = st->lines;
    return 0;
}

void pt_pdf_page_free(pt_pdf_page *page) {
    if (page == NULL || page->storage == NULL) return;
    page_storage *st = page->storage;
    free(st->text);
    free(st->lines);
    free(st);
    page->storage = NULL;
    page->lines = NULL;
    page->line_count = 0;
}

void pt_pdf_string_free(char *s) { free(s); }
