/* http-options.c: the load generator's command line (the classic -i -p -n -c, more options, -h/--help, --version). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "sxe-util.h"

#define HTTP_DEFAULT_IP          "127.0.0.1"
#define HTTP_DEFAULT_PORT        8000 /* where examples/httpd listens by default */
#define HTTP_DEFAULT_QUERIES     10
#define HTTP_DEFAULT_CONNECTIONS 100
#define HTTP_OPTION_VERSION      0x100 /* getopt_long value of --version (no short form) */

void http_options_usage(FILE *out)
{
    fprintf(out,
            "usage: http -i IP -p PORT -n QUERIES_PER_CONNECTION -c CONNECTIONS [options] [URL]\n"
            "       http -h | --help | --version\n"
            "  URL          http://HOST[:PORT][/PATH] or https://HOST[:PORT][/PATH] (TLS): sets -i (HOST resolved),\n"
            "               -p (default 80, 443) and -u; https sends HOST (SNI) and checks the server's certificate\n"
            "  --insecure   https: go on whatever the server's certificate says (default: check it)\n"
            "  --cacert FILE  https: the authorities trusted, PEM (default: the system's)\n"
            "  --no-resume  https: a full handshake every time (default: resume the last session)\n"
            "  --tls-version V  https: only TLS V, 1.2 or 1.3 (default: either)\n"
            "  -i IP        server address, IPv4 or IPv6 literal (default %s)\n"
            "  -p PORT      server port (default %d)\n"
            "  -n QUERIES   queries per connection (default %d)\n"
            "  -c CONNS     connections, opened first with a ramp (default %d)\n"
            "  -u PATH      request path (default /)\n"
            "  -H 'N: v'    add a request header (repeatable, at most %d; default none)\n"
            "  -m METHOD    request method (default GET)\n"
            "  -k           no keep-alive: a new connection per query (default: keep-alive)\n"
            "  -P DEPTH     pipeline DEPTH queries per connection (default 1, at most %d)\n"
            "  -d SECONDS   run for this long instead of -n queries per connection (default: -n)\n"
            "  -r RATE      constant total requests per second; latency from the intended send time\n"
            "               (default: as fast as responses allow)\n"
            "  -t SECONDS   connect and response timeout (default %.0f)\n"
            "  -W SECONDS   warm-up: responses in the first SECONDS are not measured (default 0)\n"
            "  -j           print one JSON summary on stdout, the text summary then on stderr\n"
            "               (default: the text summary on stdout)\n"
            "  -q           no progress lines (default: one a second)\n"
            "  -s A-B       source addresses, e.g. 127.0.0.2-127.0.0.9 (IPv4), connections spread over them\n"
            "               (default: the kernel chooses)\n"
            "  -T WORKERS   worker processes sharing the connections (default 1, at most %d)\n"
            "  -h, --help   print this help on stdout and exit 0\n"
            "  --version    print the version on stdout and exit 0\n"
            "exit status: 0 every expected response arrived, 1 something is missing (the summary says what), 2 usage\n",
            HTTP_DEFAULT_IP, HTTP_DEFAULT_PORT, HTTP_DEFAULT_QUERIES, HTTP_DEFAULT_CONNECTIONS, HTTP_HEADERS_MAXIMUM,
            HTTP_PIPELINE_MAXIMUM, HTTP_TIMEOUT_DEFAULT, HTTP_WORKERS_MAXIMUM);
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

/* Parses a number of seconds (or a rate) in (minimum, maximum]. */
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

/* An IPv4 or IPv6 literal (lib-sxe connects to literals; names are not resolved). */
static bool valid_ip(const char *text)
{
    struct in6_addr address;

    return inet_pton(AF_INET, text, &address) == 1 || inet_pton(AF_INET6, text, &address) == 1;
}

/* A header must look like "Name: value" with no CR or LF anywhere (they would forge extra lines). */
static bool valid_header(const char *text)
{
    const char *colon = strchr(text, ':');

    return colon != NULL && colon != text && strpbrk(text, "\r\n") == NULL;
}

/* The host of a URL as an address literal: a literal itself, else the first address the resolver gives. */
static bool resolve_host(const char *host, char *address, size_t size)
{
    struct addrinfo hints;
    struct addrinfo *found = NULL;
    bool ok;

    if (valid_ip(host)) { /* at most INET6_ADDRSTRLEN - 1 bytes */
        memcpy(address, host, strlen(host) + 1 <= size ? strlen(host) + 1 : 0);
        return strlen(host) + 1 <= size;
    }

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;

    if (getaddrinfo(host, NULL, &hints, &found) != 0 || found == NULL) {
        fprintf(stderr, "http: cannot resolve '%s'\n", host);
        return false;
    }

    ok = getnameinfo(found->ai_addr, found->ai_addrlen, address, (socklen_t)size, NULL, 0, NI_NUMERICHOST) == 0;
    freeaddrinfo(found);
    return ok;
}

/* http[s]://HOST[:PORT][/PATH] (HOST: a name, an IPv4 literal or [an IPv6 literal]): sets the address, the port, the
 * path and, for https, TLS with HOST as the name to send and check. false (said) for anything else.
 */
static bool parse_url(HTTP_OPTIONS *options, const char *url)
{
    static char host[256];
    static char address[INET6_ADDRSTRLEN];
    bool tls = strncmp(url, "https://", 8) == 0;
    const char *start = url + (tls ? 8 : 7);
    const char *end;
    unsigned port = tls ? 443 : 80;

    if (!tls && strncmp(url, "http://", 7) != 0) {
        return false;
    }

    end = *start == '[' ? strchr(start, ']') : start + strcspn(start, ":/");

    if (end == NULL || end == start || (size_t)(end - start) >= sizeof(host)) {
        fprintf(stderr, "http: bad host in '%s'\n", url);
        return false;
    }

    snprintf(host, sizeof(host), "%.*s", (int)(end - start - (*start == '[' ? 1 : 0)), start + (*start == '['));
    end += *start == '[' ? 1 : 0;

    if (*end == ':' && (sscanf(end + 1, "%u", &port) != 1 || port < 1 || port > 65535)) {
        fprintf(stderr, "http: bad port in '%s'\n", url);
        return false;
    }

    end += *end == ':' ? 1 + strspn(end + 1, "0123456789") : 0;

    if ((*end != '\0' && *end != '/') || strpbrk(end, " \r\n") != NULL || !resolve_host(host, address, sizeof(address))) {
        return false;
    }

    options->ip = address;
    options->port = (int)port;
    options->path = *end == '/' ? end : "/";
    options->tls.enabled = tls;
    options->tls.host = host;
    return true;
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
            return valid_ip(arg);
        case 'p':
            return parse_unsigned(arg, 1, 65535, &port) && ((options->port = (int)port), true);
        case 'n':
            return parse_unsigned(arg, 1, 1000000000, &options->queries);
        case 'c':
            return parse_unsigned(arg, 1, HTTP_CONNECTIONS_MAXIMUM, &options->connections);
        case 'u':
            options->path = arg;
            return arg[0] == '/' && strpbrk(arg, " \r\n") == NULL;
        case 'm':
            options->method = arg;
            return valid_token(arg);
        case 'k':
            options->no_keep_alive = true;
            return true;
        case 'P':
            return parse_unsigned(arg, 1, HTTP_PIPELINE_MAXIMUM, &options->pipeline);
        case 'd':
            return parse_double(arg, 0.0, 1e7, &options->duration);
        case 'r':
            return parse_double(arg, 0.0, 1e9, &options->rate);
        case 't':
            return parse_double(arg, 0.0, 1e6, &options->timeout);
        case 'W':
            return parse_double(arg, 0.0, 1e7, &options->warmup);
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

int http_options_parse(HTTP_OPTIONS *options, int argc, char **argv)
{
    static const struct option long_options[] = {{"help", no_argument, NULL, 'h'},
                                                 {"version", no_argument, NULL, HTTP_OPTION_VERSION},
                                                 {"insecure", no_argument, NULL, 'i' + 0x200},
                                                 {"cacert", required_argument, NULL, 'c' + 0x200},
                                                 {"no-resume", no_argument, NULL, 'n' + 0x200},
                                                 {"tls-version", required_argument, NULL, 'v' + 0x200},
                                                 {NULL, 0, NULL, 0}};
    int option;
    int result = 2;

    options_default(options);

    if (argc < 2) {
        goto SXE_ERROR_OUT;
    }

    optind = 1;
    opterr = 1;

    while ((option = getopt_long(argc, argv, "i:p:n:c:u:H:m:kP:d:r:t:W:jqs:T:h", long_options, NULL)) != -1) {
        if (option == 'h') {
            http_options_usage(stdout);
            exit(0);
        }

        if (option == HTTP_OPTION_VERSION) {
            printf("sxe-http (libsxe) %s\n", sxe_version());
            exit(0);
        }

        if (option >= 0x200 && !http_tls_option(options, option, optarg)) {
            fprintf(stderr, "http: bad value for --%s: '%s'\n", option == 'v' + 0x200 ? "tls-version" : "cacert",
                    optarg != NULL ? optarg : "");
            goto SXE_ERROR_OUT;
        }

        if (option < 0x200 && !parse_one(options, option, optarg)) {
            if (option != '?') {
                fprintf(stderr, "http: bad value for -%c: '%s'\n", option, optarg != NULL ? optarg : "");
            }

            goto SXE_ERROR_OUT;
        }
    }

    if (optind < argc && parse_url(options, argv[optind])) {
        optind++;
    }

    if (optind != argc) {
        fprintf(stderr, "http: unexpected argument '%s'\n", argv[optind]);
        goto SXE_ERROR_OUT;
    }

    if (options->workers > options->connections) {
        fprintf(stderr, "http: -T %u needs at least as many connections (-c %u)\n", options->workers,
                options->connections);
        goto SXE_ERROR_OUT;
    }

    result = 0;

SXE_EARLY_OR_ERROR_OUT:
    if (result != 0) {
        http_options_usage(stderr);
    }

    return result;
}
