/* sxe-tls-certs.h: certificates made at test time, with OpenSSL's API, into a fresh directory: nothing is committed,
 * nothing expires by accident, and an expired certificate is expired on purpose.
 *
 * Header only (OpenSSL and libc): lib-sxe-tls's suites and the integration suites (test/) include it by its path.
 * sxe_tls_certs_make(dir) writes, all EC P-256 and signed with SHA-256:
 *   ca.pem                 the test authority (CN "libsxe test CA", 10 years)
 *   server.pem server.key  CN localhost, names localhost, 127.0.0.1 and ::1, by the test CA (10 years)
 *   other.pem other.key    CN other.example, name other.example, by the test CA (for SNI)
 *   expired.pem expired.key  like server, by the test CA, expired yesterday
 *   wrong.pem wrong.key    like server, by another authority nobody trusts
 *   client.pem client.key  CN libsxe test client, by the test CA (client certificates)
 */
#ifndef SXE_TLS_CERTS_H
#define SXE_TLS_CERTS_H

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SXE_TLS_CERTS_PATH_MAX 256

static inline bool sxe_tls_certs_extension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX context;
    X509_EXTENSION *extension;
    bool added;

    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, NULL, NULL, 0);

    if ((extension = X509V3_EXT_conf_nid(NULL, &context, nid, value)) == NULL) {
        return false;
    }

    added = X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

/* A certificate for `key`, named `cn` (and `names`, a subjectAltName value, when not NULL), valid from `from_days` to
 * `to_days` (days from now), signed by issuer/issuer_key (NULL: self-signed, a CA).
 */
static inline X509 *sxe_tls_certs_certificate(EVP_PKEY *key, const char *cn, const char *names, long from_days,
                                               long to_days, X509 *issuer, EVP_PKEY *issuer_key)
{
    static long serial = 1;
    X509 *cert = X509_new();
    X509_NAME *name = X509_get_subject_name(cert);
    bool ok = X509_set_version(cert, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(cert), from_days * 86400) != NULL &&
              X509_gmtime_adj(X509_getm_notAfter(cert), to_days * 86400) != NULL && X509_set_pubkey(cert, key) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0) == 1;

    ok = ok && X509_set_issuer_name(cert, issuer != NULL ? X509_get_subject_name(issuer) : name) == 1;
    ok = ok && sxe_tls_certs_extension(cert, issuer != NULL ? issuer : cert, NID_basic_constraints,
                                       issuer == NULL ? "critical,CA:TRUE" : "CA:FALSE");
    ok = ok && (names == NULL || sxe_tls_certs_extension(cert, issuer, NID_subject_alt_name, names));
    ok = ok && sxe_tls_certs_extension(cert, issuer != NULL ? issuer : cert, NID_subject_key_identifier, "hash");
    ok = ok && X509_sign(cert, issuer_key != NULL ? issuer_key : key, EVP_sha256()) != 0;

    if (!ok) {
        X509_free(cert);
        return NULL;
    }

    return cert;
}

static inline bool sxe_tls_certs_write(const char *dir, const char *name, X509 *cert, EVP_PKEY *key)
{
    char path[SXE_TLS_CERTS_PATH_MAX];
    FILE *file;
    bool ok;

    snprintf(path, sizeof(path), "%s/%s.pem", dir, name);

    if ((file = fopen(path, "w")) == NULL) {
        return false;
    }

    ok = PEM_write_X509(file, cert) == 1;
    fclose(file);

    if (!ok || key == NULL) {
        return ok;
    }

    snprintf(path, sizeof(path), "%s/%s.key", dir, name);

    if ((file = fopen(path, "w")) == NULL) {
        return false;
    }

    ok = PEM_write_PrivateKey(file, key, NULL, NULL, 0, NULL, NULL) == 1;
    fclose(file);
    return ok;
}

/* One leaf: a new key, a certificate by issuer, written as NAME.pem and NAME.key. */
static inline bool sxe_tls_certs_leaf(const char *dir, const char *name, const char *cn, const char *names,
                                      long from_days, long to_days, X509 *issuer, EVP_PKEY *issuer_key)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = key != NULL ? sxe_tls_certs_certificate(key, cn, names, from_days, to_days, issuer, issuer_key) : NULL;
    bool ok = cert != NULL && sxe_tls_certs_write(dir, name, cert, key);

    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

/* Writes the files listed at the top into dir (which must exist). Returns false when one cannot be made. */
static inline bool sxe_tls_certs_make(const char *dir)
{
    static const char *const localhost = "DNS:localhost,IP:127.0.0.1,IP:::1";
    EVP_PKEY *ca_key = EVP_EC_gen("P-256");
    EVP_PKEY *rogue_key = EVP_EC_gen("P-256");
    X509 *ca = sxe_tls_certs_certificate(ca_key, "libsxe test CA", NULL, -1, 3650, NULL, NULL);
    X509 *rogue = sxe_tls_certs_certificate(rogue_key, "libsxe rogue CA", NULL, -1, 3650, NULL, NULL);
    bool ok = ca != NULL && rogue != NULL && sxe_tls_certs_write(dir, "ca", ca, NULL) &&
              sxe_tls_certs_leaf(dir, "server", "localhost", localhost, -1, 3650, ca, ca_key) &&
              sxe_tls_certs_leaf(dir, "other", "other.example", "DNS:other.example", -1, 3650, ca, ca_key) &&
              sxe_tls_certs_leaf(dir, "expired", "localhost", localhost, -30, -1, ca, ca_key) &&
              sxe_tls_certs_leaf(dir, "wrong", "localhost", localhost, -1, 3650, rogue, rogue_key) &&
              sxe_tls_certs_leaf(dir, "client", "libsxe test client", NULL, -1, 3650, ca, ca_key);

    X509_free(ca);
    X509_free(rogue);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(rogue_key);
    return ok;
}

/* "DIR/NAME" into path (SXE_TLS_CERTS_PATH_MAX bytes); returns path. */
static inline const char *sxe_tls_certs_path(char *path, const char *dir, const char *name)
{
    snprintf(path, SXE_TLS_CERTS_PATH_MAX, "%s/%s", dir, name);
    return path;
}

#endif
