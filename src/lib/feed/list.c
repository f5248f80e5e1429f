/* SPDX-License-Identifier: Apache-2.0 */
/*
 * list.c — the line-oriented feed importers: plain lists, hosts files,
 * Suricata iprep files, CSV, and MISP hashes.csv.
 *
 * Everything here reads the buffer once, front to back, a line (or a CSV
 * record) at a time, and never copies the input: values are handed to
 * lf_ioc_value_parse as spans and the canonical result goes to the set.
 * Memory is bounded whatever the input: a line or CSV record longer than
 * LINE_MAX_LEN is one rejected entry, a CSV record has at most
 * CSV_MAX_FIELDS fields, and the CSV importer's scratch space is allocated
 * once per import at its fixed maximum.
 *
 * Lines end in LF or CRLF; a UTF-8 BOM at the start of the buffer is
 * skipped; a NUL byte anywhere in a line rejects that line. Every entry that
 * is not imported leaves a trace in the report — an issue with
 * "name:line" and the reason — except the two kinds of line that are
 * expected in bulk and would drown the report: the localhost entries of a
 * hosts file and the lines of a MISP hashes.csv. Those are counted as
 * SKIPPED and described by one summary issue, which carries the count and
 * the first line.
 *
 * Accounting invariant, checked by the tests and the fuzz target: when an
 * import returns 0,
 *     entries == imported + rejected + unsupported + skipped
 * counting what this call added. An entry is a value line (LIST, IPREP,
 * MISP_HASHES), a host name (HOSTS; a hosts line that is malformed as a
 * whole counts once) or a data record (CSV).
 *
 * Decisions (see docs/feeds-lists.md for the user's view):
 *  - A prefix with host bits set ("1.2.3.4/24") is REJECTED, not masked:
 *    the author meant either the host or the network, and guessing wrong
 *    either blocks 255 innocent addresses or misses the bad one.
 *  - LIST keeps the first TAB-separated field ("1.2.3.4<TAB>5" from ipsum)
 *    and ignores the rest; the ipsum count is not mapped to a confidence,
 *    since the meaning of a second column differs from feed to feed.
 *  - A CSV "last_seen" column is not a validity bound: it is when the
 *    value was last observed, and treating it as valid_until would expire
 *    every row at import time. Only valid_until/expires/expiration are.
 */
#include "core/ascii.h"
#include "feed/feed.h"
#include "feed/json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "core/num.h"

#define LINE_MAX_LEN ((size_t)64 * 1024)
#define CSV_MAX_FIELDS 256
#define SNIP_MAX 64 /* input bytes quoted in an issue reason */

#define M(t) (1u << (t))
#define MASK_ANY 0x1feu
#define MASK_IP (M(LF_IOC_IPV4) | M(LF_IOC_IPV6))
#define MASK_HASH (M(LF_IOC_MD5) | M(LF_IOC_SHA1) | M(LF_IOC_SHA256))

struct ctx {
	const struct lf_feed_opts *opts;
	struct lf_iocset *set;
	struct lf_feed_report *rep;
	const char *name;
	size_t line;
	size_t prefix_len; /* bytes of where[] before ":line" */
	char where[128];
	lf_time_t now; /* 0 until first needed */
	/* Quiet skips: counted, described by one summary issue. */
	size_t quiet;
	size_t quiet_line;
	size_t quiet_issue; /* index + 1 of the summary issue, 0 = none kept */
	const char *quiet_what;
};

/* Optional attributes of one entry; defaults from the options. */
struct attrs {
	uint8_t confidence;
	uint8_t tlp;
	const char *labels;
	const char *ref;
	lf_time_t valid_from, valid_until;
};

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */

static int is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_sp(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_sp((*s)[*n - 1]))
		(*n)--;
}

static int ci_eq(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return n == l && strncasecmp(s, lit, l) == 0;
}

