/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.c — format names, format detection, the import dispatcher and the
 * import report.
 *
 * Detection
 * ---------
 * lf_feed_detect looks at the content first and at the name only when the
 * content says nothing. It is deterministic: the same bytes and name give
 * the same answer, and it reads at most DETECT_WINDOW bytes, so it costs
 * the same on a 1 GiB file as on a 1 KiB one. After an optional UTF-8 BOM
 * and white space, the first byte decides the family:
 *
 *   binary   gzip/zip/xz/zstd/bzip2 magic, or more than one byte in eight of
 *            the window being a control character or invalid UTF-8:
 *            LF_FEED_AUTO, meaning "not a feed we can read" (lf_feed_import
 *            then fails with LF_EFORMAT instead of rejecting every line).
 *   '<'      HTML or XML (typically an error page saved by a downloader):
 *            LF_FEED_AUTO as well.
 *   '{' '['  JSON. A small scanner (strings, escapes, nesting; no values
 *            decoded) reads the keys of the top-level object, or of the
 *            objects directly inside a top-level array, in document order;
 *            the first decisive key wins:
 *              "Event", "response"                        -> MISP
 *              "spec_version", "objects", "pattern",
 *              "pattern_type", "type": "bundle",
 *              "id": "<type>--<uuid>"                     -> STIX
 *              first key of the top-level object is a UUID and its value
 *              an object (the manifest.json map uuid -> {info, ...})
 *                                                         -> MISP_MANIFEST
 *            No decisive key: the name "manifest.json" gives MISP_MANIFEST,
 *            anything else STIX.
 *   other    text. Up to DETECT_LINES sample lines are taken: non-empty,
 *            not starting with '#' or ';' (after white space), a trailing
 *            " # ..." / " ; ..." comment cut off. With n samples:
 *              more than n/2 "address name..." lines (address any literal
 *              IPv4/IPv6, the name not a number), at least one of them with
 *              a sink address 0.0.0.0 127.0.0.1 :: ::1     -> HOSTS
 *              more than n/2 "ip[/len],digits,digits"       -> IPREP
 *              more than n/2 "<32 hex>,<uuid>"              -> MISP_HASHES
 *              the first DETECT_LINES records read as RFC 4180 CSV (quoted
 *              fields, comment lines skipped) all have the same number of
 *              fields, at least 2                           -> CSV
 *              otherwise                                    -> LIST
 *            No sample line at all (empty, only comments): the name decides
 *            ("hashes.csv" -> MISP_HASHES, "*.csv" -> CSV, "hosts",
 *            "*.hosts" -> HOSTS, else LIST).
 *
 * Report
 * ------
 * A report counts everything and keeps the first LF_FEED_MAX_ISSUES issue
 * records in a malloc'd array that grows by doubling; issues past the cap,
 * or past an allocation failure, are counted in issues_dropped. Counts by
 * severity are always exact.
 */
#include "core/ascii.h"
#include "feed/feed.h"
#include "feed/json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/addr.h"
#include "core/err.h"

#define DETECT_WINDOW ((size_t)64 * 1024)
#define DETECT_LINES 16
#define JSON_SCAN_DEPTH 64

/* ---------------------------------------------------------------------- */
/* Format names                                                            */

static const char *const format_names[LF_FEED__COUNT] = {
	[LF_FEED_AUTO] = "auto",
	[LF_FEED_STIX] = "stix",
	[LF_FEED_MISP] = "misp",
	[LF_FEED_MISP_MANIFEST] = "misp-manifest",
	[LF_FEED_MISP_HASHES] = "misp-hashes",
	[LF_FEED_LIST] = "list",
	[LF_FEED_HOSTS] = "hosts",
	[LF_FEED_IPREP] = "iprep",
	[LF_FEED_CSV] = "csv",
};

const char *lf_feed_format_name(enum lf_feed_format f)
{
	if ((unsigned)f >= LF_FEED__COUNT)
		return "unknown";
	return format_names[f];
}

