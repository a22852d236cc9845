/* sxe-socket.c: the classic SXE socket portability layer (sxe-socket.h), on Unix. */
#define SXE_LOG_COMPONENT "sxe"

#include <fcntl.h>
#include <string.h>

#include "sxe-socket.h"

void sxe_socket_init(void) {}

int sxe_socket_set_nonblock(int sock, int flag)
{
    int flags = fcntl(sock, F_GETFL);

    if (flags < 0) {
        return -1;
    }

    return fcntl(sock, F_SETFL, flag ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) < 0 ? -1 : 0;
}

int sxe_socket_get_last_error(void)
{
    return errno;
}

void sxe_socket_set_last_error(int error)
{
    errno = error;
}

char *sxe_socket_error_as_str(int error)
{
    return strerror(error);
}

char *sxe_socket_get_last_error_as_str(void)
{
    return strerror(errno);
}