static int has_ctl(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

/*
 * Quote untrusted input for a reason string: printable ASCII as is, every
 * other byte as \xHH, at most SNIP_MAX input bytes then "...". Reports end
 * up on terminals and in JSON; they must not carry control bytes.
 */
#define SNIP_BUF (SNIP_MAX * 4 + 4)
static const char *snip(char out[SNIP_BUF], const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < n && i < SNIP_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (n > SNIP_MAX) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/*
 * where[] is "name:line". The name part is written once per import, cut
 * from the left ("...tail") so that ':' and 20 digits always fit; each
 * line then only writes its number (this runs for every line of a feed).
 */
static void where_init(struct ctx *c)
{
	size_t room = sizeof(c->where) - 1 - 21;
	size_t n = strlen(c->name);
	if (n <= room) {
		memcpy(c->where, c->name, n);
		c->prefix_len = n;
	} else {
		memcpy(c->where, "...", 3);
		memcpy(c->where + 3, c->name + n - (room - 3), room - 3);
		c->prefix_len = room;
	}
	c->where[c->prefix_len] = '\0';
}

static void set_where(struct ctx *c, size_t line)
{
	char digits[20];
	size_t k = 0, v = line;
	do {
		digits[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	char *w = c->where + c->prefix_len;
	*w++ = ':';
	while (k > 0)
		*w++ = digits[--k];
	*w = '\0';
	c->line = line;
}

static void reject(struct ctx *c, const char *what, const char *s, size_t n)
{
	char q[SNIP_BUF];
	lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where, "%s: '%s'",
			     what, snip(q, s, n));
}

/* Count one quiet skip; the first one files the summary issue. */
static void quiet_skip(struct ctx *c)
{
	if (c->quiet++ > 0) {
		c->rep->skipped++;
		return;
	}
	size_t before = c->rep->n_issues;
	lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, c->where, "%s",
			     c->quiet_what);
	c->quiet_issue = c->rep->n_issues > before ? c->rep->n_issues : 0;
	c->quiet_line = c->line;
}

/* Put the final count into the summary issue. */
static void quiet_finish(struct ctx *c)
{
	if (c->quiet_issue == 0)
		return;
	struct lf_feed_issue *is = &c->rep->issues[c->quiet_issue - 1];
	snprintf(is->reason, sizeof(is->reason), "%zu %s (first at line %zu)",
		 c->quiet, c->quiet_what, c->quiet_line);
}

/* Errors that end an import: no memory, set full, set frozen, errno. */
static int fatal(int r)
{
	return r == LF_ELIMIT || r == LF_ESTATE || (r < 0 && r > -1000);
}

static const char *mask_name(unsigned mask)
{
	if (mask == MASK_IP)
		return "an IP address or network";
	if (mask == MASK_HASH)
		return "an MD5, SHA-1 or SHA-256 hash";
	for (unsigned t = 1; t < LF_IOC__COUNT; t++)
		if (mask == M(t))
			return lf_ioc_type_name((enum lf_ioc_type)t);
	return "an indicator";
}

/*
 * Parse s[0..n) under hint and accept only the types in mask. On failure
 * the entry is REJECTED with the reason and -1 returned.
 */
static int parse_value(struct ctx *c, enum lf_ioc_type hint, unsigned mask,
		       const char *s, size_t n, struct lf_ioc_value *v)
{
	char q[SNIP_BUF];
	int r = lf_ioc_value_parse(hint, s, n, v);
	if (r != 0 && mask == MASK_ANY) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "'%s': %s", snip(q, s, n), lf_strerror(r));
		return -1;
	}
	if (r != 0) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "'%s': expected %s: %s", snip(q, s, n),
				     mask_name(mask), lf_strerror(r));
		return -1;
	}
	if ((unsigned)v->type >= LF_IOC__COUNT || !(mask & M(v->type))) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "'%s' is %s, expected %s", snip(q, s, n),
				     lf_ioc_type_name(v->type), mask_name(mask));
		return -1;
	}
	if ((v->type == LF_IOC_IPV4 || v->type == LF_IOC_IPV6) && v->masked) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "'%s': host bits set past the prefix "
				     "length (the network is %s)",
				     snip(q, s, n), v->text);
		return -1;
	}
	return 0;
}

static void attrs_default(const struct ctx *c, struct attrs *a)
{
	a->confidence = c->opts->default_confidence;
	a->tlp = (uint8_t)c->opts->default_tlp;
	a->labels = NULL;
	a->ref = c->where;
	a->valid_from = LF_TIME_MIN;
	a->valid_until = LF_TIME_MAX;
}

/* Add one parsed value. 0 (imported or rejected by the set), or fatal. */
static int emit(struct ctx *c, const struct lf_ioc_value *v,
		const struct attrs *a)
{
	struct lf_ioc ioc;
	memset(&ioc, 0, sizeof(ioc));
	ioc.type = (uint8_t)v->type;
	ioc.tlp = a->tlp;
	ioc.confidence = a->confidence;
	ioc.flags = v->subdomains ? LF_IOC_F_SUBDOMAINS : 0;
	ioc.source = c->opts->source;
	if (v->type == LF_IOC_IPV4 || v->type == LF_IOC_IPV6)
		ioc.pfx = v->pfx;
	ioc.value = v->text;
	ioc.ref = a->ref;
	ioc.labels = a->labels;
	ioc.kill_chain = NULL;
	ioc.valid_from = a->valid_from;
	ioc.valid_until = a->valid_until;
	int r = lf_feed_report_add(c->rep, c->set, &ioc, c->where);
	return fatal(r) ? r : 0;
}

/* ---------------------------------------------------------------------- */
/* Lines                                                                   */

typedef int (*line_fn)(struct ctx *c, const char *s, size_t n);