/* Case-insensitive, '-' and '_' equal. */
static int name_eq(const char *s, const char *name)
{
	for (;; s++, name++) {
		unsigned char a = (unsigned char)*s, b = (unsigned char)*name;
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (a == '_')
			a = '-';
		if (a != b)
			return 0;
		if (a == '\0')
			return 1;
	}
}

int lf_feed_format_parse(const char *s, enum lf_feed_format *out)
{
	static const struct {
		const char *name;
		enum lf_feed_format f;
	} alias[] = {
		{"stix2", LF_FEED_STIX},   {"txt", LF_FEED_LIST},
		{"netset", LF_FEED_LIST},  {"ipset", LF_FEED_LIST},
		{"suricata-iprep", LF_FEED_IPREP},
	};

	if (s == NULL || out == NULL)
		return -EINVAL;
	for (unsigned i = 0; i < LF_FEED__COUNT; i++) {
		if (name_eq(s, format_names[i])) {
			*out = (enum lf_feed_format)i;
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++) {
		if (name_eq(s, alias[i].name)) {
			*out = alias[i].f;
			return 0;
		}
	}
	return LF_EFORMAT;
}

/* ---------------------------------------------------------------------- */
/* Report                                                                  */

void lf_feed_report_init(struct lf_feed_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->format = LF_FEED_AUTO;
}

void lf_feed_report_free(struct lf_feed_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->issues);
	lf_feed_report_init(rep);
}

/* Room for one more issue record: 0, or -1 when it has to be dropped. */
static int issue_room(struct lf_feed_report *rep)
{
	if (rep->n_issues >= LF_FEED_MAX_ISSUES)
		return -1;
	/* The array grows 16, 32, ... and is capped at LF_FEED_MAX_ISSUES;
	 * its capacity is implied by n_issues, so none is stored. */
	size_t cap = 0;
	if (rep->issues != NULL) {
		cap = 16;
		while (cap < rep->n_issues)
			cap *= 2;
		if (cap > LF_FEED_MAX_ISSUES)
			cap = LF_FEED_MAX_ISSUES;
	}
	if (rep->n_issues < cap)
		return 0;
	size_t ncap = cap ? cap * 2 : 16;
	if (ncap > LF_FEED_MAX_ISSUES)
		ncap = LF_FEED_MAX_ISSUES;
	struct lf_feed_issue *n = realloc(rep->issues, ncap * sizeof(*n));
	if (n == NULL)
		return -1;
	rep->issues = n;
	return 0;
}

void lf_feed_report_issue(struct lf_feed_report *rep, enum lf_feed_severity sev,
			  const char *where, const char *fmt, ...)
{
	switch (sev) {
	case LF_FEED_UNSUPPORTED:
		rep->unsupported++;
		break;
	case LF_FEED_SKIPPED:
		rep->skipped++;
		break;
	case LF_FEED_REJECTED:
	default:
		sev = LF_FEED_REJECTED;
		rep->rejected++;
		break;
	}
	if (issue_room(rep) != 0) {
		rep->issues_dropped++;
		return;
	}
	struct lf_feed_issue *is = &rep->issues[rep->n_issues++];
	is->severity = sev;
	snprintf(is->where, sizeof(is->where), "%s", where ? where : "");
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(is->reason, sizeof(is->reason), fmt, ap);
	va_end(ap);
	if (n < 0)
		is->reason[0] = '\0';
}

int lf_feed_report_add(struct lf_feed_report *rep, struct lf_iocset *set,
		       const struct lf_ioc *ioc, const char *where)
{
	int r = lf_iocset_add(set, ioc);
	if (r == 0) {
		rep->imported++;
		if (ioc->type < LF_IOC__COUNT)
			rep->per_type[ioc->type]++;
		return 0;
	}
	enum lf_ioc_type t = ioc->type < LF_IOC__COUNT
				     ? (enum lf_ioc_type)ioc->type
				     : LF_IOC_NONE;
	lf_feed_report_issue(rep, LF_FEED_REJECTED, where, "%s %.200s: %s",
			     lf_ioc_type_name(t),
			     ioc->value ? ioc->value : "(null)",
			     lf_strerror(r));
	return r;
}

