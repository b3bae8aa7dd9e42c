#include "cxml.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

/* Warnings kept per document; the rest are only counted. */
#define MAX_WARNINGS 100
/* Nesting of entity references followed while flattening. */
#define MAX_ENTITY_DEPTH 16

/* ---- storage: an arena for strings and small arrays, plus growable arrays ---- */

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

typedef struct storage {
    block *blocks;
    pt_xml_node *nodes;
    int32_t node_count, node_cap;
    const char **warnings;
    int32_t warning_count, warning_cap, warning_total;
    pt_xml_selection *selections;
    int oom;
    int truncated;
    /* bytes of text still allowed to come from entity expansion */
    size_t entity_budget;
} storage;

static void *arena_alloc(storage *s, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (s->blocks == NULL || s->blocks->cap - s->blocks->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        block *b = malloc(sizeof(block) + cap);
        if (b == NULL) {
            s->oom = 1;
            return NULL;
        }
        b->next = s->blocks;
        b->used = 0;
        b->cap = cap;
        s->blocks = b;
    }
    void *p = s->blocks->data + s->blocks->used;
    s->blocks->used += size;
    return p;
}

static const char *arena_strndup(storage *s, const char *str, size_t len) {
    char *p = arena_alloc(s, len + 1);
    if (p == NULL) return NULL;
    memcpy(p, str, len);
    p[len] = 0;
    return p;
}

static const char *arena_strdup(storage *s, const char *str) {
    return str == NULL ? NULL : arena_strndup(s, str, strlen(str));
}

/* A growable byte buffer on the C heap, for strings assembled piecewise. */
typedef struct sbuf {
    char *data;
    size_t len, cap;
} sbuf;

static int sbuf_append(sbuf *b, const char *str, size_t len) {
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1) cap *= 2;
        char *data = realloc(b->data, cap);
        if (data == NULL) return -1;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, str, len);
    b->len += len;
    b->data[b->len] = 0;
    return 0;
}

/* ---- errors ---- */

static void add_warning(storage *s, const xmlError *err) {
    if (err == NULL) return;
    s->warning_total++;
    if (s->warning_count >= MAX_WARNINGS || s->oom) return;
    if (s->warning_count == s->warning_cap) {
        int32_t cap = s->warning_cap ? s->warning_cap * 2 : 16;
        const char **w = realloc(s->warnings, (size_t)cap * sizeof(*w));
        if (w == NULL) {
            s->oom = 1;
            return;
        }
        s->warnings = w;
        s->warning_cap = cap;
    }
    const char *msg = err->message ? err->message : "unknown error";
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) len--;
    char line[32] = "";
    if (err->line > 0) snprintf(line, sizeof line, "line %d: ", err->line);
    size_t prefix = strlen(line);
    char *text = arena_alloc(s, prefix + len + 1);
    if (text == NULL) return;
    memcpy(text, line, prefix);
    memcpy(text + prefix, msg, len);
    text[prefix + len] = 0;
    s->warnings[s->warning_count++] = text;
}

/* Parser errors arrive with the parser context as user data (SAX2 needs it). */
static void on_parser_error(void *data, xmlErrorPtr err) {
    xmlParserCtxtPtr ctxt = data;
    if (ctxt != NULL && ctxt->_private != NULL) add_warning(ctxt->_private, err);
}

/* libxml2 hands XPath errors to a context's handler with a code but no text. */
static const char *const xpath_messages[] = {
    "ok", "number encoding", "unfinished literal", "start of literal", "expected $ for variable reference",
    "undefined variable", "invalid predicate", "invalid expression", "missing closing curly brace",
    "unregistered function", "invalid operand", "invalid type", "invalid number of arguments",
    "invalid context size", "invalid context position", "memory allocation error", "syntax error",
    "resource error", "sub resource error", "undefined namespace prefix", "encoding error",
    "char out of XML range", "invalid or incomplete context", "stack usage error",
    "forbidden variable", "operation limit exceeded", "recursion limit exceeded",
};

/* Keeps the first XPath error of the expression being evaluated (and off stderr). */
typedef struct xpath_errors {
    storage *s;
    const char *message;
} xpath_errors;

