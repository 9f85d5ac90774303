#include "ssh_link.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>

/* Long enough for a hub on a slow mobile link, short enough that a
 * gardien is not left staring at a frozen screen. */
#define SSH_LINK_TIMEOUT_S 30L
#define SSH_LINK_SUBSYSTEM "loge-sync"

struct ssh_link {
	struct link l;          /* first, so that a struct link * is a ssh_link * */
	ssh_session session;
	ssh_channel channel;
	char *name;             /* "host:port" for messages */
};

/* A target with every default filled in; the strings are owned here. */
struct ssh_conf {
	char *user;
	char *host;
	int port;
	char *identity;         /* NULL: try the usual key files */
	char *known_hosts;
	char *name;             /* "host:port", "[v6]:port" */
	char *kh_name;          /* the host as written in known_hosts */
};

/* The key files tried, in order, when no identity is given. */
static const char *const ssh_link_default_keys[] = {
	"id_ed25519", "id_ecdsa", "id_rsa",
};

static int ssh_target_port(const char *s, int *port);
static int ssh_target_host_ok(const char *h);
static int ssh_target_usage(struct err *e, const char *spec, const char *why);
static const char *ssh_link_home(void);
static int ssh_conf_fill(struct ssh_conf *c, const struct ssh_target *t, struct err *e);
static void ssh_conf_free(struct ssh_conf *c);
static int ssh_link_mkdirs(const char *file, struct err *e);
static int ssh_link_pin(ssh_session s, const struct ssh_conf *c, struct err *e);
static int ssh_link_fingerprint(ssh_session s, char *out, size_t size);
static int ssh_link_check_host(ssh_session s, const struct ssh_conf *c,
    const struct ssh_target *t, struct err *e);
static int ssh_link_no_passphrase(const char *prompt, char *buf, size_t len,
    int echo, int verify, void *arg);
static int ssh_link_import(const char *path, ssh_key *key, int quiet_missing,
    struct err *e);
static int ssh_link_key(const struct ssh_conf *c, ssh_key *key, char **used,
    struct err *e);
static int ssh_link_auth(ssh_session s, const struct ssh_conf *c, struct err *e);
static ssh_session ssh_link_session(const struct ssh_conf *c, struct err *e);
static ssh_channel ssh_link_channel(ssh_session s, const struct ssh_conf *c,
    struct err *e);
static ssize_t ssh_link_read(struct link *l, void *p, size_t n, struct err *e);
static int ssh_link_write(struct link *l, const void *p, size_t n, struct err *e);
static void ssh_link_close(struct link *l);

/* Parsing "[user@]host[:port]" */

/* 0 and *port for "1".."65535" in decimal digits only; -1 otherwise. */
static int
ssh_target_port(const char *s, int *port)
{
	long v = 0;

	if (*s == '\0' || strlen(s) > 5)
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

/* A host name or address: no blanks, no control characters, nothing that
 * could pass for an option or a path. */
static int
ssh_target_host_ok(const char *h)
{
	if (*h == '\0' || *h == '-')
		return 0;
	for (; *h != '\0'; h++) {
		if ((unsigned char)*h <= ' ' || *h == 0x7f || strchr("/@[]\\,", *h))
			return 0;
	}
	return 1;
}

static int
ssh_target_usage(struct err *e, const char *spec, const char *why)
{
	return err_set(e, "hub « %s » : %s ; attendu [utilisateur@]hôte[:port], "
	    "par exemple gardien@hub.example.fr:2222 ou [2001:db8::1]:2222",
	    spec, why);
}

int
ssh_target_parse(struct ssh_target *t, const char *spec, char **storage,
    struct err *e)
{
	char *copy = xstrdup(spec), *at, *host, *port = NULL, *end;
	int portnum = 0;

	*storage = NULL;
	host = copy;
	if ((at = strrchr(copy, '@')) != NULL) {
		*at = '\0';
		host = at + 1;
		if (*copy == '\0' || strchr(copy, ':') || !ssh_target_host_ok(copy))
			goto bad_user;
	}
	if (*host == '[') {
		if ((end = strchr(host, ']')) == NULL || end == host + 1)
			goto bad_host;
		*end = '\0';
		host++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1] != '\0')
			goto bad_host;
	} else if ((end = strchr(host, ':')) != NULL && strchr(end + 1, ':') == NULL) {
		*end = '\0';
		port = end + 1;
	}
	if (!ssh_target_host_ok(host))
		goto bad_host;
	if (port != NULL && ssh_target_port(port, &portnum) != 0)
		goto bad_port;
	t->user = at != NULL ? copy : NULL;
	t->host = host;
	t->port = portnum;
	*storage = copy;
	return 0;

