#ifndef POLICYTRACE_CXML_H
#define POLICYTRACE_CXML_H

/*
 * libxml2 behind plain C types: parse HTML or XML (UTF-8 in, network and
 * external entities off), flatten the tree into an array of nodes, and
 * evaluate XPath expressions against it. Nothing of libxml2 (or of the ICU
 * headers it includes) is visible here.
 */

#include <stddef.h>
#include <stdint.h>

#define PT_XML_MODE_HTML 0
#define PT_XML_MODE_XML 1

#define PT_XML_ELEMENT 1
#define PT_XML_TEXT 2

/* One element or text node, in document order. Strings are UTF-8. */
typedef struct pt_xml_node {
    int32_t kind;              /* PT_XML_ELEMENT or PT_XML_TEXT */
    int32_t parent;            /* index of the parent element, -1 at the top */
    int32_t line;              /* source line, 0 when unknown */
    int32_t attr_count;
    const char *name;          /* element local name (lower case for HTML); NULL for text */
    const char *ns;            /* element namespace URI, or NULL */
    const char *text;          /* text content of a text node; NULL for elements */
    const char *const *attrs;  /* attr_count (name, value) pairs, names as written */
} pt_xml_node;

/* One XPath hit: a node of the flattened tree, or a string value
   (attributes, comments, string/number/boolean results). */
typedef struct pt_xml_match {
    int32_t node;              /* index into nodes, or -1 when value is set */
    const char *value;
} pt_xml_match;

typedef struct pt_xml_selection {
    int32_t count;
    const pt_xml_match *matches;
    const char *error;         /* non-NULL when the expression did not evaluate */
} pt_xml_selection;

typedef struct pt_xml_result {
    int32_t parsed;            /* 1 when libxml2 produced a tree */
    int32_t truncated;         /* 1 when entity expansion hit the size budget
                                  (the XPath expressions are then not evaluated) */
    int32_t node_count;
    const pt_xml_node *nodes;
    int32_t warning_count;     /* stored warnings, "line N: message" */
    int32_t warning_total;     /* all errors and warnings libxml2 reported */
    const char *const *warnings;
    int32_t selection_count;   /* one per XPath expression passed in */
    const pt_xml_selection *selections;
    void *storage;             /* owned; released by pt_xml_result_free */
} pt_xml_result;

/*
 * Parses `length` bytes of UTF-8 `text` as HTML (recovering from errors) or
 * XML (recovering; no DTD loading, no external entities, default size
 * limits), then evaluates `xpath_count` expressions with `namespace_count`
 * (prefix, URI) pairs registered. Safe to call from several threads at once.
 * Returns 0 on success, -1 when memory ran out; `out` must be released with
 * pt_xml_result_free either way.
 */
int32_t pt_xml_parse(const char *text, int64_t length, int32_t mode,
                     const char *const *xpaths, int32_t xpath_count,
                     const char *const *namespaces, int32_t namespace_count,
                     pt_xml_result *out);

void pt_xml_result_free(pt_xml_result *result);

#endif