static int each_line(struct ctx *c, const char *buf, size_t len, line_fn fn)
{
	size_t pos = 0, no = 0;
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		set_where(c, ++no);
		if (n > LINE_MAX_LEN) {
			c->rep->entries++;
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
					     "line of %zu bytes is longer than "
					     "the %zu-byte limit",
					     n, LINE_MAX_LEN);
			continue;
		}
		if (memchr(s, '\0', n) != NULL) {
			c->rep->entries++;
			reject(c, "NUL byte in line", s, n);
			continue;
		}
		int r = fn(c, s, n);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Whole-line comment or empty after trimming: not an entry. */
static int blank_or_comment(const char *s, size_t n, int semicolon)
{
	return n == 0 || s[0] == '#' || (semicolon && s[0] == ';');
}

/* LIST: "value", "value # comment", "value ; comment", "value<TAB>rest". */
static int list_line(struct ctx *c, const char *s, size_t n)
{
	trim(&s, &n);
	if (blank_or_comment(s, n, 1))
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] == '#' || s[i] == ';') &&
		    (s[i - 1] == ' ' || s[i - 1] == '\t')) {
			n = i;
			break;
		}
	}
	const char *tab = memchr(s, '\t', n);
	if (tab != NULL)
		n = (size_t)(tab - s);
	trim(&s, &n);
	c->rep->entries++;

	struct lf_ioc_value v;
	if (parse_value(c, LF_IOC_NONE, MASK_ANY, s, n, &v) != 0)
		return 0;
	struct attrs a;
	attrs_default(c, &a);
	return emit(c, &v, &a);
}

/* Names every hosts file carries for the machine itself. */
static int local_name(const char *s, size_t n)
{
	static const char *const names[] = {
		"localhost",  "localhost.localdomain", "localhost4",
		"localhost4.localdomain4", "localhost6",
		"localhost6.localdomain6", "local", "broadcasthost", "0.0.0.0",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ci_eq(s, n, names[i]))
			return 1;
	return n >= 4 && strncasecmp(s, "ip6-", 4) == 0;
}

static int is_sink(const struct lf_addr *a)
{
	static const uint8_t zero[15] = {0};
	if (a->af == LF_AF_V4)
		return lf_addr_v4(a) == 0 || lf_addr_v4(a) == 0x7f000001u;
	return memcmp(a->b, zero, 15) == 0 && a->b[15] <= 1;
}

/* Next white-space-separated token of s[*i..n), or 0 if none. */
static int token(const char *s, size_t n, size_t *i, const char **t,
		 size_t *tn)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	if (*i >= n)
		return 0;
	size_t b = *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t')
		(*i)++;
	*t = s + b;
	*tn = *i - b;
	return 1;
}

/* HOSTS (hosts(5)): "address name [name...]", '#' to end of line. */
static int hosts_line(struct ctx *c, const char *s, size_t n)
{
	const char *hash = memchr(s, '#', n);
	if (hash != NULL)
		n = (size_t)(hash - s);
	trim(&s, &n);
	if (n == 0)
		return 0;

	size_t i = 0, an;
	const char *addr;
	token(s, n, &i, &addr, &an);
	size_t names_at = i;
	const char *t;
	size_t tn;
	int names = 0, all_local = 1;
	while (token(s, n, &i, &t, &tn)) {
		names++;
		all_local = all_local && local_name(t, tn);
	}
	if (names == 0) {
		c->rep->entries++;
		reject(c, "hosts line without a host name", s, n);
		return 0;
	}
	if (all_local) {
		for (int k = 0; k < names; k++) {
			c->rep->entries++;
			quiet_skip(c);
		}
		return 0;
	}
	struct lf_addr a;
	int r = lf_addr_parse(addr, an, &a);
	if (r != 0) {
		char q[SNIP_BUF];
		c->rep->entries++;
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "bad hosts address '%s': %s",
				     snip(q, addr, an), lf_strerror(r));
		return 0;
	}
	int sink = is_sink(&a);

	i = names_at;
	while (token(s, n, &i, &t, &tn)) {
		c->rep->entries++;
		if (local_name(t, tn)) {
			quiet_skip(c);
			continue;
		}
		if (!sink) {
			char q[SNIP_BUF], qa[SNIP_BUF];
			lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, c->where,
					     "'%s' maps to %s, not a blocking "
					     "address (0.0.0.0, 127.0.0.1, ::, ::1)",
					     snip(q, t, tn), snip(qa, addr, an));
			continue;
		}
		struct lf_ioc_value v;
		if (parse_value(c, LF_IOC_DOMAIN, M(LF_IOC_DOMAIN), t, tn, &v))
			continue;
		if (v.subdomains) {
			reject(c, "wildcard names are not valid in a hosts file",
			       t, tn);
			continue;
		}
		struct attrs at;
		attrs_default(c, &at);
		r = emit(c, &v, &at);
		if (r != 0)
			return r;
	}
	return 0;
}

