#ifndef POLICYTRACE_CXML_H
#define POLICYTRACE_CXML_H
#include <stdint.h>
/* Placeholder until the HTML/XML readers land. */
int32_t pt_xml_version(void);
#endif