static void on_xpath_error(void *data, xmlErrorPtr err) {
    xpath_errors *e = data;
    if (e->message != NULL || err == NULL) return;
    int code = err->code - XML_XPATH_EXPRESSION_OK;
    int count = (int)(sizeof xpath_messages / sizeof *xpath_messages);
    const char *what = code >= 0 && code < count ? xpath_messages[code] : "XPath error";
    char text[128];
    snprintf(text, sizeof text, "%s at offset %d", what, err->int1);
    e->message = arena_strdup(e->s, text);
}

/* ---- flattening ---- */

static int32_t add_node(storage *s, int32_t kind, int32_t parent) {
    if (s->oom) return -1;
    if (s->node_count == INT32_MAX) {
        s->truncated = 1;
        return -1;
    }
    if (s->node_count == s->node_cap) {
        int64_t cap = s->node_cap ? (int64_t)s->node_cap * 2 : 256;
        if (cap > INT32_MAX) cap = INT32_MAX;
        pt_xml_node *n = realloc(s->nodes, (size_t)cap * sizeof(*n));
        if (n == NULL) {
            s->oom = 1;
            return -1;
        }
        s->nodes = n;
        s->node_cap = (int32_t)cap;
    }
    pt_xml_node *n = &s->nodes[s->node_count];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->parent = parent;
    return s->node_count++;
}

/* Entity-derived text counts against the budget; 0 when it is exhausted. */
static int charge(storage *s, int depth, size_t len) {
    if (depth == 0) return 1;
    if (len > s->entity_budget) {
        s->entity_budget = 0;
        s->truncated = 1;
        return 0;
    }
    s->entity_budget -= len;
    return 1;
}

static xmlEntityPtr followable_entity(storage *s, xmlNodePtr ref, int depth) {
    xmlEntityPtr ent = (xmlEntityPtr)ref->children;
    if (ent == NULL || ent->type != XML_ENTITY_DECL) return NULL;
    if (ent->etype != XML_INTERNAL_GENERAL_ENTITY) return NULL;
    if (depth >= MAX_ENTITY_DEPTH || s->entity_budget == 0) {
        s->truncated = 1;
        return NULL;
    }
    return ent;
}

/* Text of an attribute's children (or any text/entity-ref list), bounded. */
static int collect_text(storage *s, sbuf *out, xmlNodePtr list, int depth) {
    for (xmlNodePtr n = list; n != NULL; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content == NULL) continue;
            size_t len = strlen((const char *)n->content);
            if (!charge(s, depth, len)) return 0;
            if (sbuf_append(out, (const char *)n->content, len) != 0) return -1;
        } else if (n->type == XML_ENTITY_REF_NODE) {
            xmlEntityPtr ent = followable_entity(s, n, depth);
            if (ent == NULL) continue;
            if (collect_text(s, out, ent->children, depth + 1) < 0) return -1;
        }
    }
    return 0;
}

static const char *bounded_text(storage *s, xmlNodePtr list) {
    sbuf b = {0};
    if (collect_text(s, &b, list, 0) < 0) {
        free(b.data);
        s->oom = 1;
        return NULL;
    }
    const char *r = arena_strndup(s, b.data ? b.data : "", b.len);
    free(b.data);
    return r;
}

static void fill_element(storage *s, int32_t idx, xmlNodePtr el, int html) {
    pt_xml_node *n = &s->nodes[idx];
    n->name = arena_strdup(s, (const char *)el->name);
    if (!html && el->ns != NULL) n->ns = arena_strdup(s, (const char *)el->ns->href);
    long line = xmlGetLineNo(el);
    n->line = line > 0 && line < INT32_MAX ? (int32_t)line : 0;
    int32_t count = 0;
    for (xmlAttrPtr a = el->properties; a != NULL; a = a->next) count++;
    if (count == 0) return;
    const char **attrs = arena_alloc(s, sizeof(char *) * 2 * (size_t)count);
    if (attrs == NULL) return;
    int32_t i = 0;
    for (xmlAttrPtr a = el->properties; a != NULL && i < count; a = a->next, i++) {
        if (!html && a->ns != NULL && a->ns->prefix != NULL) {
            size_t p = strlen((const char *)a->ns->prefix), l = strlen((const char *)a->name);
            char *name = arena_alloc(s, p + l + 2);
            if (name == NULL) return;
            memcpy(name, a->ns->prefix, p);
            name[p] = ':';
            memcpy(name + p + 1, a->name, l + 1);
            attrs[2 * i] = name;
        } else {
            attrs[2 * i] = arena_strdup(s, (const char *)a->name);
        }
        attrs[2 * i + 1] = bounded_text(s, a->children);
        if (attrs[2 * i] == NULL || attrs[2 * i + 1] == NULL) return;
    }
    n->attrs = attrs;
    n->attr_count = count;
}

