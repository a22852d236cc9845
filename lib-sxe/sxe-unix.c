/* sxe-unix.c: the table of unix-domain socket paths.
 *
 * Objects do not carry a sockaddr_un (110 bytes) each: a unix object keeps the number of an entry of this table in
 * its unix_path byte. An entry is reference counted: objects created on the same path share it, and connections
 * accepted by a unix listener share the listener's (their peer address is the listener's path). At most
 * SXE_UNIX_PATHS_MAXIMUM distinct paths are in use at once; an entry is free again when its last user is released.
 * Lookups compare strings over at most SXE_UNIX_PATHS_MAXIMUM entries: only at creation and connect, never per read.
 */
#define SXE_LOG_COMPONENT "sxe"

#include <string.h>

#include "sxe-private.h"

_Static_assert(SXE_UNIX_PATHS_MAXIMUM < 256, "entries are numbered in an unsigned char");

unsigned char sxe_unix_path_get(const char *path)
{
    unsigned free_entry = 0;

    for (unsigned i = 0; i < SXE_UNIX_PATHS_MAXIMUM; i++) {
        if (sxe_globals.unix_paths[i].users > 0 && strcmp(sxe_globals.unix_paths[i].path, path) == 0) {
            sxe_globals.unix_paths[i].users++;
            return (unsigned char)(i + 1);
        }

        if (free_entry == 0 && sxe_globals.unix_paths[i].users == 0) {
            free_entry = i + 1;
        }
    }

    if (free_entry != 0) {
        sxe_globals.unix_paths[free_entry - 1].users = 1;
        strcpy(sxe_globals.unix_paths[free_entry - 1].path, path); /* the caller checked the length */
    }

    return (unsigned char)free_entry;
}

unsigned char sxe_unix_path_ref(unsigned char entry)
{
    if (entry != 0) {
        SXEA1(entry <= SXE_UNIX_PATHS_MAXIMUM && sxe_globals.unix_paths[entry - 1].users > 0,
              "unix path %u is not in use", entry);
        sxe_globals.unix_paths[entry - 1].users++;
    }

    return entry;
}

void sxe_unix_path_put(unsigned char entry)
{
    if (entry != 0) {
        SXEA1(entry <= SXE_UNIX_PATHS_MAXIMUM && sxe_globals.unix_paths[entry - 1].users > 0,
              "unix path %u is not in use", entry);
        sxe_globals.unix_paths[entry - 1].users--;
    }
}

const char *sxe_unix_path(unsigned char entry)
{
    return entry == 0 ? "" : sxe_globals.unix_paths[entry - 1].path;
}

socklen_t sxe_unix_sockaddr(unsigned char entry, struct sockaddr_un *address)
{
    memset(address, 0, sizeof(*address));
    address->sun_family = AF_UNIX;
    strcpy(address->sun_path, sxe_unix_path(entry));
    return sizeof(*address);
}

void sxe_unix_paths_reset(void)
{
    memset(sxe_globals.unix_paths, 0, sizeof(sxe_globals.unix_paths));
}
