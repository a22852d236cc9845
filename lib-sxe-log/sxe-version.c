/* sxe-version.c: the version the library was built as (see sxe-version.h). */
#include "sxe-version.h"

const char *sxe_version(void)
{
    return SXE_VERSION_STRING;
}