typedef struct frame {
    xmlNodePtr next;
    int32_t parent;
    int32_t depth;
} frame;

/* Depth-first walk without recursion, so deep documents cannot exhaust the stack. */
static void flatten(storage *s, xmlDocPtr doc, int html) {
    size_t cap = 64, top = 0;
    frame *stack = malloc(cap * sizeof(frame));
    if (stack == NULL) {
        s->oom = 1;
        return;
    }
    stack[top++] = (frame){doc->children, -1, 0};
    while (top > 0 && !s->oom) {
        frame *f = &stack[top - 1];
        xmlNodePtr cur = f->next;
        if (cur == NULL) {
            top--;
            continue;
        }
        f->next = cur->next;
        int32_t parent = f->parent, depth = f->depth;
        xmlNodePtr push = NULL;
        int32_t push_parent = parent, push_depth = depth;
        switch (cur->type) {
        case XML_ELEMENT_NODE: {
            if (!charge(s, depth, 64)) break;
            int32_t idx = add_node(s, PT_XML_ELEMENT, parent);
            if (idx < 0) break;
            fill_element(s, idx, cur, html);
            cur->_private = (void *)(intptr_t)(idx + 1);
            push = cur->children;
            push_parent = idx;
            break;
        }
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE: {
            if (cur->content == NULL || parent < 0) break;
            size_t len = strlen((const char *)cur->content);
            if (!charge(s, depth, len)) break;
            int32_t idx = add_node(s, PT_XML_TEXT, parent);
            if (idx < 0) break;
            s->nodes[idx].text = arena_strndup(s, (const char *)cur->content, len);
            cur->_private = (void *)(intptr_t)(idx + 1);
            break;
        }
        case XML_ENTITY_REF_NODE: {
            xmlEntityPtr ent = followable_entity(s, cur, depth);
            if (ent != NULL) {
                push = ent->children;
                push_depth = depth + 1;
            }
            break;
        }
        default:
            break;
        }
        if (push != NULL) {
            if (top == cap) {
                frame *grown = realloc(stack, cap * 2 * sizeof(frame));
                if (grown == NULL) {
                    s->oom = 1;
                    break;
                }
                stack = grown;
                cap *= 2;
            }
            stack[top++] = (frame){push, push_parent, push_depth};
        }
    }
    free(stack);
}

/* ---- XPath ---- */

static void evaluate(storage *s, xmlDocPtr doc, const char *const *xpaths, int32_t count,
                     const char *const *namespaces, int32_t namespace_count) {
    s->selections = arena_alloc(s, sizeof(pt_xml_selection) * (size_t)count);
    if (s->selections == NULL) return;
    memset(s->selections, 0, sizeof(pt_xml_selection) * (size_t)count);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (ctx == NULL) {
        s->oom = 1;
        return;
    }
    xpath_errors errors = {s, NULL};
    ctx->error = on_xpath_error;
    ctx->userData = &errors;
    for (int32_t i = 0; i + 1 < 2 * namespace_count; i += 2)
        xmlXPathRegisterNs(ctx, (const xmlChar *)namespaces[i], (const xmlChar *)namespaces[i + 1]);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (int32_t i = 0; i < count && !s->oom; i++) {
        pt_xml_selection *sel = &s->selections[i];
        errors.message = NULL;
        xmlXPathObjectPtr obj = xmlXPathEval((const xmlChar *)xpaths[i], ctx);
        if (obj == NULL) {
            sel->error = errors.message ? errors.message : "invalid XPath expression";
            continue;
        }
        pt_xml_match *matches = NULL;
        int32_t n = 0;
        if (obj->type == XPATH_NODESET) {
            int32_t total = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
            matches = total > 0 ? arena_alloc(s, sizeof(pt_xml_match) * (size_t)total) : NULL;
            for (int32_t j = 0; j < total && matches != NULL; j++) {
                xmlNodePtr node = obj->nodesetval->nodeTab[j];
                if (node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE) node = root;
                if (node == NULL) continue;
                pt_xml_match m = {-1, NULL};
                switch (node->type) {
                case XML_ELEMENT_NODE:
                case XML_TEXT_NODE:
                case XML_CDATA_SECTION_NODE:
                    if (node->_private == NULL) continue;
                    m.node = (int32_t)((intptr_t)node->_private - 1);
                    break;
                case XML_ATTRIBUTE_NODE:
                    m.value = bounded_text(s, node->children);
                    break;
                case XML_COMMENT_NODE:
                case XML_PI_NODE:
                    m.value = arena_strdup(s, node->content ? (const char *)node->content : "");
                    break;
                default:
                    continue;
                }
                if (m.node < 0 && m.value == NULL) continue;
                matches[n++] = m;
            }
        } else {
            xmlChar *str = xmlXPathCastToString(obj);
            if (str != NULL) {
                matches = arena_alloc(s, sizeof(pt_xml_match));
                if (matches != NULL) {
                    matches[0] = (pt_xml_match){-1, arena_strdup(s, (const char *)str)};
                    n = matches[0].value ? 1 : 0;
                }
                xmlFree(str);
            } else {
                s->oom = 1;
            }
        }
        sel->matches = matches;
        sel->count = n;
        xmlXPathFreeObject(obj);
    }
    xmlXPathFreeContext(ctx);
}