/* Split s[0..n) at commas into at most max fields; the field count. */
static size_t split_commas(const char *s, size_t n, const char **f,
			   size_t *fn, size_t max)
{
	size_t k = 0, b = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		if (k < max) {
			f[k] = s + b;
			fn[k] = i - b;
			trim(&f[k], &fn[k]);
		}
		k++;
		b = i + 1;
	}
	return k;
}

/*
 * IPREP (Suricata "IP Reputation Format", reputation file):
 * "<ip or cidr>,<category>,<score>", score 1..127 (0 = no data).
 */
static int iprep_line(struct ctx *c, const char *s, size_t n)
{
	trim(&s, &n);
	if (blank_or_comment(s, n, 0))
		return 0;
	c->rep->entries++;

	const char *f[3];
	size_t fn[3];
	size_t k = split_commas(s, n, f, fn, 3);
	if (k != 3) {
		char q[SNIP_BUF];
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "expected ip,category,score but found %zu "
				     "field%s: '%s'",
				     k, k == 1 ? "" : "s", snip(q, s, n));
		return 0;
	}
	struct lf_ioc_value v;
	if (parse_value(c, LF_IOC_NONE, MASK_IP, f[0], fn[0], &v) != 0)
		return 0;
	uint8_t cat, score;
	if (lf_num_u8(f[1], fn[1], 0, 255, &cat) != 0) {
		reject(c, "category is not a number 0..255", f[1], fn[1]);
		return 0;
	}
	if (lf_num_u8(f[2], fn[2], 0, 127, &score) != 0) {
		reject(c, "reputation score is not a number 0..127", f[2],
		       fn[2]);
		return 0;
	}
	if (score == 0) {
		char q[SNIP_BUF];
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, c->where,
				     "'%s': reputation score 0 means no data",
				     snip(q, f[0], fn[0]));
		return 0;
	}
	char labels[32];
	snprintf(labels, sizeof(labels), "iprep-category:%u", (unsigned)cat);
	struct attrs a;
	attrs_default(c, &a);
	/* round(score * 100 / 127) */
	a.confidence = (uint8_t)(((unsigned)score * 100u + 63u) / 127u);
	a.labels = labels;
	return emit(c, &v, &a);
}

