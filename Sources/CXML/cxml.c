#include "cxml.h"
#include <libxml/xmlversion.h>
int32_t pt_xml_version(void) { return LIBXML_VERSION; }