bad_user:
	ssh_target_usage(e, spec, "nom d'utilisateur vide ou invalide");
	goto fail;
bad_host:
	ssh_target_usage(e, spec, "nom d'hôte vide ou invalide");
	goto fail;
bad_port:
	ssh_target_usage(e, spec, "le port doit être un nombre de 1 à 65535");
fail:
	free(copy);
	return -1;
}

/* Defaults: user, key files and Loge's known_hosts */

static const char *
ssh_link_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home != NULL && *home == '/')
		return home;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL)
		return pw->pw_dir;
	return NULL;
}

static int
ssh_conf_fill(struct ssh_conf *c, const struct ssh_target *t, struct err *e)
{
	const char *home = ssh_link_home(), *xdg = getenv("XDG_CONFIG_HOME");
	struct passwd *pw;

	memset(c, 0, sizeof *c);
	if (t->host == NULL || *t->host == '\0')
		return err_set(e, "aucun hub indiqué");
	c->host = xstrdup(t->host);
	c->port = t->port > 0 ? t->port : 22;
	c->name = xasprintf(strchr(t->host, ':') ? "[%s]:%d" : "%s:%d", t->host, c->port);
	c->kh_name = c->port == 22 ? xstrdup(t->host) : xasprintf("[%s]:%d", t->host, c->port);
	c->identity = xstrdup(t->identity);
	if (t->user != NULL)
		c->user = xstrdup(t->user);
	else if ((pw = getpwuid(getuid())) != NULL)
		c->user = xstrdup(pw->pw_name);
	else
		return err_set(e, "%s : utilisateur local inconnu, précisez-le "
		    "(utilisateur@hôte)", c->name);
	if (t->known_hosts != NULL)
		c->known_hosts = xstrdup(t->known_hosts);
	else if (xdg != NULL && *xdg == '/')
		c->known_hosts = xasprintf("%s/loge/known_hosts", xdg);
	else if (home != NULL)
		c->known_hosts = xasprintf("%s/.config/loge/known_hosts", home);
	else
		return err_set(e, "%s : pas de répertoire personnel pour y garder "
		    "les clés des hubs (HOME n'est pas défini)", c->name);
	/* libssh expands % sequences in this path and knows no escape for %. */
	if (*c->known_hosts == '\0' || strchr(c->known_hosts, '%') != NULL)
		return err_set(e, "%s : nom de fichier des clés des hubs invalide "
		    "« %s » (vide ou contenant %%)", c->name, c->known_hosts);
	return 0;
}

static void
ssh_conf_free(struct ssh_conf *c)
{
	free(c->user);
	free(c->host);
	free(c->identity);
	free(c->known_hosts);
	free(c->name);
	free(c->kh_name);
}

/* Creates the directories above file, private (0700), as the XDG base
 * directory specification asks for ~/.config. */