/* MISP feed hashes.csv: "<md5 of an attribute value>,<event uuid>". */
static int hashes_line(struct ctx *c, const char *s, size_t n)
{
	trim(&s, &n);
	if (blank_or_comment(s, n, 0))
		return 0;
	c->rep->entries++;
	const char *f[2];
	size_t fn[2];
	size_t k = split_commas(s, n, f, fn, 2);
	int ok = k == 2 && fn[0] == 32 && lf_feed_is_uuid(f[1], fn[1]);
	for (size_t i = 0; ok && i < 32; i++)
		ok = lf_is_hex(f[0][i]);
	if (!ok) {
		reject(c, "not a MISP hashes.csv line (md5,event-uuid)", s, n);
		return 0;
	}
	quiet_skip(c);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* CSV (RFC 4180)                                                          */

struct field {
	const char *p;
	size_t n;
};

struct record {
	size_t nf;
	struct field f[CSV_MAX_FIELDS];
};

/* Everything the CSV importer needs, allocated once per import. */
struct csv_state {
	struct record rec, hdr;
	char scratch[2][LINE_MAX_LEN + 1];
	char labels[LINE_MAX_LEN + 1];
};

struct csv_cols {
	size_t nf;
	int value, type, conf, tlp, from, until, tags, id; /* -1 = absent */
	enum lf_ioc_type hint;
	unsigned mask;
	char vname[64];
};

/*
 * Parse one record (RFC 4180 §2) at buf[*pos]: fields separated by ',',
 * a field in double quotes may hold ',', '"' (written "") and line breaks.
 * Lenient where feeds are: white space around a quoted field is ignored
 * (ThreatFox writes `"a", "b"`), a '"' inside an unquoted field is kept.
 * Unquoted fields lose surrounding white space. Unescaped text goes to
 * scratch, which fields point into. *nl counts the line breaks consumed.
 * Returns 0, LF_ETRUNC (quote not closed), LF_EMALF (text after a closing
 * quote) or LF_ELIMIT (record too long, too many fields).
 */
static int csv_parse(const char *buf, size_t len, size_t *pos, size_t *nl,
		     char *scratch, struct record *r)
{
	size_t start = *pos, i = *pos, o = 0, lines = 0;
	/* LINE_MAX_LEN bytes of record and its '\n'; scratch holds them. */
	size_t end = len - start > LINE_MAX_LEN + 1 ? start + LINE_MAX_LEN + 1
						    : len;
	r->nf = 0;
	for (;;) {
		while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		size_t fo = o;
		if (i < end && buf[i] == '"') {
			for (i++;; i++) {
				if (i >= end)
					return end < len ? LF_ELIMIT : LF_ETRUNC;
				if (buf[i] == '"') {
					if (i + 1 < end && buf[i + 1] == '"') {
						scratch[o++] = '"';
						i++;
						continue;
					}
					i++;
					break;
				}
				if (buf[i] == '\n')
					lines++;
				scratch[o++] = buf[i];
			}
			while (i < end && (buf[i] == ' ' || buf[i] == '\t' ||
					   buf[i] == '\r'))
				i++;
			if (i < end && buf[i] != ',' && buf[i] != '\n')
				return LF_EMALF;
		} else {
			while (i < end && buf[i] != ',' && buf[i] != '\n')
				scratch[o++] = buf[i++];
			while (o > fo && is_sp(scratch[o - 1]))
				o--;
		}
		if (r->nf == CSV_MAX_FIELDS)
			return LF_ELIMIT;
		r->f[r->nf].p = scratch + fo;
		r->f[r->nf].n = o - fo;
		r->nf++;
		if (i >= end) {
			if (end < len || end - start > LINE_MAX_LEN)
				return LF_ELIMIT;
			break;
		}
		if (buf[i++] == '\n') {
			lines++;
			break;
		}
	}
	*pos = i;
	*nl = lines;
	return 0;
}

static const char *const value_cols[] = {
	"value",  "indicator", "ioc",  "ioc_value", "ip",     "ip_address",
	"domain", "hostname",  "url",  "hash",      "md5",    "sha1",
	"sha256", "email",     "address", "dst_ip", NULL,
};
static const char *const type_cols[] = {"type", "ioc_type", "indicator_type",
					NULL};
static const char *const conf_cols[] = {"confidence", "score",
					"confidence_level", NULL};
static const char *const tlp_cols[] = {"tlp", NULL};
static const char *const from_cols[] = {"first_seen", "valid_from",
					"first_seen_utc", "dateadded", NULL};
static const char *const until_cols[] = {"valid_until", "expires",
					 "expiration", NULL};
static const char *const tags_cols[] = {"tags", "labels", NULL};
static const char *const id_cols[] = {"id", "ref", "uuid", "ioc_id", NULL};

/* Type names as feeds write them -> hint and accepted types. */
static const struct {
	const char *name;
	enum lf_ioc_type hint;
	unsigned mask;
} type_alias[] = {
	{"ip", LF_IOC_NONE, MASK_IP},
	{"ip-src", LF_IOC_NONE, MASK_IP},
	{"ip-dst", LF_IOC_NONE, MASK_IP},
	{"ip_address", LF_IOC_NONE, MASK_IP},
	{"ip-address", LF_IOC_NONE, MASK_IP},
	{"dst_ip", LF_IOC_NONE, MASK_IP},
	{"ipv4-addr", LF_IOC_IPV4, M(LF_IOC_IPV4)},
	{"ipv6-addr", LF_IOC_IPV6, M(LF_IOC_IPV6)},
	{"domain-name", LF_IOC_DOMAIN, M(LF_IOC_DOMAIN)},
	{"hostname", LF_IOC_DOMAIN, M(LF_IOC_DOMAIN)},
	{"fqdn", LF_IOC_DOMAIN, M(LF_IOC_DOMAIN)},
	{"email-addr", LF_IOC_EMAIL, M(LF_IOC_EMAIL)},
	{"email-src", LF_IOC_EMAIL, M(LF_IOC_EMAIL)},
	{"email-dst", LF_IOC_EMAIL, M(LF_IOC_EMAIL)},
	{"md5_hash", LF_IOC_MD5, M(LF_IOC_MD5)},
	{"sha1_hash", LF_IOC_SHA1, M(LF_IOC_SHA1)},
	{"sha256_hash", LF_IOC_SHA256, M(LF_IOC_SHA256)},
	{"sha-1", LF_IOC_SHA1, M(LF_IOC_SHA1)},
	{"sha-256", LF_IOC_SHA256, M(LF_IOC_SHA256)},
	{"hash", LF_IOC_NONE, MASK_HASH},
	{"value", LF_IOC_NONE, MASK_ANY},
	{"indicator", LF_IOC_NONE, MASK_ANY},
	{"ioc", LF_IOC_NONE, MASK_ANY},
	{"ioc_value", LF_IOC_NONE, MASK_ANY},
	{"address", LF_IOC_NONE, MASK_ANY},
};

/* Map a type name; 0, or -1 if unknown. *ipport for ThreatFox "ip:port". */
static int type_class(const char *s, size_t n, enum lf_ioc_type *hint,
		      unsigned *mask, int *ipport)
{
	enum lf_ioc_type t;
	*ipport = 0;
	if (ci_eq(s, n, "ip:port")) {
		*hint = LF_IOC_NONE;
		*mask = MASK_IP;
		*ipport = 1;
		return 0;
	}
	if (lf_ioc_type_parse(s, n, &t) == 0 && t != LF_IOC_NONE) {
		*hint = t;
		*mask = M(t);
		return 0;
	}
	for (size_t i = 0; i < sizeof(type_alias) / sizeof(type_alias[0]); i++) {
		if (ci_eq(s, n, type_alias[i].name)) {
			*hint = type_alias[i].hint;
			*mask = type_alias[i].mask;
			return 0;
		}
	}
	return -1;
}

static int find_col(const struct record *h, const char *name, int skip)
{
	for (size_t i = 0; i < h->nf; i++) {
		const char *p = h->f[i].p;
		size_t n = h->f[i].n;
		trim(&p, &n);
		if ((int)i != skip && ci_eq(p, n, name))
			return (int)i;
	}
	return -1;
}

static int find_any(const struct record *h, const char *const *names, int skip)
{
	for (size_t k = 0; names[k] != NULL; k++) {
		int i = find_col(h, names[k], skip);
		if (i >= 0)
			return i;
	}
	return -1;
}

/* Resolve the columns of header h. 0, or LF_ENOENT without a value column. */
static int csv_resolve(const struct ctx *c, const struct record *h,
		       struct csv_cols *k)
{
	const char *want = c->opts->csv_column;
	k->nf = h->nf;
	if (want != NULL)
		k->value = find_col(h, want, -1);
	else
		k->value = find_any(h, value_cols, -1);
	if (k->value < 0)
		return LF_ENOENT;

	const char *p = h->f[k->value].p;
	size_t n = h->f[k->value].n;
	trim(&p, &n);
	snprintf(k->vname, sizeof(k->vname), "%.*s", (int)(n < 63 ? n : 63), p);
	int ipport;
	if (type_class(p, n, &k->hint, &k->mask, &ipport) != 0 || ipport) {
		k->hint = LF_IOC_NONE;
		k->mask = MASK_ANY;
	}
	k->type = find_any(h, type_cols, k->value);
	k->conf = find_any(h, conf_cols, k->value);
	k->tlp = find_any(h, tlp_cols, k->value);
	k->from = find_any(h, from_cols, k->value);
	k->until = find_any(h, until_cols, k->value);
	k->tags = find_any(h, tags_cols, k->value);
	k->id = find_any(h, id_cols, k->value);
	return 0;
}

/* "a, b, c" of a header for an error message. */
static void list_cols(const struct record *h, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < h->nf && o + 1 < cap; i++) {
		char q[SNIP_BUF];
		const char *p = h->f[i].p;
		size_t n = h->f[i].n;
		trim(&p, &n);
		int w = snprintf(out + o, cap - o, "%s%s", i ? ", " : "",
				 snip(q, p, n < 32 ? n : 32));
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

/*
 * Timestamps: RFC 3339 (lf_time_parse); feeds also write them without a
 * zone ("2024-01-01 12:00:05", URLhaus, ThreatFox: UTC) or as a bare date,
 * which are read as UTC.
 */
static int parse_time(const char *s, size_t n, lf_time_t *out)
{
	int r = lf_time_parse(s, n, out);
	if (r == 0 || n < 10 || n > 64)
		return r;
	char tmp[80];
	memcpy(tmp, s, n);
	if (n == 10) {
		memcpy(tmp + n, "T00:00:00Z", 10);
		n += 10;
	} else if (s[n - 1] >= '0' && s[n - 1] <= '9') {
		tmp[n++] = 'Z';
	} else {
		return r;
	}
	return lf_time_parse(tmp, n, out) == 0 ? 0 : r;
}

/* Field i of r trimmed, or an empty span when the column is absent. */
static void col(const struct record *r, int i, const char **p, size_t *n)
{
	if (i < 0) {
		*p = "";
		*n = 0;
		return;
	}
	*p = r->f[i].p;
	*n = r->f[i].n;
	trim(p, n);
}

/* Tags "a, b,,c" -> "a,b,c" in out; -1 on a control byte. */
static int norm_tags(const char *s, size_t n, char *out, size_t *on)
{
	size_t o = 0, b = 0;
	if (has_ctl(s, n))
		return -1;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		const char *t = s + b;
		size_t tn = i - b;
		trim(&t, &tn);
		b = i + 1;
		if (tn == 0)
			continue;
		if (o > 0)
			out[o++] = ',';
		memcpy(out + o, t, tn);
		o += tn;
	}
	out[o] = '\0';
	*on = o;
	return 0;
}

/* ThreatFox "ip:port": "1.2.3.4:80" or "[2001:db8::1]:443" -> address. */
static int strip_port(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n, host_b = 0, host_e;
	const char *colon;
	if (len > 0 && p[0] == '[') {
		const char *rb = memchr(p, ']', len);
		if (rb == NULL || (size_t)(rb - p) + 1 >= len || rb[1] != ':')
			return -1;
		host_b = 1;
		host_e = (size_t)(rb - p);
		colon = rb + 1;
	} else {
		colon = memrchr(p, ':', len);
		if (colon == NULL || memchr(p, ':', len) != colon)
			return -1;
		host_e = (size_t)(colon - p);
	}
	uint32_t port;
	size_t pn = len - (size_t)(colon + 1 - p);
	if (lf_num_u32(colon + 1, pn, 0, 65535, &port) != 0)
		return -1;
	*s = p + host_b;
	*n = host_e - host_b;
	return 0;
}

static int csv_row(struct ctx *c, struct csv_state *st,
		   const struct csv_cols *k, const struct record *r)
{
	char q[SNIP_BUF];
	if (r->nf != k->nf) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "%zu fields where the header has %zu",
				     r->nf, k->nf);
		return 0;
	}
	const char *s;
	size_t n;
	col(r, k->value, &s, &n);
	if (n == 0) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "empty '%s' field", k->vname);
		return 0;
	}

	enum lf_ioc_type hint = k->hint;
	unsigned mask = k->mask;
	const char *ts;
	size_t tn;
	col(r, k->type, &ts, &tn);
	if (tn > 0) {
		int ipport;
		if (type_class(ts, tn, &hint, &mask, &ipport) != 0) {
			lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED,
					     c->where,
					     "type '%s' is not an indicator type",
					     snip(q, ts, tn));
			return 0;
		}
		if (ipport && strip_port(&s, &n) != 0) {
			reject(c, "not an ip:port value", s, n);
			return 0;
		}
	}

	struct attrs a;
	attrs_default(c, &a);
	const char *f;
	size_t fn;
	col(r, k->conf, &f, &fn);
	if (fn > 0 && lf_num_u8(f, fn, 0, 100, &a.confidence) != 0) {
		reject(c, "confidence is not a number 0..100", f, fn);
		return 0;
	}
	col(r, k->tlp, &f, &fn);
	if (fn > 0) {
		enum lf_tlp tlp;
		if (lf_tlp_parse(f, fn, &tlp) != 0) {
			reject(c, "unknown TLP", f, fn);
			return 0;
		}
		a.tlp = (uint8_t)tlp;
	}
	col(r, k->from, &f, &fn);
	if (fn > 0 && parse_time(f, fn, &a.valid_from) != 0) {
		reject(c, "bad first-seen time", f, fn);
		return 0;
	}
	col(r, k->until, &f, &fn);
	if (fn > 0 && parse_time(f, fn, &a.valid_until) != 0) {
		reject(c, "bad valid-until time", f, fn);
		return 0;
	}
	if (a.valid_until <= a.valid_from) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "valid-until is not after first-seen");
		return 0;
	}
	if (a.valid_until != LF_TIME_MAX) {
		if (c->now == 0)
			c->now = c->opts->now ? c->opts->now : lf_time_now();
		if (a.valid_until <= c->now) {
			lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, c->where,
					     "'%s' expired", snip(q, s, n));
			return 0;
		}
	}
	col(r, k->tags, &f, &fn);
	if (fn > 0) {
		size_t ln;
		if (norm_tags(f, fn, st->labels, &ln) != 0) {
			reject(c, "control character in tags", f, fn);
			return 0;
		}
		if (ln > 0)
			a.labels = st->labels;
	}
	char ref[256];
	col(r, k->id, &f, &fn);
	if (fn > 0) {
		if (has_ctl(f, fn) || fn >= sizeof(ref)) {
			reject(c, "bad id", f, fn);
			return 0;
		}
		memcpy(ref, f, fn);
		ref[fn] = '\0';
		a.ref = ref;
	}

	struct lf_ioc_value v;
	if (parse_value(c, hint, mask, s, n, &v) != 0)
		return 0;
	return emit(c, &v, &a);
}

