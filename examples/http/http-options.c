/* http-options.c: the load generator's command line (the classic -i -p -n -c, a URL argument, more options,
 * -h/--help, --version) and the resolution of the server's name, once, before any connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "sxe-log.h"
#include "sxe-util.h"

#define HTTP_DEFAULT_IP          "127.0.0.1"
#define HTTP_DEFAULT_PORT        8000 /* where examples/httpd listens by default */
#define HTTP_DEFAULT_QUERIES     10
#define HTTP_DEFAULT_CONNECTIONS 100
#define HTTP_URL_PORT            80    /* the port of an http:// URL that names none */
#define HTTP_URL_PORT_TLS        443   /* ... of an https:// URL */
#define HTTP_OPTION_VERSION      0x100 /* getopt_long value of --version (no short form) */

void http_options_usage(FILE *out)
{
    fprintf(out,
            "usage: http -i IP -p PORT -n QUERIES_PER_CONNECTION -c CONNECTIONS [options]\n"
            "       http [options] http://HOST[:PORT][/PATH] | https://HOST[:PORT][/PATH]\n"
            "       http -h | --help | --version\n"
            "  -i HOST      server address: IPv4 or IPv6 literal, or a name resolved once at start (default %s)\n"
            "  -p PORT      server port (default %d)\n"
            "  URL          http[s]://HOST[:PORT][/PATH][?QUERY] instead of -i, -p and -u (HOST may be [IPv6]; the\n"
            "               port defaults to 80, 443 for https); https speaks TLS, sends HOST (SNI) and checks the\n"
            "               server's certificate for it\n"
            "  --insecure   https: go on whatever the server's certificate says (default: check it)\n"
            "  --cacert FILE  https: the authorities trusted, PEM (default: the system's)\n"
            "  --no-resume  https: a full handshake every time (default: resume the last session)\n"
            "  --tls-version V  https: only TLS V, 1.2 or 1.3 (default: either)\n"
            "  -n QUERIES   queries per connection (default %d)\n"
            "  -N TOTAL     queries in all, shared by the connections, instead of -n (default: -n per connection)\n"
            "  -c CONNS     connections, opened first with a ramp (default %d)\n"
            "  -u PATH      request path (default /)\n"
            "  -m METHOD    request method (default GET; POST when there is a body)\n"
            "  -H 'N: v'    add a request header, or replace the default one of that name (Host, User-Agent,\n"
            "               Connection, Content-Length); 'N:' with no value removes it (repeatable, at most %d;\n"
            "               default: Host and User-Agent: sxe-http/VERSION)\n"
            "  -b BODY      request body: this string, sent with its Content-Length (default: no body)\n"
            "  -B FILE      request body: the contents of FILE, at most %u bytes (default: no body)\n"
            "  -k           no keep-alive: a new connection per query (default: keep-alive)\n"
            "  -P DEPTH     pipeline DEPTH queries per connection (default 1, at most %d)\n"
            "  -d DURATION  run for this long instead of -n queries per connection: 30s, 2m, 1h, 500ms; a bare\n"
            "               number is seconds (default: -n)\n"
            "  -r RATE      constant total requests per second; latency from the intended send time\n"
            "               (default: as fast as responses allow)\n"
            "  -t DURATION  connect and response timeout (default %.0fs)\n"
            "  -W DURATION  warm-up: responses in this first part of the run are not measured (default 0s)\n"
            "  -S           any status is a success (default: a final status other than 2xx or 3xx is an error\n"
            "               and makes the exit status 1)\n"
            "  -j           print one JSON summary on stdout, the text summary then on stderr\n"
            "               (default: the text summary on stdout)\n"
            "  -q           no progress lines (default: one a second)\n"
            "  -s A-B       source addresses, e.g. 127.0.0.2-127.0.0.9 (IPv4), connections spread over them\n"
            "               (default: the kernel chooses)\n"
            "  -T WORKERS   worker processes sharing the connections (default 1, at most %d)\n"
            "  -h, --help   print this help on stdout and exit 0\n"
            "  --version    print the version on stdout and exit 0\n"
            "exit status: 0 every expected response arrived (and, without -S, was 2xx or 3xx), 1 something is missing\n"
            "or failed (the summary says what), 2 usage\n",
            HTTP_DEFAULT_IP, HTTP_DEFAULT_PORT, HTTP_DEFAULT_QUERIES, HTTP_DEFAULT_CONNECTIONS, HTTP_HEADERS_MAXIMUM,
            HTTP_BODY_MAXIMUM, HTTP_PIPELINE_MAXIMUM, HTTP_TIMEOUT_DEFAULT, HTTP_WORKERS_MAXIMUM);
}