/* ---- entry points ---- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_library(void) { xmlInitParser(); }

int32_t pt_xml_parse(const char *text, int64_t length, int32_t mode,
                     const char *const *xpaths, int32_t xpath_count,
                     const char *const *namespaces, int32_t namespace_count,
                     pt_xml_result *out) {
    memset(out, 0, sizeof(*out));
    storage *s = calloc(1, sizeof(storage));
    if (s == NULL) return -1;
    out->storage = s;
    if (length < 0 || length > INT_MAX || (length > 0 && text == NULL)) return -1;
    s->entity_budget = (size_t)length * 10 + (1u << 20);
    pthread_once(&init_once, init_library);

    int html = mode == PT_XML_MODE_HTML;
    xmlParserCtxtPtr ctxt = html ? htmlNewParserCtxt() : xmlNewParserCtxt();
    if (ctxt == NULL) return -1;
    ctxt->_private = s;
    ctxt->sax->serror = on_parser_error;
    /* the structured handler is only consulted on SAX2-initialised handlers */
    ctxt->sax->initialized = XML_SAX2_MAGIC;

    xmlDocPtr doc = NULL;
    if (length > 0) {
        if (html) {
            /* HUGE lifts the 256-element nesting limit past which the HTML
               parser drops the rest of the page; real pages (table layouts,
               broken CMS output) nest that deep. HTML has no entity
               declarations, so this opens no entity expansion. */
            int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                          HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT |
                          XML_PARSE_HUGE;
            doc = htmlCtxtReadMemory(ctxt, text, (int)length, NULL, "UTF-8", options);
        } else {
            /* no NOENT, DTDLOAD, DTDATTR or HUGE: external entities and DTDs stay
               unloaded, and libxml2's entity amplification limits apply */
            int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                          XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA |
                          XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;
            doc = xmlCtxtReadMemory(ctxt, text, (int)length, NULL, "UTF-8", options);
        }
    }
    if (html) htmlFreeParserCtxt(ctxt);
    else xmlFreeParserCtxt(ctxt);

    if (doc != NULL) {
        out->parsed = 1;
        flatten(s, doc, html);
        /* XPath string values expand entities without limit: not past the budget */
        if (xpath_count > 0 && !s->oom && !s->truncated)
            evaluate(s, doc, xpaths, xpath_count, namespaces, namespace_count);
        xmlFreeDoc(doc);
    }

    out->truncated = s->truncated;
    out->node_count = s->node_count;
    out->nodes = s->nodes;
    out->warning_count = s->warning_count;
    out->warning_total = s->warning_total;
    out->warnings = s->warnings;
    out->selection_count = s->selections ? xpath_count : 0;
    out->selections = s->selections;
    return s->oom ? -1 : 0;
}

void pt_xml_result_free(pt_xml_result *result) {
    if (result == NULL || result->storage == NULL) return;
    storage *s = result->storage;
    for (block *b = s->blocks; b != NULL;) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(s->nodes);
    free(s->warnings);
    free(s);
    memset(result, 0, sizeof(*result));
}
