/* sxe-syscalls.c: the system-call table every socket operation of lib-sxe goes through (see sxe-private.h). */
#define SXE_LOG_COMPONENT "sxe"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sxe-private.h"

static int sxe_open_reserve(void)
{
    return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static int sxe_bytes_waiting(int fd, int *bytes)
{
    return ioctl(fd, FIONREAD, bytes);
}

static int sxe_adopt_descriptor(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return -1;
    }

    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* One initializer for both: C (and clang) needs a constant expression, not a copy of another object. */
#define SXE_SYSCALLS_DEFAULT                                                                                           \
    {                                                                                                                  \
        .socket = socket, .bind = bind, .listen = listen, .accept4 = accept4, .connect = connect, .recv = recv,        \
        .recvfrom = recvfrom, .send = send, .sendto = sendto, .sendfile = sendfile, .sendmsg = sendmsg,                \
        .recvmsg = recvmsg, .socketpair = socketpair, .getpeername = getpeername, .bytes_waiting = sxe_bytes_waiting,  \
        .adopt_descriptor = sxe_adopt_descriptor, .setsockopt = setsockopt, .getsockopt = getsockopt,                  \
        .getsockname = getsockname, .close = close, .open_reserve = sxe_open_reserve, .shutdown = shutdown,                                  \
    }

static const SXE_SYSCALLS sxe_syscalls_default = SXE_SYSCALLS_DEFAULT;

SXE_SYSCALLS sxe_syscalls = SXE_SYSCALLS_DEFAULT;

void sxe_syscalls_restore(void)
{
    sxe_syscalls = sxe_syscalls_default;
}