/* Parses an unsigned decimal in [minimum, maximum]; returns false on anything else. */
static bool parse_unsigned(const char *text, unsigned minimum, unsigned maximum, unsigned *out)
{
    char *end;
    unsigned long value;

    errno = 0;
    value = strtoul(text, &end, 10);

    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value < minimum || value > maximum) {
        return false;
    }

    *out = (unsigned)value;
    return true;
}

static bool parse_total(const char *text, uint64_t *out)
{
    char *end;
    unsigned long long value;

    errno = 0;
    value = strtoull(text, &end, 10);

    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value < 1 || value > HTTP_TOTAL_MAXIMUM) {
        return false;
    }

    *out = value;
    return true;
}

/* Parses a rate in (minimum, maximum]. */
static bool parse_double(const char *text, double minimum, double maximum, double *out)
{
    char *end;
    double value;

    errno = 0;
    value = strtod(text, &end);

    if (errno != 0 || end == text || *end != '\0' || !(value > minimum) || value > maximum) {
        return false;
    }

    *out = value;
    return true;
}

/* Parses a duration: a number with a unit (ms, s, m, h) or without (seconds), into seconds in (minimum, maximum]. */
static bool parse_duration(const char *text, double minimum, double maximum, double *out)
{
    static const struct {
        const char *unit;
        double seconds;
    } units[] = {{"", 1}, {"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}};
    char *end;
    double value;

    errno = 0;
    value = strtod(text, &end);

    if (errno != 0 || end == text || text[0] == '-' || text[0] == '+' || strpbrk(text, "xXpPeEnNiI") != NULL) {
        return false; /* no hexadecimal, exponent, infinity or NaN: a plain decimal */
    }

    for (unsigned i = 0; i < SXE_ARRAY_SIZE(units); i++) {
        if (strcmp(end, units[i].unit) == 0) {
            value *= units[i].seconds;
            *out = value;
            return value > minimum && value <= maximum;
        }
    }

    return false;
}

/* Parses "A.B.C.D-E.F.G.H" into a first address and a count. */
static bool parse_source_range(const char *text, uint32_t *first, uint32_t *count)
{
    char low[INET_ADDRSTRLEN];
    const char *dash = strchr(text, '-');
    struct in_addr a;
    struct in_addr b;

    if (dash == NULL || (size_t)(dash - text) >= sizeof(low)) {
        return false;
    }

    memcpy(low, text, (size_t)(dash - text));
    low[dash - text] = '\0';

    if (inet_pton(AF_INET, low, &a) != 1 || inet_pton(AF_INET, dash + 1, &b) != 1 ||
        ntohl(b.s_addr) < ntohl(a.s_addr) || ntohl(b.s_addr) - ntohl(a.s_addr) >= HTTP_SOURCE_IPS_MAXIMUM) {
        return false;
    }

    *first = ntohl(a.s_addr);
    *count = ntohl(b.s_addr) - ntohl(a.s_addr) + 1;
    return true;
}

static bool valid_token(const char *text)
{
    const char *p;

    for (p = text; *p != '\0'; p++) {
        if (*p <= ' ' || *p >= 0x7f || strchr("()<>@,;:\\\"/[]?={}", *p) != NULL) {
            return false;
        }
    }

    return p != text;
}

/* A server: an IPv4 or IPv6 literal, or a host name (letters, digits, '-', '.', '_'; resolved at start). */
static bool valid_host(const char *text)
{
    struct in6_addr address;

    if (inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1) {
        return true;
    }

    return text[0] != '\0' && text[0] != '-' && strlen(text) < HTTP_HOST_MAXIMUM - 8 &&
           strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._") == strlen(text);
}

/* A header must look like "Name: value" with a token for a name and no CR or LF anywhere (they would forge lines). */
static bool valid_header(const char *text)
{
    const char *colon = strchr(text, ':');
    char name[128];

    if (colon == NULL || colon == text || (size_t)(colon - text) >= sizeof(name) || strpbrk(text, "\r\n") != NULL) {
        return false;
    }

    memcpy(name, text, (size_t)(colon - text));
    name[colon - text] = '\0';
    return valid_token(name);
}

/* The -H header named `name` (case-insensitive), or NULL. */
static const char *header_given(const HTTP_OPTIONS *options, const char *name)
{
    size_t length = strlen(name);

    for (unsigned i = 0; i < options->header_count; i++) {
        if (strncasecmp(options->headers[i], name, length) == 0 && options->headers[i][length] == ':') {
            return options->headers[i];
        }
    }

    return NULL;
}

/* Reads -B FILE into a buffer allocated once (the request is built from it at start). */
static bool read_body_file(HTTP_OPTIONS *options, const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    struct stat st;
    char *body = NULL;
    size_t length = 0;
    ssize_t got = 1;

    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "http: -B %s: %s\n", file, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    if (!S_ISREG(st.st_mode) || st.st_size > HTTP_BODY_MAXIMUM || (body = malloc((size_t)st.st_size + 1)) == NULL) {
        fprintf(stderr, "http: -B %s: not a regular file of at most %u bytes\n", file, HTTP_BODY_MAXIMUM);
        goto SXE_ERROR_OUT;
    }

    while (length < (size_t)st.st_size && (got = read(fd, body + length, (size_t)st.st_size - length)) > 0) {
        length += (size_t)got;
    }

    if (got < 0) {
        fprintf(stderr, "http: -B %s: %s\n", file, strerror(errno));
        goto SXE_ERROR_OUT;
    }

    close(fd);
    free((void *)options->body);
    options->body = body;
    options->body_len = length;
    return true;

SXE_EARLY_OR_ERROR_OUT:
    if (fd >= 0) {
        close(fd);
    }

    free(body);
    return false;
}

static void options_default(HTTP_OPTIONS *options)
{
    memset(options, 0, sizeof(*options));
    options->ip = HTTP_DEFAULT_IP;
    options->port = HTTP_DEFAULT_PORT;
    options->queries = HTTP_DEFAULT_QUERIES;
    options->connections = HTTP_DEFAULT_CONNECTIONS;
    options->path = "/";
    options->method = "GET";
    options->pipeline = 1;
    options->timeout = HTTP_TIMEOUT_DEFAULT;
    options->workers = 1;
}

static bool parse_one(HTTP_OPTIONS *options, int option, const char *arg)
{
    unsigned port;

    switch (option) {
        case 'i':
            options->ip = arg;
            return valid_host(arg);
        case 'p':
            return parse_unsigned(arg, 1, 65535, &port) && ((options->port = (int)port), true);
        case 'n':
            options->queries_set = true;
            return parse_unsigned(arg, 1, 1000000000, &options->queries);
        case 'N':
            return parse_total(arg, &options->total);
        case 'c':
            return parse_unsigned(arg, 1, HTTP_CONNECTIONS_MAXIMUM, &options->connections);
        case 'u':
            options->path = arg;
            return arg[0] == '/' && strpbrk(arg, " \r\n") == NULL;
        case 'm':
            options->method = arg;
            options->method_set = true;
            return valid_token(arg);
        case 'k':
            options->no_keep_alive = true;
            return true;
        case 'P':
            return parse_unsigned(arg, 1, HTTP_PIPELINE_MAXIMUM, &options->pipeline);
        case 'd':
            return parse_duration(arg, 0.0, 1e7, &options->duration);
        case 'r':
            return parse_double(arg, 0.0, 1e9, &options->rate);
        case 't':
            return parse_duration(arg, 0.0, 1e6, &options->timeout);
        case 'W':
            return parse_duration(arg, -1.0, 1e7, &options->warmup);
        case 'S':
            options->any_status = true;
            return true;
        case 'b':
            free((void *)options->body);
            options->body_len = strlen(arg);
            return (options->body = strdup(arg)) != NULL && options->body_len <= HTTP_BODY_MAXIMUM;
        case 'B':
            return read_body_file(options, arg);
        case 'j':
            options->json = true;
            return true;
        case 'q':
            options->quiet = true;
            return true;
        case 's':
            return parse_source_range(arg, &options->source_first, &options->source_count);
        case 'T':
            return parse_unsigned(arg, 1, HTTP_WORKERS_MAXIMUM, &options->workers);
        case 'H':
            if (options->header_count >= HTTP_HEADERS_MAXIMUM || !valid_header(arg)) {
                return false;
            }

            options->headers[options->header_count++] = arg;
            return true;
        default:
            return false;
    }
}

/* http[s]://HOST[:PORT][/PATH][?QUERY][#FRAGMENT]: sets ip, port, path and the Host header; https also TLS, with
 * HOST as the name sent (SNI) and checked in the server's certificate. False after saying why.
 */
static bool parse_url(HTTP_OPTIONS *options, const char *url)
{
    static char host[HTTP_HOST_MAXIMUM];
    static char path[HTTP_REQUEST_MAXIMUM];
    bool tls = strncasecmp(url, "https://", 8) == 0;
    const char *authority = url + (tls ? 8 : 7);
    const char *end = authority + strcspn(authority, "/?#");
    const char *colon;
    const char *host_end;
    unsigned port = tls ? HTTP_URL_PORT_TLS : HTTP_URL_PORT;

    if ((!tls && strncasecmp(url, "http://", 7) != 0) || end == authority ||
        (size_t)(end - authority) >= sizeof(host) || memchr(authority, '@', (size_t)(end - authority)) != NULL) {
        fprintf(stderr, "http: '%s' is not a URL of the form http[s]://HOST[:PORT][/PATH]\n", url);
        return false;
    }

    if (authority[0] == '[') { /* [IPv6] */
        host_end = memchr(authority, ']', (size_t)(end - authority));
        colon = host_end != NULL && host_end + 1 < end && host_end[1] == ':' ? host_end + 1 : NULL;

        if (host_end == NULL || (host_end + 1 != end && colon == NULL)) {
            fprintf(stderr, "http: %s: a bracketed IPv6 address must end with ']' (then :PORT, or the path)\n", url);
            return false;
        }

        snprintf(host, sizeof(host), "%.*s", (int)(host_end - authority - 1), authority + 1);
    } else {
        colon = memchr(authority, ':', (size_t)(end - authority));
        host_end = colon != NULL ? colon : end;
        snprintf(host, sizeof(host), "%.*s", (int)(host_end - authority), authority);
    }

    if (colon != NULL) {
        char text[8];

        snprintf(text, sizeof(text), "%.*s", (int)(end - colon - 1), colon + 1);

        if ((size_t)(end - colon - 1) >= sizeof(text) || !parse_unsigned(text, 1, 65535, &port)) {
            fprintf(stderr, "http: %s: the port must be a number from 1 to 65535\n", url);
            return false;
        }
    }

    if (!valid_host(host) || (authority[0] == '[' && strchr(host, ':') == NULL)) {
        fprintf(stderr, "http: %s: '%s' is not a host name or an IP address\n", url, host);
        return false;
    }

    options->ip = host;
    options->port = (int)port;
    options->tls.enabled = tls;
    options->tls.host = host;
    snprintf(path, sizeof(path), "%s%.*s", *end == '/' ? "" : "/", (int)strcspn(end, "#"), end); /* no fragment */
    options->path = path;
    snprintf(options->host, sizeof(options->host), "%.*s", (int)(end - authority), authority);

    if (strpbrk(path, " \r\n") != NULL) {
        fprintf(stderr, "http: %s: the path has a space or a line break\n", url);
        return false;
    }

    return true;
}

/* What may not be combined, and what a body or a replaced header implies. False after saying why. */
static bool options_check(HTTP_OPTIONS *options, bool server_given)
{
    const char *length = header_given(options, "Content-Length");

    if (options->url != NULL && server_given) {
        fprintf(stderr, "http: give the server either as a URL or with -i, -p and -u, not both\n");
        return false;
    }

    if (!options->tls.enabled &&
        (options->tls.insecure || options->tls.cacert != NULL || options->tls.no_resume || options->tls.version != 0)) {
        fprintf(stderr, "http: --insecure, --cacert, --no-resume and --tls-version need an https:// URL\n");
        return false;
    }

    if (options->total > 0 && (options->queries_set || options->duration > 0)) {
        fprintf(stderr, "http: -N (queries in all) excludes -n (queries per connection) and -d (a duration)\n");
        return false;
    }

    if (options->workers > options->connections) {
        fprintf(stderr, "http: -T %u needs at least as many connections (-c %u)\n", options->workers,
                options->connections);
        return false;
    }

    if (header_given(options, "Transfer-Encoding") != NULL) {
        fprintf(stderr, "http: -H Transfer-Encoding: the body is sent with its Content-Length, never chunked\n");
        return false;
    }

    if (length != NULL && strtoull(length + 15, NULL, 10) != options->body_len) {
        fprintf(stderr,
                "http: -H '%s' does not match the body (%zu bytes%s): the server would wait for bytes that "
                "never come, or read the rest as a request\n",
                length, options->body_len, options->body == NULL ? ", none given with -b or -B" : "");
        return false;
    }

    if (options->body != NULL && !options->method_set) {
        options->method = "POST";
    }

    if (options->url == NULL) {
        snprintf(options->host, sizeof(options->host), strchr(options->ip, ':') != NULL ? "[%s]:%d" : "%s:%d",
                 options->ip, options->port);
    }

    return true;
}

int http_options_parse(HTTP_OPTIONS *options, int argc, char **argv)
{
    static const struct option long_options[] = {{"help", no_argument, NULL, 'h'},
                                                 {"version", no_argument, NULL, HTTP_OPTION_VERSION},
                                                 {"insecure", no_argument, NULL, HTTP_OPTION_TLS + 'i'},
                                                 {"cacert", required_argument, NULL, HTTP_OPTION_TLS + 'c'},
                                                 {"no-resume", no_argument, NULL, HTTP_OPTION_TLS + 'n'},
                                                 {"tls-version", required_argument, NULL, HTTP_OPTION_TLS + 'v'},
                                                 {NULL, 0, NULL, 0}};
    bool server_given = false;
    int option;
    int result = 2;

    options_default(options);

    if (argc < 2) {
        goto SXE_ERROR_OUT;
    }

    optind = 1;
    opterr = 1;

    while ((option = getopt_long(argc, argv, "i:p:n:N:c:u:H:m:kP:d:r:t:W:Sb:B:jqs:T:h", long_options, NULL)) != -1) {
        if (option == 'h') {
            http_options_usage(stdout);
            exit(0);
        }

        if (option == HTTP_OPTION_VERSION) {
            printf("sxe-http (libsxe) %s\n", sxe_version());
            exit(0);
        }

        if (option >= HTTP_OPTION_TLS && !http_tls_option(options, option, optarg)) {
            fprintf(stderr, "http: bad value for --%s: '%s'\n",
                    option == HTTP_OPTION_TLS + 'v' ? "tls-version" : "cacert", optarg != NULL ? optarg : "");
            goto SXE_ERROR_OUT;
        }

        server_given = server_given || option == 'i' || option == 'p' || option == 'u';

        if (option < HTTP_OPTION_TLS && !parse_one(options, option, optarg)) {
            if (option != '?' && option != 'B') {
                fprintf(stderr, "http: bad value for -%c: '%s'\n", option, optarg != NULL ? optarg : "");
            }

            goto SXE_ERROR_OUT;
        }
    }

    if (optind < argc && (options->url = argv[optind++]) != NULL && !parse_url(options, options->url)) {
        goto SXE_ERROR_OUT;
    }

    if (optind != argc) {
        fprintf(stderr, "http: unexpected argument '%s'\n", argv[optind]);
        goto SXE_ERROR_OUT;
    }

    if (!options_check(options, server_given)) {
        goto SXE_ERROR_OUT;
    }

    result = 0;

SXE_EARLY_OR_ERROR_OUT:
    if (result != 0) {
        http_options_usage(stderr);
    }

    return result;
}

/* A blocking connect to `address` within `seconds`: does a server accept there? */
static bool http_accepts(const struct addrinfo *address, double seconds)
{
    int fd = socket(address->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct pollfd out = {fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof(error);
    bool accepted;

    if (fd < 0) {
        return false;
    }

    accepted = connect(fd, address->ai_addr, address->ai_addrlen) == 0 ||
               (errno == EINPROGRESS && poll(&out, 1, (int)(seconds * 1000)) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0);
    close(fd);
    return accepted;
}

/* RFC 6761 (6.3): "localhost" and the names under ".localhost" are the loopback, also where nothing says so (a
 * minimal root or a container without /etc/hosts), as curl treats them. */
static bool http_is_localhost(const char *name)
{
    size_t length = strlen(name);

    return strcasecmp(name, "localhost") == 0 ||
           (length > sizeof(".localhost") - 1 &&
            strcasecmp(name + length - (sizeof(".localhost") - 1), ".localhost") == 0);
}

int http_resolve(HTTP_OPTIONS *options)
{
    struct addrinfo hints;
    struct addrinfo *found = NULL;
    const struct addrinfo *chosen;
    int error;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = options->source_count > 0 ? AF_INET : AF_UNSPEC; /* -s binds IPv4 source addresses */
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;

    if ((error = getaddrinfo(options->ip, NULL, &hints, &found)) != 0) { /* a name: DNS, /etc/hosts */
        hints.ai_flags = AI_ADDRCONFIG;
        found = NULL;
        error = getaddrinfo(options->ip, NULL, &hints, &found);
    }

    if (error != 0 && http_is_localhost(options->ip)) {
        hints.ai_flags = AI_NUMERICHOST;
        found = NULL;
        error = getaddrinfo("127.0.0.1", NULL, &hints, &found);
    }

    if (error != 0 || found == NULL) {
        fprintf(stderr, "http: cannot resolve '%s'%s: %s\n", options->ip,
                options->source_count > 0 ? " to an IPv4 address (-s)" : "",
                error == EAI_SYSTEM ? strerror(errno) : gai_strerror(error));
        return 1;
    }

    for (chosen = found; found->ai_next != NULL && chosen != NULL && !http_accepts(chosen, options->timeout);
         chosen = chosen->ai_next) {
    }

    chosen = chosen != NULL ? chosen : found; /* none accepts: the run reports the first one's errors */
    getnameinfo(chosen->ai_addr, chosen->ai_addrlen, options->address, sizeof(options->address), NULL, 0,
                NI_NUMERICHOST);

    if (strcmp(options->address, options->ip) != 0) {
        SXEL4("%s is %s", options->ip, options->address);
    }

    options->ip = options->address;
    freeaddrinfo(found);
    return 0;
}