static int
ssh_link_mkdirs(const char *file, struct err *e)
{
	char *dir = xstrdup(file), *p;
	int rc = 0;

	for (p = strchr(dir + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = err_set(e, "création du répertoire %s impossible : %s",
			    dir, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Host key: pinned in Loge's own file */

/* Appends the hub's key to Loge's known_hosts, created private (0600). */
static int
ssh_link_pin(ssh_session s, const struct ssh_conf *c, struct err *e)
{
	int fd;

	if (ssh_link_mkdirs(c->known_hosts, e) != 0)
		return -1;
	fd = open(c->known_hosts, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, "%s : impossible d'ouvrir %s pour y noter la clé "
		    "du hub : %s", c->name, c->known_hosts, strerror(errno));
	close(fd);
	if (ssh_session_update_known_hosts(s) != SSH_OK)
		return err_set(e, "%s : impossible de noter la clé du hub dans %s : %s",
		    c->name, c->known_hosts, ssh_get_error(s));
	return 0;
}

void
ssh_link_key_fingerprint(ssh_key key, char *out, size_t size)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL;

	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) == 0)
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	snprintf(out, size, "%s", fp ? fp : "?");
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
}

/* The hub's key's fingerprint into out. */
static int
ssh_link_fingerprint(ssh_session s, char *out, size_t size)
{
	ssh_key key = NULL;

	if (ssh_get_server_publickey(s, &key) != SSH_OK)
		return -1;
	ssh_link_key_fingerprint(key, out, size);
	ssh_key_free(key);
	return 0;
}

static int
ssh_link_check_host(ssh_session s, const struct ssh_conf *c,
    const struct ssh_target *t, struct err *e)
{
	enum ssh_known_hosts_e state = ssh_session_is_known_server(s);
	char fp[80];
	int rc = -1;

	if (ssh_link_fingerprint(s, fp, sizeof fp) != 0)
		return err_set(e, "%s : clé du hub illisible : %s", c->name, ssh_get_error(s));
	switch (state) {
	case SSH_KNOWN_HOSTS_OK:
		rc = 0;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		err_set(e, "ATTENTION : la clé du hub %s a changé ! Quelqu'un se fait "
		    "peut-être passer pour lui ; connexion refusée, rien n'a été "
		    "envoyé. Nouvelle empreinte : %s. Si c'est voulu (hub réinstallé, "
		    "à vérifier auprès de l'administrateur), supprimez la ligne de %s "
		    "dans %s puis relancez.", c->name, fp, c->kh_name, c->known_hosts);
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (t->accept_new ||
		    (t->confirm != NULL && t->confirm(c->name, fp, t->confirm_arg) == 1))
			rc = ssh_link_pin(s, c, e);
		else
			err_set(e, "%s : hub inconnu (empreinte de sa clé : %s) ; "
			    "connexion refusée. Vérifiez l'empreinte auprès de "
			    "l'administrateur puis relancez avec --accept-new.",
			    c->name, fp);
		break;
	default:
		err_set(e, "%s : vérification de la clé du hub dans %s impossible : %s",
		    c->name, c->known_hosts, ssh_get_error(s));
		break;
	}
	return rc;
}

/* Authentication: one key file, no agent, no password */

/* Called by libssh when a key is encrypted: note it and refuse, since Loge
 * asks for no passphrase (a key dedicated to Loge has none). */
static int
ssh_link_no_passphrase(const char *prompt, char *buf, size_t len, int echo,
    int verify, void *arg)
{
	*(int *)arg = 1;
	return -1;
}

/* 0 key loaded, 1 no such file (only if quiet_missing), -1 error. */
static int
ssh_link_import(const char *path, ssh_key *key, int quiet_missing,
    struct err *e)
{
	int asked = 0, rc;

	rc = ssh_pki_import_privkey_file(path, NULL, ssh_link_no_passphrase,
	    &asked, key);
	if (rc == SSH_OK)
		return 0;
	if (asked)
		return err_set(e, "la clé %s est protégée par une phrase de passe, "
		    "que Loge ne demande pas : créez une clé sans phrase de passe "
		    "réservée à Loge (ssh-keygen -t ed25519 -N '' -f FICHIER) et "
		    "indiquez-la avec --identity", path);
	if (rc == SSH_EOF && quiet_missing && access(path, F_OK) != 0)
		return 1;
	if (rc == SSH_EOF)
		return err_set(e, "clé %s introuvable ou illisible : %s", path,
		    access(path, R_OK) != 0 ? strerror(errno) : "accès refusé");
	return err_set(e, "%s n'est pas une clé privée SSH lisible par Loge", path);
}

/* Loads c->identity, or the first usual key file that exists; *used is the
 * path loaded, which the caller frees. */
static int
ssh_link_key(const struct ssh_conf *c, ssh_key *key, char **used,
    struct err *e)
{
	const char *home = ssh_link_home();
	size_t i;
	int rc;

	if (c->identity != NULL) {
		*used = xstrdup(c->identity);
		return ssh_link_import(c->identity, key, 0, e);
	}
	for (i = 0; home != NULL && i < sizeof ssh_link_default_keys /
	    sizeof ssh_link_default_keys[0]; i++) {
		*used = xasprintf("%s/.ssh/%s", home, ssh_link_default_keys[i]);
		if ((rc = ssh_link_import(*used, key, 1, e)) <= 0)
			return rc;
		free(*used);
		*used = NULL;
	}
	return err_set(e, "aucune clé SSH trouvée (~/.ssh/id_ed25519, id_ecdsa, "
	    "id_rsa) : créez-en une avec ssh-keygen -t ed25519 ou indiquez-la "
	    "avec --identity");
}

static int
ssh_link_auth(ssh_session s, const struct ssh_conf *c, struct err *e)
{
	ssh_key key = NULL;
	char *used = NULL;
	int rc;

	if (ssh_link_key(c, &key, &used, e) != 0) {
		err_prefix(e, "%s : ", c->name);
		rc = -1;
		goto out;
	}
	switch (ssh_userauth_publickey(s, NULL, key)) {
	case SSH_AUTH_SUCCESS:
		rc = 0;
		break;
	case SSH_AUTH_DENIED:
	case SSH_AUTH_PARTIAL:
		rc = err_set(e, "%s : le hub refuse la clé %s pour l'utilisateur %s "
		    "(sa clé publique %s.pub doit être autorisée sur le hub)",
		    c->name, used, c->user, used);
		break;
	default:
		rc = err_set(e, "%s : authentification impossible : %s", c->name,
		    ssh_get_error(s));
		break;
	}
out:
	ssh_key_free(key);
	free(used);
	return rc;
}

/* The session and the channel */

/* A session configured only from c: no ssh_config, no ~/.ssh/known_hosts,
 * no agent; no Nagle delay, since every frame waits for an answer. NULL and
 * e on failure. */
static ssh_session
ssh_link_session(const struct ssh_conf *c, struct err *e)
{
	ssh_session s = ssh_new();
	long timeout = SSH_LINK_TIMEOUT_S;
	unsigned int port = (unsigned int)c->port;
	int no = 0, yes = 1;

	if (s == NULL) {
		err_set(e, "%s : session SSH impossible à créer", c->name);
		return NULL;
	}
	if (ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_HOST, c->host) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_PORT, &port) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_USER, c->user) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, c->known_hosts) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout) != 0 ||
	    ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes) != 0) {
		err_set(e, "%s : réglage de la session SSH impossible : %s",
		    c->name, ssh_get_error(s));
		ssh_free(s);
		return NULL;
	}
	return s;
}

