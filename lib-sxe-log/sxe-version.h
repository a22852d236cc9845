/* sxe-version.h: the libsxe version, for the compiler (macros) and at run time (sxe_version()).
 *
 * THE SINGLE SOURCE: the three numbers below are the only place the version is written. The Makefile reads them
 * from this file for libsxe.pc, the shared library's file name and its soname, and the tools print them with
 * --version. A release changes them here and nowhere else.
 *
 * VERSIONING follows semantic versioning (MAJOR.MINOR.PATCH). While MAJOR is 0, a MINOR release may change the API
 * and the ABI, and a PATCH release changes neither. So the shared library's soname carries MAJOR.MINOR while MAJOR
 * is 0 (libsxe.so.0.2: a program built against 0.2.x runs with any 0.2.y, never with 0.3), and MAJOR alone from
 * 1.0 on (libsxe.so.1). The file itself is libsxe.so.MAJOR.MINOR.PATCH, with the soname and libsxe.so linking to it.
 *
 * HEADERS AND LIBRARY: SXE_VERSION_STRING is the version of the headers a program was compiled with; sxe_version()
 * is the version of the library it runs with. They differ only when a program runs with a shared library other
 * than the one it was built against (the soname rule above keeps that to compatible ones).
 *
 * Included by sxe-util.h (and so by sxe-log.h, sxe.h): every libsxe program sees it.
 */
#ifndef SXE_VERSION_H
#define SXE_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define SXE_VERSION_MAJOR 0
#define SXE_VERSION_MINOR 2
#define SXE_VERSION_PATCH 0

/* A version as one integer that orders like versions do (MINOR and PATCH stay below 1000), for the preprocessor:
 * #if SXE_VERSION_NUMBER >= SXE_VERSION_ENCODE(0, 2, 0).
 */
#define SXE_VERSION_ENCODE(major, minor, patch) ((major)*1000000L + (minor)*1000L + (patch))

/* The headers' version as one such integer. */
#define SXE_VERSION_NUMBER SXE_VERSION_ENCODE(SXE_VERSION_MAJOR, SXE_VERSION_MINOR, SXE_VERSION_PATCH)

/* "MAJOR.MINOR.PATCH" of the headers, a string literal such as "1.4.2". */
#define SXE_VERSION_STRING SXE_VERSION_STRING_(SXE_VERSION_MAJOR, SXE_VERSION_MINOR, SXE_VERSION_PATCH)

/* Internal: expand the numbers, then make them one string literal. */
#define SXE_VERSION_STRING_(major, minor, patch) SXE_VERSION_QUOTE_(major, minor, patch)
#define SXE_VERSION_QUOTE_(major, minor, patch)  #major "." #minor "." #patch

/* Returns the version of the libsxe library the program runs with, "MAJOR.MINOR.PATCH" (a static string, never
 * NULL). Allocates nothing, never fails, may be called at any time (before any other libsxe call too).
 */
const char *sxe_version(void);

#ifdef __cplusplus
}
#endif

#endif
