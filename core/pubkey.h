/* OpenSSH public keys, as users give them in .pub files and the hub's
 * server (loge serve) receives them: checked without a crypto library
 * (the server's libssh verifies signatures), fingerprinted as
 * `ssh-keygen -lf` does. */
#ifndef LOGE_PUBKEY_H
#define LOGE_PUBKEY_H

#include <stddef.h>

#include "err.h"

/* One SSH public key, as in an OpenSSH .pub line. */
#define PUBKEY_FP_SIZE 51 /* "SHA256:" + 43 characters + NUL */
struct pubkey {
	char *type;    /* "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ... */
	char *blob;    /* the base64 of the key blob, canonical */
	char *comment; /* NULL if none; valid UTF-8 without control characters */
	char fingerprint[PUBKEY_FP_SIZE]; /* as `ssh-keygen -lf` prints it */
};

/* Parses the content of a .pub file (len bytes): exactly one key line,
 * blank lines and # comments aside. Refuses private keys, authorized_keys
 * options, several keys, key types the server does not take (DSA, FIDO
 * "sk-" keys, certificates), RSA under 2048 bits, a blob that is not a
 * well-formed key of its announced type, control characters. Messages
 * start with "name:line : ". On success out is filled (free with
 * pubkey_clear). */
int pubkey_parse(const char *text, size_t len, const char *name,
    struct pubkey *out, struct err *e);
/* Reads and parses the file at path (64 KiB at most). */
int pubkey_read(const char *path, struct pubkey *out, struct err *e);
void pubkey_clear(struct pubkey *k);
/* The fingerprint of a key given as type and base64 blob (what libssh
 * exports), after the same checks as pubkey_parse; 0 or -1. */
int pubkey_fingerprint(const char *type, const char *blob_b64,
    char out[PUBKEY_FP_SIZE], struct err *e);

#endif
