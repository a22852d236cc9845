/* sxe-connect.c: non-blocking connect, its completion, and its failures. */
#define SXE_LOG_COMPONENT "sxe"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>

#include "sxe-transport-private.h"

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24 /* Linux >= 4.2 (linux/in.h); older C libraries lack the name */
#endif

/* Peer address of a unix object: `path` or, when NULL, the path given at creation. The object's entry in the path
 * table becomes the peer's path (a unix client does not bind: its own path is not used).
 */
static SXE_RETURN sxe_unix_peer(SXE *this, const char *path)
{
    unsigned char entry;

    if (path != NULL && (path[0] == '\0' || strlen(path) > SXE_UNIX_PATH_MAXIMUM)) {
        SXEL3I("sxe_connect(): invalid unix socket path");
        return SXE_RETURN_ERROR_INVALID_ADDRESS;
    }

    if (path != NULL) {
        if ((entry = sxe_unix_path_get(path)) == 0) {
            SXEL3I("sxe_connect(): %u distinct unix paths are in use", SXE_UNIX_PATHS_MAXIMUM);
            return SXE_RETURN_ERROR_NOT_SUPPORTED;
        }

        sxe_unix_path_put(this->unix_path);
        this->unix_path = entry;
    }

    memset(&this->peer_addr, 0, sizeof(this->peer_addr));
    this->peer_addr.sa.sa_family = AF_UNIX;
    return SXE_RETURN_OK;
}

/* Errors that mean "this connection attempt failed" (reported through on_close) rather than a local problem. */
static bool sxe_is_connection_failure(int error)
{
    return error == ECONNREFUSED || error == ENETUNREACH || error == EHOSTUNREACH || error == ETIMEDOUT ||
           error == ECONNRESET || error == ENOENT || error == EAGAIN;
}

/* Return code of a client's failed bind(2) or connect(2). Out of ports: connect's EADDRNOTAVAIL (no free port for
 * the 4-tuple), and a port-0 bind's EADDRINUSE (no free port for the source address). Else the usual mapping (a
 * bind's EADDRNOTAVAIL is a source address that is not local: SXE_RETURN_ERROR_INVALID_ADDRESS).
 */
static SXE_RETURN sxe_client_errno_to_return(SXE *this, int error, bool is_connect)
{
    bool any_port = this->local_addr.in.sin_port == 0; /* same offset for IPv6 */

    if ((is_connect && error == EADDRNOTAVAIL) || (!is_connect && any_port && error == EADDRINUSE)) {
        return SXE_RETURN_ERROR_OUT_OF_PORTS;
    }

    return sxe_errno_to_return(error);
}

/* Bind a TCP client to its source address. With port 0, IP_BIND_ADDRESS_NO_PORT first (see sxe_connect() in sxe.h):
 * connect(2) then picks the port for the 4-tuple. A kernel that refuses the option is ignored. 0 or an errno.
 */
static int sxe_bind_client(SXE *this, int fd)
{
    int one = 1;

    if (this->local_addr.in.sin_port == 0 &&
        sxe_syscalls.setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one)) < 0) {
        SXEL6I("setsockopt(IP_BIND_ADDRESS_NO_PORT) failed: %s; the port is chosen at bind", strerror(errno));
    }

    return sxe_syscalls.bind(fd, &this->local_addr.sa, sxe_sockaddr_length(&this->local_addr)) < 0 ? errno : 0;
}

/* Create the client socket (TCP: TCP_NODELAY unless turned off, bound to the source address if any). On error the
 * errno is in sxe_globals.last_errno.
 */
static SXE_RETURN sxe_open_client_socket(SXE *this, int *fd_out)
{
    SXE_RETURN result = SXE_RETURN_OK;
    int one = 1;
    int error;
    int fd = sxe_syscalls.socket(this->peer_addr.sa.sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        sxe_globals.last_errno = errno;
        result = sxe_errno_to_return(sxe_globals.last_errno);
        SXEL3I("socket() failed: %s", strerror(sxe_globals.last_errno));
        goto SXE_ERROR_OUT;
    }

    if (this->kind == SXE_KIND_TCP) {
        if (!(this->flags & SXE_FLAG_NO_NODELAY)) {
            sxe_syscalls.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        }

        if (!(this->flags & SXE_FLAG_NO_BIND) && (error = sxe_bind_client(this, fd)) != 0) {
            sxe_globals.last_errno = error;
            result = sxe_client_errno_to_return(this, error, false);
            SXEL3I("bind() failed: %s (%s)", strerror(error), sxe_return_to_string(result));
            sxe_syscalls.close(fd);
            fd = -1;
        }
    }

SXE_EARLY_OR_ERROR_OUT:
    *fd_out = fd;
    return result;
}