static ssh_channel
ssh_link_channel(ssh_session s, const struct ssh_conf *c, struct err *e)
{
	ssh_channel ch = ssh_channel_new(s);

	if (ch == NULL) {
		err_set(e, "%s : canal SSH impossible à créer : %s", c->name,
		    ssh_get_error(s));
		return NULL;
	}
	if (ssh_channel_open_session(ch) != SSH_OK) {
		err_set(e, "%s : le hub refuse d'ouvrir une session : %s", c->name,
		    ssh_get_error(s));
		goto fail;
	}
	if (ssh_channel_request_subsystem(ch, SSH_LINK_SUBSYSTEM) != SSH_OK) {
		err_set(e, "%s : le hub n'offre pas le service %s (est-ce bien un "
		    "hub Loge ? « loge serve » ou sshd avec « Subsystem %s » "
		    "ou ForceCommand) : %s", c->name, SSH_LINK_SUBSYSTEM,
		    SSH_LINK_SUBSYSTEM, ssh_get_error(s));
		goto fail;
	}
	return ch;
fail:
	ssh_channel_free(ch);
	return NULL;
}

struct link *
ssh_link_open(const struct ssh_target *t, struct err *e)
{
	struct ssh_conf c;
	struct ssh_link *sl = NULL;
	ssh_session s = NULL;
	ssh_channel ch = NULL;

	if (ssh_conf_fill(&c, t, e) != 0)
		goto out;
	if ((s = ssh_link_session(&c, e)) == NULL)
		goto out;
	if (ssh_connect(s) != SSH_OK) {
		err_set(e, "%s : connexion au hub impossible : %s", c.name,
		    ssh_get_error(s));
		goto out;
	}
	if (ssh_link_check_host(s, &c, t, e) != 0 || ssh_link_auth(s, &c, e) != 0)
		goto out;
	if ((ch = ssh_link_channel(s, &c, e)) == NULL)
		goto out;
	sl = xmalloc(sizeof *sl);
	link_init(&sl->l);
	sl->l.read = ssh_link_read;
	sl->l.write = ssh_link_write;
	sl->l.close = ssh_link_close;
	sl->session = s;
	sl->channel = ch;
	sl->name = c.name;
	c.name = NULL;
	s = NULL;
out:
	if (s != NULL) {
		ssh_disconnect(s);
		ssh_free(s);
	}
	ssh_conf_free(&c);
	return sl != NULL ? &sl->l : NULL;
}