/* Resume point after a bad record: the line after the one it began on. */
static size_t next_line(const char *buf, size_t len, size_t pos)
{
	const char *nl = memchr(buf + pos, '\n', len - pos);
	return nl ? (size_t)(nl - buf) + 1 : len;
}

static const char *csv_err(int r)
{
	switch (r) {
	case LF_ETRUNC:
		return "quoted field not closed";
	case LF_EMALF:
		return "text after a closing quote";
	default:
		return "record longer than 65536 bytes or with more than 256 "
		       "fields";
	}
}

/*
 * The header is the first record, unless that record names no value
 * column and the last comment line before it does, with as many fields:
 * abuse.ch dumps (URLhaus, ThreatFox) write their header as
 * "# id,dateadded,url,...".
 */
static int csv_header(struct ctx *c, struct csv_state *st, const char *cm,
		      size_t cmn, struct csv_cols *k, int *is_data)
{
	*is_data = 0;
	if (csv_resolve(c, &st->rec, k) == 0)
		return 0;
	if (cm != NULL) {
		size_t p = 0, nl;
		if (csv_parse(cm, cmn, &p, &nl, st->scratch[1], &st->hdr) == 0 &&
		    st->hdr.nf == st->rec.nf && csv_resolve(c, &st->hdr, k) == 0) {
			*is_data = 1;
			return 0;
		}
	}
	char cols[200];
	list_cols(&st->rec, cols, sizeof(cols));
	if (c->opts->csv_column != NULL)
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "no column '%.40s' in the CSV header "
				     "(columns: %s)",
				     c->opts->csv_column, cols);
	else
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
				     "no indicator column in the CSV header "
				     "(columns: %s)",
				     cols);
	return LF_EFORMAT;
}

