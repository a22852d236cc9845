/* sxe-socket.h: the classic SXE socket portability layer, for programs that include it by name. On Unix every call is
 * a thin wrapper of the system's. It also brings the socket headers the classic one gave: <arpa/inet.h> <errno.h>
 * <netdb.h> <netinet/in.h> <sys/socket.h>.
 */
#ifndef SXE_SOCKET_H
#define SXE_SOCKET_H

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sxe-log.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef SOMAXCONN
#define SOMAXCONN 5
#endif

typedef int SXE_SOCKET;
typedef socklen_t SXE_SOCKLEN_T;

#define SXE_SOCKET_INVALID        (-1)
#define SXE_SOCKET_ERROR(error)   error
#define SXE_SOCKET_ERROR_OCCURRED (-1)
#define SXE_SOCKET_MSG_NOSIGNAL   MSG_NOSIGNAL
#define CLOSESOCKET(sock)         close(sock)

static inline void sxe_socket_close(int sock)
{
    close(sock);
}

/* Nothing to do on Unix (classic: initialized Windows sockets). */
void sxe_socket_init(void);

/* Set (flag != 0) or clear O_NONBLOCK on `sock`. Returns 0, or -1 with errno (a bad descriptor). */
int sxe_socket_set_nonblock(int sock, int flag);

int sxe_socket_get_last_error(void);          /* errno */
void sxe_socket_set_last_error(int error);    /* errno = error */
char *sxe_socket_error_as_str(int error);     /* strerror(error) */
char *sxe_socket_get_last_error_as_str(void); /* strerror(errno) */

#ifdef __cplusplus
}
#endif

#endif