SXE_RETURN
sxe_connect(SXE *this, const char *peer_ip, int peer_port)
{
    SXE_RETURN result;
    struct sockaddr_un unix_address;
    const struct sockaddr *address;
    socklen_t length;
    int fd = -1;
    int error;

    sxe_globals.last_errno = 0;

    if ((result = sxe_check_object(this, "sxe_connect")) != SXE_RETURN_OK) {
        return result;
    }

    SXEE6I("sxe_connect(peer_ip=%s, peer_port=%d)", peer_ip ? peer_ip : "NULL", peer_port);
    result = SXE_RETURN_ERROR_BAD_STATE;

    if (this->kind == SXE_KIND_UDP) {
        SXEL3I("sxe_connect(): object %u is a UDP object", this->id);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_ALREADY_CONNECTED;

    if (this->sock >= 0) {
        SXEL3I("sxe_connect(): object %u already has a socket (connecting, connected or listening)", this->id);
        goto SXE_ERROR_OUT;
    }

    result = this->kind == SXE_KIND_UNIX ? sxe_unix_peer(this, peer_ip)
                                         : sxe_parse_address(&this->peer_addr, peer_ip, peer_port);

    if (result != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    if (this->kind == SXE_KIND_TCP && !(this->flags & SXE_FLAG_NO_BIND) &&
        this->local_addr.sa.sa_family != this->peer_addr.sa.sa_family) {
        SXEL3I("sxe_connect(): local and peer addresses are of different families");
        result = SXE_RETURN_ERROR_INVALID_ADDRESS;
        goto SXE_ERROR_OUT;
    }

    if ((result = sxe_open_client_socket(this, &fd)) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    sxe_start_socket(this, fd);
    this->flags |= SXE_FLAG_CONNECTING;
    this->flags &= ~SXE_FLAG_LOCAL_PORT_KNOWN;

    address = sxe_socket_address(this, &this->peer_addr, &unix_address, &length);
    error = sxe_syscalls.connect(fd, address, length) == 0 ? 0 : errno;

    if (error == 0 || error == EINPROGRESS) {
        ev_io_start(sxe_loop(), &this->io_write);
        sxe_update_pool_state(this);
    } else if (sxe_is_connection_failure(error)) {
        SXEL6I("connect() failed at once: %s; reported through on_close", strerror(error));
        this->close_reason = sxe_errno_to_return(error);
        this->close_errno = error;
        this->flags |= SXE_FLAG_PENDING_FAIL;
        sxe_defer(&this->deferred, sxe_object_deferred, this);
    } else {
        sxe_globals.last_errno = error;
        result = sxe_client_errno_to_return(this, error, true);
        SXEL3I("connect() failed: %s (%s)", strerror(error), sxe_return_to_string(result));
        this->flags &= ~SXE_FLAG_CONNECTING;
        sxe_syscalls.close(fd);
        this->sock = -1;
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER6I("return %s", sxe_return_to_string(result));
    return result;
}

SXE_RETURN
sxe_connect_pipe(SXE *this)
{
    return sxe_connect(this, NULL, 0);
}

const struct sockaddr_in *sxe_construct_address(struct sockaddr_in *address_out, const char *ip, unsigned short port)
{
    if (address_out == NULL) {
        SXEL2("sxe_construct_address(NULL): nowhere to construct the address");
        return NULL;
    }

    memset(address_out, 0, sizeof(*address_out));
    address_out->sin_family = AF_INET;
    address_out->sin_port = htons(port);
    ip = ip == NULL || strcmp(ip, SXE_IP_ADDR_ANY) == 0 ? "0.0.0.0" : ip;

    if (inet_pton(AF_INET, ip, &address_out->sin_addr) != 1) {
        SXEL3("sxe_construct_address(ip=%s): not an IPv4 literal; the address is INADDR_NONE", ip);
        address_out->sin_addr.s_addr = htonl(INADDR_NONE);
    }

    return address_out;
}

/* The socket of a connecting object became writable: connected, or failed. */
void sxe_connect_complete(SXE *this)
{
    int error = 0;
    socklen_t len = sizeof(error);

    ev_io_stop(sxe_loop(), &this->io_write);
    this->flags &= ~SXE_FLAG_CONNECTING;

    if (sxe_syscalls.getsockopt(this->sock, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        error = errno;
    }

    if (error != 0) {
        SXEL6I("connect failed: %s", strerror(error));
        sxe_globals.counters.connect_failed++;
        sxe_close_from_peer(this, sxe_errno_to_return(error), error);
        return;
    }

    SXEL6I("connected");
    this->flags |= SXE_FLAG_CONNECTED;

    if (SXE_UNLIKELY(this->flags & SXE_FLAG_TRANSPORT)) { /* on_connected once the transport's handshake is done */
        this->flags |= SXE_FLAG_HANDSHAKE;
        sxe_update_pool_state(this); /* the connect timeout goes on */
        sxe_transport_of(this)->connected(this);
        return;
    }

    sxe_update_pool_state(this);
    sxe_update_read_watcher(this);

    if (this->on_connected != NULL) {
        this->on_connected(this);
    }
}