/* ---------------------------------------------------------------------- */
/* Detection helpers                                                       */

static size_t skip_bom(const char *buf, size_t len)
{
	if (len >= 3 && (unsigned char)buf[0] == 0xef &&
	    (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
		return 3;
	return 0;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static int all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Length of a valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong 3/4-byte forms, surrogates, > U+10FFFF. */
	if (c == 0xe0 && p[1] < 0xa0)
		return 0;
	if (c == 0xed && p[1] > 0x9f)
		return 0;
	if (c == 0xf0 && p[1] < 0x90)
		return 0;
	if (c == 0xf4 && p[1] > 0x8f)
		return 0;
	return len;
}

static int looks_binary(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
	} magic[] = {
		{"\x1f\x8b", 2},                 /* gzip */
		{"PK\x03\x04", 4},               /* zip */
		{"\xfd" "7zXZ\x00", 6},          /* xz */
		{"\x28\xb5\x2f\xfd", 4},         /* zstd */
		{"BZh", 3},                      /* bzip2 (checked below) */
	};
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++) {
		if (n < magic[i].len || memcmp(p, magic[i].magic, magic[i].len))
			continue;
		if (magic[i].magic[0] == 'B') {
			/* "BZh" + block size digit + block magic "1AY&SY" */
			if (n >= 10 && p[3] >= '1' && p[3] <= '9' &&
			    memcmp(p + 4, "1AY&SY", 6) == 0)
				return 1;
			continue;
		}
		return 1;
	}

	size_t w = n < 4096 ? n : 4096, bad = 0;
	for (size_t i = 0; i < w;) {
		unsigned char c = p[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != '\v') {
			bad++;
			i++;
			continue;
		}
		if (c == 0x7f) {
			bad++;
			i++;
			continue;
		}
		size_t l = utf8_len(p + i, w - i);
		if (l == 0) {
			/* A sequence cut by the sample's end is not evidence. */
			if (!(w < n && i + 4 > w))
				bad++;
			l = 1;
		}
		i += l;
	}
	return bad * 8 > w;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */

static int key_is(const char *k, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return n == l && memcmp(k, lit, l) == 0;
}

/* End of the JSON string whose opening quote is p[i]: index past the
 * closing quote, or 0 if it does not close inside n. */
static size_t json_str_end(const char *p, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (p[i] == '"')
			return i + 1;
	}
	return 0;
}

static size_t skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && is_ws(p[i]))
		i++;
	return i;
}

/*
 * A key at a position that decides the format. v is the index of the
 * value's first byte (after ':' and white space). Returns the format or
 * LF_FEED_AUTO for "not decisive".
 */
static enum lf_feed_format json_key(const char *p, size_t n, const char *k,
				    size_t kn, size_t v, int first_of_top)
{
	if (key_is(k, kn, "Event") || key_is(k, kn, "response"))
		return LF_FEED_MISP;
	if (key_is(k, kn, "spec_version") || key_is(k, kn, "objects") ||
	    key_is(k, kn, "pattern") || key_is(k, kn, "pattern_type"))
		return LF_FEED_STIX;
	if (v < n && p[v] == '"') {
		size_t e = json_str_end(p, n, v);
		if (e == 0)
			return LF_FEED_AUTO;
		const char *s = p + v + 1;
		size_t sn = e - v - 2;
		if (key_is(k, kn, "type") && key_is(s, sn, "bundle"))
			return LF_FEED_STIX;
		if (key_is(k, kn, "id")) {
			const char *dd = memmem(s, sn, "--", 2);
			if (dd != NULL && dd != s &&
			    lf_feed_is_uuid(dd + 2, sn - (size_t)(dd + 2 - s)))
				return LF_FEED_STIX;
		}
	}
	if (first_of_top && v < n && p[v] == '{' && lf_feed_is_uuid(k, kn))
		return LF_FEED_MISP_MANIFEST;
	return LF_FEED_AUTO;
}