static int import_csv(struct ctx *c, const char *buf, size_t len)
{
	struct csv_state *st = malloc(sizeof(*st));
	if (st == NULL)
		return -ENOMEM;
	struct csv_cols k;
	int have_header = 0, r = 0;
	const char *cm = NULL; /* last comment line before the header */
	size_t cmn = 0;
	size_t pos = 0, line = 1;

	while (pos < len) {
		size_t eol = next_line(buf, len, pos);
		size_t j = pos;
		while (j < eol && is_sp(buf[j]))
			j++;
		if (j == eol || buf[j] == '\n') { /* blank */
			pos = eol;
			line++;
			continue;
		}
		if (buf[j] == '#') {
			if (!have_header) {
				cm = buf + j + 1;
				cmn = eol - j - 1;
			}
			pos = eol;
			line++;
			continue;
		}

		set_where(c, line);
		size_t p = pos, nl = 0;
		int e = csv_parse(buf, len, &p, &nl, st->scratch[0], &st->rec);
		if (e != 0) {
			/* Resume on the next physical line: an unclosed quote
			 * must not swallow the rest of the file. */
			c->rep->entries++;
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, c->where,
					     "%s", csv_err(e));
			pos = eol;
			line++;
			continue;
		}
		int nul = memchr(buf + pos, '\0', p - pos) != NULL;
		size_t rec_at = pos;
		pos = p;
		line += nl ? nl : 1; /* a last line without '\n' */
		if (nul) {
			c->rep->entries++;
			reject(c, "NUL byte in record", buf + rec_at,
			       eol - rec_at);
			continue;
		}

		if (!have_header) {
			int is_data;
			r = csv_header(c, st, cm, cmn, &k, &is_data);
			if (r != 0)
				break;
			have_header = 1;
			if (!is_data)
				continue;
		}
		c->rep->entries++;
		r = csv_row(c, st, &k, &st->rec);
		if (r != 0)
			break;
	}
	free(st);
	return r;
}