/* The link's operations */

/* libssh answers 0 both for a timeout and for the end of the stream;
 * ssh_channel_is_eof tells them apart. */
static ssize_t
ssh_link_read(struct link *l, void *p, size_t n, struct err *e)
{
	struct ssh_link *sl = (struct ssh_link *)l;
	uint32_t want = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	int r;

	for (;;) {
		r = ssh_channel_read_timeout(sl->channel, p, want, 0,
		    l->timeout_ms > 0 ? l->timeout_ms : -1);
		if (r > 0)
			return r;
		if (r == SSH_ERROR)
			return err_set(e, "%s : lecture impossible : %s", sl->name,
			    ssh_get_error(sl->session));
		if (ssh_channel_is_eof(sl->channel) || !ssh_channel_is_open(sl->channel))
			return 0;
		if (l->timeout_ms > 0)
			return err_set(e, "%s : le hub ne répond plus depuis %d,%03d s",
			    sl->name, l->timeout_ms / 1000, l->timeout_ms % 1000);
	}
}

static int
ssh_link_write(struct link *l, const void *p, size_t n, struct err *e)
{
	struct ssh_link *sl = (struct ssh_link *)l;
	const char *q = p;
	uint32_t chunk;
	int w;

	while (n > 0) {
		chunk = n > 65536 ? 65536 : (uint32_t)n;
		w = ssh_channel_write(sl->channel, q, chunk);
		if (w == SSH_ERROR)
			return err_set(e, "%s : envoi impossible : %s", sl->name,
			    ssh_get_error(sl->session));
		if (w <= 0)
			return err_set(e, "%s : le hub ne lit plus (rien envoyé en %ld s)",
			    sl->name, SSH_LINK_TIMEOUT_S);
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sends EOF so that the hub sees a clean end, then lets go of everything. */
static void
ssh_link_close(struct link *l)
{
	struct ssh_link *sl = (struct ssh_link *)l;

	if (ssh_channel_is_open(sl->channel)) {
		ssh_channel_send_eof(sl->channel);
		ssh_channel_close(sl->channel);
	}
	ssh_channel_free(sl->channel);
	ssh_disconnect(sl->session);
	ssh_free(sl->session);
	free(sl->name);
	link_release(l);
	free(sl);
}