static enum lf_feed_format detect_json(const char *p, size_t n)
{
	char stack[JSON_SCAN_DEPTH]; /* '{' or '[' per open container */
	size_t depth = 0, top_keys = 0;
	int expect_key = 0;

	for (size_t i = 0; i < n;) {
		char c = p[i];
		if (is_ws(c)) {
			i++;
			continue;
		}
		switch (c) {
		case '{':
		case '[':
			if (depth == JSON_SCAN_DEPTH)
				return LF_FEED_AUTO;
			stack[depth++] = c;
			expect_key = c == '{';
			i++;
			continue;
		case '}':
		case ']':
			if (depth == 0)
				return LF_FEED_AUTO;
			if (--depth == 0)
				return LF_FEED_AUTO; /* whole value seen */
			expect_key = 0;
			i++;
			continue;
		case ',':
			expect_key = depth > 0 && stack[depth - 1] == '{';
			i++;
			continue;
		case ':':
			expect_key = 0;
			i++;
			continue;
		case '"':
			break;
		default:
			i++;
			continue;
		}

		size_t e = json_str_end(p, n, i);
		if (e == 0)
			return LF_FEED_AUTO;
		if (expect_key) {
			int top = depth == 1 && stack[0] == '{';
			int elem = depth == 2 && stack[0] == '[' && stack[1] == '{';
			if (top || elem) {
				size_t v = skip_ws(p, n, e);
				if (v < n && p[v] == ':')
					v = skip_ws(p, n, v + 1);
				enum lf_feed_format f =
					json_key(p, n, p + i + 1, e - i - 2, v,
						 top && top_keys == 0);
				if (f != LF_FEED_AUTO)
					return f;
				if (top)
					top_keys++;
			}
			expect_key = 0;
		}
		i = e;
	}
	return LF_FEED_AUTO;
}

/* ---------------------------------------------------------------------- */
/* Text                                                                    */

/* Count the fields of the CSV record at p[*i] (RFC 4180 quoting), move *i
 * past it. -1 if a quoted field does not close within n. */
static int csv_fields(const char *p, size_t n, size_t *i)
{
	int fields = 1, quoted = 0;
	size_t k = *i;
	for (; k < n; k++) {
		char c = p[k];
		if (quoted) {
			if (c == '"') {
				if (k + 1 < n && p[k + 1] == '"')
					k++;
				else
					quoted = 0;
			}
			continue;
		}
		if (c == '"')
			quoted = 1;
		else if (c == ',')
			fields++;
		else if (c == '\n')
			break;
	}
	if (quoted)
		return -1;
	*i = k < n ? k + 1 : n;
	return fields;
}

static int detect_csv(const char *p, size_t n, size_t start)
{
	int want = -1, records = 0;
	size_t i = start;
	while (i < n && records < DETECT_LINES) {
		size_t j = i;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
			j++;
		if (j >= n)
			break;
		if (p[j] == '\n' || p[j] == '#') {
			const char *nl = memchr(p + j, '\n', n - j);
			i = nl ? (size_t)(nl - p) + 1 : n;
			continue;
		}
		size_t k = i;
		int f = csv_fields(p, n, &k);
		if (f < 0) /* cut by the window: judge what we have */
			break;
		/* A record cut by the window end is not evidence either way. */
		if (k == n && n == DETECT_WINDOW)
			break;
		if (want < 0)
			want = f;
		else if (f != want)
			return 0;
		records++;
		i = k;
	}
	return want >= 2;
}