/* ---------------------------------------------------------------------- */

int lf_feed_import_list(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep)
{
	if (opts == NULL || set == NULL || rep == NULL ||
	    (buf == NULL && len > 0))
		return -EINVAL;
	if ((opts->default_confidence > 100 &&
	     opts->default_confidence != LF_CONF_UNSET) ||
	    (unsigned)opts->default_tlp >= LF_TLP__COUNT)
		return -EINVAL;
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.set = set;
	c.rep = rep;
	c.name = opts->name ? opts->name : "(input)";
	where_init(&c);

	if (len > LF_FEED_MAX_INPUT) {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, c.name,
				     "input of %zu bytes exceeds the %zu-byte limit",
				     len, LF_FEED_MAX_INPUT);
		return LF_ELIMIT;
	}
	if (buf == NULL)
		buf = "";
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}

	enum lf_feed_format fmt = opts->format;
	if (fmt == LF_FEED_AUTO)
		fmt = lf_feed_detect(buf, len, opts->name);
	switch (fmt) {
	case LF_FEED_LIST:
	case LF_FEED_HOSTS:
	case LF_FEED_IPREP:
	case LF_FEED_CSV:
	case LF_FEED_MISP_HASHES:
		break;
	default:
		lf_feed_report_issue(rep, LF_FEED_REJECTED, c.name,
				     "content is %s, not a line-oriented feed",
				     fmt == LF_FEED_AUTO
					     ? "binary or markup"
					     : lf_feed_format_name(fmt));
		return LF_EFORMAT;
	}
	rep->format = fmt;

	int r;
	switch (fmt) {
	case LF_FEED_HOSTS:
		c.quiet_what = "localhost/broadcast host names skipped";
		r = each_line(&c, buf, len, hosts_line);
		break;
	case LF_FEED_IPREP:
		r = each_line(&c, buf, len, iprep_line);
		break;
	case LF_FEED_CSV:
		r = import_csv(&c, buf, len);
		break;
	case LF_FEED_MISP_HASHES:
		c.quiet_what = "MISP hashes.csv lines skipped: they are MD5 "
			       "hashes of attribute values for lookups, not "
			       "indicators; import the feed's events";
		r = each_line(&c, buf, len, hashes_line);
		break;
	case LF_FEED_LIST:
	default:
		r = each_line(&c, buf, len, list_line);
		break;
	}
	quiet_finish(&c);
	return r;
}