static int is_sink(const struct lf_addr *a)
{
	static const uint8_t zero[16] = {0};
	if (a->af == LF_AF_V4)
		return lf_addr_v4(a) == 0 || lf_addr_v4(a) == 0x7f000001u;
	if (memcmp(a->b, zero, 15) != 0)
		return 0;
	return a->b[15] == 0 || a->b[15] == 1;
}

struct text_votes {
	unsigned n, hosts, sink, iprep, hashes;
};

static void vote_line(const char *s, size_t n, struct text_votes *v)
{
	/* Cut a trailing " # ..." / " ; ..." comment, trim. */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] == '#' || s[i] == ';') &&
		    (s[i - 1] == ' ' || s[i - 1] == '\t')) {
			n = i;
			break;
		}
	}
	while (n > 0 && is_ws(s[n - 1]))
		n--;
	v->n++;

	/* hosts: address, white space, a name that is not a number */
	size_t a = 0;
	while (a < n && s[a] != ' ' && s[a] != '\t')
		a++;
	if (a < n) {
		size_t b = a;
		while (b < n && (s[b] == ' ' || s[b] == '\t'))
			b++;
		size_t e = b;
		while (e < n && s[e] != ' ' && s[e] != '\t')
			e++;
		struct lf_addr addr;
		int r = lf_addr_parse(s, a, &addr);
		if ((r == 0 || r == LF_EZONE) && b < n &&
		    !all_digits(s + b, e - b) && memchr(s + b, ',', e - b) == NULL) {
			v->hosts++;
			if (r == 0 && is_sink(&addr))
				v->sink++;
		}
	}

	/* iprep / MISP hashes: exactly three / two comma-separated fields */
	const char *c1 = memchr(s, ',', n);
	if (c1 == NULL)
		return;
	size_t f1 = (size_t)(c1 - s);
	const char *rest = c1 + 1;
	size_t rn = n - f1 - 1;
	const char *c2 = memchr(rest, ',', rn);
	if (c2 == NULL) {
		int hex = f1 == 32;
		for (size_t i = 0; hex && i < 32; i++)
			hex = lf_is_hex(s[i]);
		if (hex && lf_feed_is_uuid(rest, rn))
			v->hashes++;
		return;
	}
	size_t f2 = (size_t)(c2 - rest);
	const char *f3s = c2 + 1;
	size_t f3 = rn - f2 - 1;
	if (memchr(f3s, ',', f3) != NULL)
		return;
	struct lf_prefix pfx;
	if (lf_prefix_parse(s, f1, 0, &pfx, NULL) == 0 &&
	    all_digits(rest, f2) && f2 <= 3 && all_digits(f3s, f3) && f3 <= 3)
		v->iprep++;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static enum lf_feed_format name_hint(const char *name, int json)
{
	if (name == NULL)
		return json ? LF_FEED_STIX : LF_FEED_LIST;
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (json)
		return strcasecmp(base, "manifest.json") == 0 ? LF_FEED_MISP_MANIFEST
							       : LF_FEED_STIX;
	if (strcasecmp(base, "hashes.csv") == 0)
		return LF_FEED_MISP_HASHES;
	if (has_suffix(base, ".csv"))
		return LF_FEED_CSV;
	if (strcasecmp(base, "hosts") == 0 || has_suffix(base, ".hosts") ||
	    strcasecmp(base, "hosts.txt") == 0)
		return LF_FEED_HOSTS;
	return LF_FEED_LIST;
}

static enum lf_feed_format detect_text(const char *p, size_t n,
				       const char *name)
{
	struct text_votes v = {0};
	size_t first = n; /* offset of the first sample line */

	for (size_t i = 0; i < n && v.n < DETECT_LINES;) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - p) : n;
		size_t next = nl ? e + 1 : n;
		if (nl == NULL && n == DETECT_WINDOW)
			break; /* line cut by the window */
		size_t s = i;
		while (s < e && is_ws(p[s]))
			s++;
		if (s < e && p[s] != '#' && p[s] != ';') {
			if (first == n)
				first = i;
			vote_line(p + s, e - s, &v);
		}
		i = next;
	}
	if (v.n == 0)
		return name_hint(name, 0);
	if (v.hosts * 2 > v.n && v.sink > 0)
		return LF_FEED_HOSTS;
	if (v.iprep * 2 > v.n)
		return LF_FEED_IPREP;
	if (v.hashes * 2 > v.n)
		return LF_FEED_MISP_HASHES;
	if (detect_csv(p, n, first))
		return LF_FEED_CSV;
	return LF_FEED_LIST;
}

enum lf_feed_format lf_feed_detect(const char *buf, size_t len,
				   const char *name)
{
	if (buf == NULL)
		len = 0;
	size_t off = skip_bom(buf, len);
	const char *p = buf + off;
	size_t n = len - off;
	if (n > DETECT_WINDOW)
		n = DETECT_WINDOW;

	if (looks_binary((const unsigned char *)p, n))
		return LF_FEED_AUTO;
	size_t i = skip_ws(p, n, 0);
	if (i < n && p[i] == '<')
		return LF_FEED_AUTO;
	if (i < n && (p[i] == '{' || p[i] == '[')) {
		enum lf_feed_format f = detect_json(p + i, n - i);
		return f != LF_FEED_AUTO ? f : name_hint(name, 1);
	}
	return detect_text(p, n, name);
}

/* ---------------------------------------------------------------------- */
/* Dispatch                                                                */

int lf_feed_import(const struct lf_feed_opts *opts, const char *buf, size_t len,
		   struct lf_iocset *set, struct lf_feed_report *rep)
{
	if (opts == NULL || set == NULL || rep == NULL ||
	    (buf == NULL && len > 0))
		return -EINVAL;
	if ((unsigned)opts->format >= LF_FEED__COUNT ||
	    (opts->default_confidence > 100 &&
	     opts->default_confidence != LF_CONF_UNSET) ||
	    (unsigned)opts->default_tlp >= LF_TLP__COUNT)
		return -EINVAL;
	const char *where = opts->name ? opts->name : "(input)";
	if (len > LF_FEED_MAX_INPUT) {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
				     "input of %zu bytes exceeds the %zu-byte limit",
				     len, LF_FEED_MAX_INPUT);
		return LF_ELIMIT;
	}
	if (buf == NULL)
		buf = "";
	size_t off = skip_bom(buf, len);
	buf += off;
	len -= off;

	struct lf_feed_opts o = *opts;
	if (o.format == LF_FEED_AUTO) {
		o.format = lf_feed_detect(buf, len, opts->name);
		if (o.format == LF_FEED_AUTO) {
			rep->format = LF_FEED_AUTO;
			lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
					     "not a feed: binary, compressed or "
					     "markup (HTML/XML) content");
			return LF_EFORMAT;
		}
	}
	rep->format = o.format;

	switch (o.format) {
	case LF_FEED_STIX:
		return lf_feed_import_stix(&o, buf, len, set, rep);
	case LF_FEED_MISP:
		return lf_feed_import_misp(&o, buf, len, set, rep);
	case LF_FEED_MISP_MANIFEST:
		lf_feed_report_issue(rep, LF_FEED_UNSUPPORTED, where,
				     "MISP feed manifest: list the events with "
				     "lf_feed_misp_manifest and import each "
				     "<uuid>.json");
		return LF_EUNSUP;
	case LF_FEED_MISP_HASHES:
	case LF_FEED_LIST:
	case LF_FEED_HOSTS:
	case LF_FEED_IPREP:
	case LF_FEED_CSV:
		return lf_feed_import_list(&o, buf, len, set, rep);
	case LF_FEED_AUTO:
	case LF_FEED__COUNT:
	default:
		break;
	}
	return -EINVAL;
}
