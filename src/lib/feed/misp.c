/* SPDX-License-Identifier: Apache-2.0 */
/*
 * misp.c — MISP event importer and MISP feed manifest reader.
 *
 * Input (MISP core format, draft-dulaunoy-misp-core-format): one event
 * {"Event": {...}}, a REST answer {"response": [{"Event": ...}, ...]} or
 * {"response": {"Attribute": [...]}}, a JSON array of events (wrapped or
 * bare), or one bare event object. An event carries "uuid", "Tag" (list of
 * {"name": ...}), "distribution", "Attribute" (list) and "Object" (list of
 * objects each with its own "Attribute" list). Every attribute is one
 * entry of the report.
 *
 * What becomes an indicator (docs/feeds-stix-misp.md has the full table):
 *
 *   ip-src ip-dst                 the address or prefix
 *   ip-src|port ip-dst|port       the address ("1.2.3.4|80", "[::1]|443");
 *                                 the port is dropped
 *   domain hostname hostname|port the name ("*.name" covers subdomains)
 *   domain|ip                     two indicators: the name and the address
 *   url                           the URL; uri only when absolute
 *   md5 sha1 sha256               the hash
 *   filename|md5|sha1|sha256      the hash (after the last '|')
 *   email email-src email-dst     the address
 *
 * Everything else is UNSUPPORTED, reported once per MISP type with the
 * number of attributes ("MISP type 'comment' not an indicator type (12
 * attributes)") so a big event does not push real problems out of the
 * issue list. The same summary is used for to_ids=false and deleted
 * attributes, which are SKIPPED. The severity counters still count every
 * attribute.
 *
 * TLP: attribute "tlp:*" tags, else event tags (most restrictive of several
 * on one level), else distribution "0" (your organisation only) means
 * TLP:AMBER+STRICT, else opts->default_tlp. Other distribution levels say
 * who a MISP instance may sync to, not how a recipient may disclose, and
 * are not turned into a TLP.
 *
 * Confidence: the misp:confidence-level and admiralty-scale:information-
 * credibility taxonomy tags (attribute over event; lowest of several), else
 * opts->default_confidence. threat_level_id is the threat's severity, not
 * the producer's confidence in the attribute, and is not used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "feed/feed.h"
#include "feed/json.h"
#include "ioc/ioc.h"

#define MAX_SUMMARIES 64

enum kind {
	K_NONE = 0,
	K_IP,       /* address or prefix, family from the text */
	K_IP_PORT,  /* "ip|port" */
	K_DOMAIN,
	K_HOST_PORT, /* "name|port" */
	K_DOMAIN_IP, /* "name|ip": two indicators */
	K_URL,
	K_URI,       /* URL when absolute, else unsupported */
	K_MD5,
	K_SHA1,
	K_SHA256,
	K_FILE_HASH, /* "filename|hash": hint in the table */
	K_EMAIL,
};

static const struct {
	const char *name;
	enum kind kind;
	enum lf_ioc_type hint;
} misp_types[] = {
	{ "ip-src", K_IP, LF_IOC_NONE },
	{ "ip-dst", K_IP, LF_IOC_NONE },
	{ "ip-src|port", K_IP_PORT, LF_IOC_NONE },
	{ "ip-dst|port", K_IP_PORT, LF_IOC_NONE },
	{ "domain", K_DOMAIN, LF_IOC_DOMAIN },
	{ "hostname", K_DOMAIN, LF_IOC_DOMAIN },
	{ "hostname|port", K_HOST_PORT, LF_IOC_DOMAIN },
	{ "domain|ip", K_DOMAIN_IP, LF_IOC_DOMAIN },
	{ "url", K_URL, LF_IOC_URL },
	{ "uri", K_URI, LF_IOC_URL },
	{ "md5", K_MD5, LF_IOC_MD5 },
	{ "sha1", K_SHA1, LF_IOC_SHA1 },
	{ "sha256", K_SHA256, LF_IOC_SHA256 },
	{ "filename|md5", K_FILE_HASH, LF_IOC_MD5 },
	{ "filename|sha1", K_FILE_HASH, LF_IOC_SHA1 },
	{ "filename|sha256", K_FILE_HASH, LF_IOC_SHA256 },
	{ "email", K_EMAIL, LF_IOC_EMAIL },
	{ "email-src", K_EMAIL, LF_IOC_EMAIL },
	{ "email-dst", K_EMAIL, LF_IOC_EMAIL },
};

/* Confidence taxonomies: MISP's own and the Admiralty (NATO) scale. */
static const struct {
	const char *tag; /* lowercase, value unquoted */
	uint8_t conf;
} conf_tags[] = {
	{ "misp:confidence-level=completely-confident", 100 },
	{ "misp:confidence-level=usually-confident", 75 },
	{ "misp:confidence-level=fairly-confident", 50 },
	{ "misp:confidence-level=rarely-confident", 25 },
	{ "misp:confidence-level=unconfident", 0 },
	{ "misp:confidence-level=confidence-cannot-be-evalued", LF_CONF_UNSET },
	{ "admiralty-scale:information-credibility=1", 100 },
	{ "admiralty-scale:information-credibility=2", 80 },
	{ "admiralty-scale:information-credibility=3", 60 },
	{ "admiralty-scale:information-credibility=4", 40 },
	{ "admiralty-scale:information-credibility=5", 20 },
	{ "admiralty-scale:information-credibility=6", LF_CONF_UNSET },
};

/* One summarised issue: many attributes, one record. */
struct summary {
	enum lf_feed_severity sev;
	char key[64];
	char first[128];
	size_t count;
};

struct ctx {
	const struct lf_feed_opts *opts;
	struct lf_iocset *set;
	struct lf_feed_report *rep;
	struct summary sums[MAX_SUMMARIES];
	size_t nsums;
	int fatal; /* -ENOMEM from below: stop */
};

/* What tags say, for one event or one attribute. */
struct tagmeta {
	enum lf_tlp tlp;  /* LF_TLP_UNSET when no TLP tag */
	uint8_t conf;     /* LF_CONF_UNSET when no confidence tag */
	int has_conf;
};

struct event {
	char where[128];
	struct tagmeta tags;
	const json_t *tag_list; /* for labels; may be NULL */
	int64_t dist;           /* -1 when absent */
};

/* Record sev/where/reason once per key; later ones only count. */
static void summarise(struct ctx *c, enum lf_feed_severity sev,
		      const char *key, const char *where, const char *reason)
{
	struct summary *s;

	for (size_t i = 0; i < c->nsums; i++) {
		s = &c->sums[i];
		if (s->sev == sev && strcmp(s->key, key) == 0) {
			s->count++;
			return;
		}
	}
	if (c->nsums == MAX_SUMMARIES || strlen(key) >= sizeof(s->key)) {
		lf_feed_report_issue(c->rep, sev, where, "%s", reason);
		return;
	}
	s = &c->sums[c->nsums++];
	s->sev = sev;
	snprintf(s->key, sizeof(s->key), "%s", key);
	snprintf(s->first, sizeof(s->first), "%s", where);
	s->count = 1;
}

static void flush_summaries(struct ctx *c)
{
	for (size_t i = 0; i < c->nsums; i++) {
		struct summary *s = &c->sums[i];
		const char *what = s->key + 2; /* after the "x:" prefix */

		switch (s->key[0]) {
		case 't':
			lf_feed_report_issue(c->rep, s->sev, s->first,
					     "MISP type '%s' not an indicator type "
					     "(%zu attribute%s, the first one named)",
					     what, s->count, s->count == 1 ? "" : "s");
			break;
		case 'n':
			lf_feed_report_issue(c->rep, s->sev, s->first,
					     "to_ids is false: context, not for "
					     "detection (%zu attribute%s, the first one named)",
					     s->count, s->count == 1 ? "" : "s");
			break;
		default:
			lf_feed_report_issue(c->rep, s->sev, s->first,
					     "%s (%zu attribute%s, the first one named)",
					     what, s->count, s->count == 1 ? "" : "s");
			break;
		}
		/* One record, but every attribute counts. */
		if (s->count > 1) {
			if (s->sev == LF_FEED_UNSUPPORTED)
				c->rep->unsupported += s->count - 1;
			else if (s->sev == LF_FEED_SKIPPED)
				c->rep->skipped += s->count - 1;
			else
				c->rep->rejected += s->count - 1;
		}
	}
	c->nsums = 0;
}

/* A short, printable excerpt of a value for an issue's reason. */
static const char *excerpt(char *dst, size_t cap, const char *s, size_t n)
{
	lf_feed_where(dst, cap, s, n);
	return dst;
}

static void tagmeta_init(struct tagmeta *m)
{
	m->tlp = LF_TLP_UNSET;
	m->conf = LF_CONF_UNSET;
	m->has_conf = 0;
}

/* Lowercase tag name with the quotes of a machine tag's value removed. */
static size_t tag_key(const char *s, size_t n, char *out, size_t cap)
{
	size_t len = 0;

	for (size_t i = 0; i < n && len + 1 < cap; i++) {
		char ch = s[i];
		if (ch == '"')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		out[len++] = ch;
	}
	out[len] = '\0';
	return len;
}

/*
 * Classify one tag name: TLP (1), confidence (2) or a label (0).
 */
static int tag_class(const char *s, size_t n, enum lf_tlp *tlp, uint8_t *conf)
{
	char key[96];

	if (n >= 4 && strncasecmp(s, "tlp:", 4) == 0 &&
	    lf_tlp_parse(s, n, tlp) == 0)
		return 1;
	if (n >= sizeof(key))
		return 0;
	tag_key(s, n, key, sizeof(key));
	for (size_t i = 0; i < sizeof(conf_tags) / sizeof(conf_tags[0]); i++) {
		if (strcmp(key, conf_tags[i].tag) == 0) {
			*conf = conf_tags[i].conf;
			return 2;
		}
	}
	return 0;
}

/*
 * Check a "Tag" list and read TLP and confidence from it. Labels are
 * gathered later by add_labels(). LF_ETYPE with *why set when malformed.
 */
static int read_tags(const json_t *list, struct tagmeta *m, char *why,
		     size_t whycap)
{
	size_t i;
	json_t *t;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list)) {
		snprintf(why, whycap, "Tag: expected array, got %s",
			 lf_feed_json_type_name(list));
		return LF_ETYPE;
	}
	json_array_foreach(list, i, t) {
		const char *s;
		size_t n;
		enum lf_tlp tlp;
		uint8_t conf;
		int rc = lf_feed_json_get_str(t, "name", &s, &n);

		if (!json_is_object(t)) {
			snprintf(why, whycap, "Tag[%zu]: expected object, got %s",
				 i, lf_feed_json_type_name(t));
			return LF_ETYPE;
		}
		if (rc == LF_ENOENT)
			continue;
		if (rc) {
			snprintf(why, whycap, "Tag[%zu].name: expected string, got %s",
				 i, lf_feed_json_type_name(json_object_get(t, "name")));
			return LF_ETYPE;
		}
		switch (tag_class(s, n, &tlp, &conf)) {
		case 1:
			if (tlp > m->tlp) /* most restrictive wins */
				m->tlp = tlp;
			break;
		case 2:
			/* Several confidence tags: the lowest (conservative). */
			if (conf != LF_CONF_UNSET &&
			    (!m->has_conf || m->conf == LF_CONF_UNSET || conf < m->conf))
				m->conf = conf;
			m->has_conf = 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Append the non-TLP, non-confidence tag names of a checked list. */
static int add_labels(struct lf_feed_join *j, const json_t *list)
{
	size_t i;
	json_t *t;

	if (!json_is_array(list))
		return 0;
	json_array_foreach(list, i, t) {
		const char *s;
		size_t n;
		enum lf_tlp tlp;
		uint8_t conf;
		int rc;

		if (lf_feed_json_get_str(t, "name", &s, &n))
			continue;
		if (tag_class(s, n, &tlp, &conf))
			continue;
		if ((rc = lf_feed_join_add(j, s, n, NULL, 0)) != 0)
			return rc;
	}
	return 0;
}

static int kind_of(const char *type, enum kind *k, enum lf_ioc_type *hint)
{
	for (size_t i = 0; i < sizeof(misp_types) / sizeof(misp_types[0]); i++) {
		if (strcmp(type, misp_types[i].name) == 0) {
			*k = misp_types[i].kind;
			*hint = misp_types[i].hint;
			return 0;
		}
	}
	return LF_ENOENT;
}

/* Record the result of an add: a negative errno stops the import. */
static void added(struct ctx *c, int rc)
{
	if (rc < 0 && rc > -1000)
		c->fatal = rc;
}

/*
 * Parse s[0..n) as an indicator of type hint (LF_IOC_NONE = an IP address
 * of either family) and add it. Issues go to where.
 */
static void add_value(struct ctx *c, const char *where, const char *mtype,
		      enum lf_ioc_type hint, const char *s, size_t n,
		      const struct lf_ioc *tmpl)
{
	struct lf_ioc_value v;
	struct lf_ioc ioc = *tmpl;
	char ex[72];
	int rc;

	if (hint == LF_IOC_NONE) {
		/* MISP ip types: the family is in the text. */
		if (n >= 2 && s[0] == '[' && memchr(s, ']', n) == s + n - 1) {
			s++;
			n -= 2;
		}
		hint = memchr(s, ':', n) ? LF_IOC_IPV6 : LF_IOC_IPV4;
	}
	rc = lf_ioc_value_parse(hint, s, n, &v);
	if (rc) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "%s value '%s': %s", mtype,
				     excerpt(ex, sizeof(ex), s, n), lf_strerror(rc));
		return;
	}
	if (v.masked) {
		/* "1.2.3.4/24": the host or the network? Not guessed. */
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "%s value '%s': %s", mtype,
				     excerpt(ex, sizeof(ex), s, n),
				     lf_strerror(LF_EHOSTBITS));
		return;
	}
	ioc.type = (uint8_t)v.type;
	ioc.value = v.text;
	if (v.type == LF_IOC_IPV4 || v.type == LF_IOC_IPV6)
		ioc.pfx = v.pfx;
	if (v.type == LF_IOC_DOMAIN && v.subdomains)
		ioc.flags |= LF_IOC_F_SUBDOMAINS;
	added(c, lf_feed_report_add(c->rep, c->set, &ioc, where));
}

/* Split s at the first (or last) '|'. 0 or LF_EMALF. */
static int split_bar(const char *s, size_t n, int last, size_t *at)
{
	const char *p = NULL;

	if (last) {
		for (size_t i = n; i > 0; i--) {
			if (s[i - 1] == '|') {
				p = s + i - 1;
				break;
			}
		}
	} else {
		p = memchr(s, '|', n);
	}
	if (!p)
		return LF_EMALF;
	*at = (size_t)(p - s);
	return 0;
}

/*
 * One attribute. ev is the event it belongs to; obj_deleted says its MISP
 * object was deleted.
 */
static void do_attribute(struct ctx *c, const struct event *ev,
			 const json_t *a, const char *fallback_where,
			 int obj_deleted)
{
	const struct lf_feed_opts *o = c->opts;
	char where[128], why[160], key[64], ex[72];
	const char *uuid = NULL, *type, *value;
	size_t ulen = 0, tlen, vlen, at;
	struct tagmeta am;
	struct lf_feed_join labels;
	struct lf_ioc tmpl;
	enum kind kind;
	enum lf_ioc_type hint;
	int64_t dist = -1;
	int to_ids = 1, deleted = 0, rc;
	lf_time_t first_seen = LF_TIME_MIN;

	c->rep->entries++;
	if (!json_is_object(a)) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, fallback_where,
				     "attribute: expected object, got %s",
				     lf_feed_json_type_name(a));
		return;
	}
	rc = lf_feed_json_get_str(a, "uuid", &uuid, &ulen);
	if (rc == 0 && lf_feed_is_uuid(uuid, ulen)) {
		lf_feed_where(where, sizeof(where), uuid, ulen);
	} else {
		snprintf(where, sizeof(where), "%s", fallback_where);
		if (rc != LF_ENOENT) {
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
					     "uuid: %s",
					     rc ? "expected string" : "not a UUID");
			return;
		}
		uuid = NULL;
	}

	if ((rc = lf_feed_json_get_str(a, "type", &type, &tlen)) != 0) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "type: %s",
				     rc == LF_ENOENT ? "missing" : "expected string");
		return;
	}
	if ((rc = lf_feed_json_get_str(a, "value", &value, &vlen)) != 0) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "value: %s",
				     rc == LF_ENOENT ? "missing" : "expected string");
		return;
	}
	rc = lf_feed_json_get_bool(a, "deleted", &deleted);
	if (rc == LF_ETYPE) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "deleted: expected boolean");
		return;
	}
	rc = lf_feed_json_get_bool(a, "to_ids", &to_ids);
	if (rc == LF_ETYPE) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "to_ids: expected boolean or \"0\"/\"1\"");
		return;
	}
	if (rc == LF_ENOENT)
		to_ids = 1; /* MISP's default for every type we take */
	rc = lf_feed_json_get_int(a, "distribution", 0, 5, &dist);
	if (rc == LF_ETYPE || rc == LF_ERANGE) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "distribution: expected 0..5");
		return;
	}
	rc = lf_feed_json_get_time(a, "first_seen", &first_seen);
	if (rc && rc != LF_ENOENT) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "first_seen: %s",
				     rc == LF_ETYPE ? "expected string" : lf_strerror(rc));
		return;
	}
	tagmeta_init(&am);
	if (read_tags(json_object_get(a, "Tag"), &am, why, sizeof(why))) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "%s", why);
		return;
	}

	if (deleted || obj_deleted) {
		summarise(c, LF_FEED_SKIPPED, obj_deleted ? "d:object deleted" :
			  "d:attribute deleted", where,
			  obj_deleted ? "object deleted" : "attribute deleted");
		return;
	}
	if (kind_of(type, &kind, &hint)) {
		char tx[48];
		lf_feed_where(tx, sizeof(tx), type, tlen);
		snprintf(key, sizeof(key), "t:%s", tx);
		snprintf(why, sizeof(why), "MISP type '%s' not an indicator type", tx);
		summarise(c, LF_FEED_UNSUPPORTED, key, where, why);
		return;
	}
	if (kind == K_URI && !(vlen > 3 && strstr(value, "://"))) {
		lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED, where,
				     "uri '%s': relative uri, not matchable",
				     excerpt(ex, sizeof(ex), value, vlen));
		return;
	}
	if (!to_ids && !o->include_noids) {
		summarise(c, LF_FEED_SKIPPED, "n:noids", where, "to_ids is false");
		return;
	}

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.source = o->source;
	tmpl.ref = uuid;
	tmpl.valid_from = first_seen;
	tmpl.valid_until = LF_TIME_MAX;
	tmpl.flags = to_ids ? 0 : LF_IOC_F_NOIDS;
	/* TLP: attribute tag > event tag > distribution 0 > default. */
	if (am.tlp != LF_TLP_UNSET)
		tmpl.tlp = (uint8_t)am.tlp;
	else if (ev->tags.tlp != LF_TLP_UNSET)
		tmpl.tlp = (uint8_t)ev->tags.tlp;
	else if (dist == 0 || ((dist == -1 || dist == 5) && ev->dist == 0))
		tmpl.tlp = LF_TLP_AMBER_STRICT;
	else
		tmpl.tlp = (uint8_t)o->default_tlp;
	if (am.has_conf)
		tmpl.confidence = am.conf;
	else if (ev->tags.has_conf)
		tmpl.confidence = ev->tags.conf;
	else
		tmpl.confidence = o->default_confidence;

	lf_feed_join_init(&labels);
	if ((rc = add_labels(&labels, ev->tag_list)) != 0 ||
	    (rc = add_labels(&labels, json_object_get(a, "Tag"))) != 0) {
		lf_feed_join_free(&labels);
		c->fatal = rc;
		return;
	}
	tmpl.labels = lf_feed_join_str(&labels);

	switch (kind) {
	case K_IP:
		add_value(c, where, type, LF_IOC_NONE, value, vlen, &tmpl);
		break;
	case K_IP_PORT:
	case K_HOST_PORT:
	case K_DOMAIN_IP:
	case K_FILE_HASH:
		if (split_bar(value, vlen, kind == K_FILE_HASH, &at)) {
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
					     "%s value '%s': no '|' separator", type,
					     excerpt(ex, sizeof(ex), value, vlen));
			break;
		}
		if (kind == K_FILE_HASH) {
			add_value(c, where, type, hint, value + at + 1,
				  vlen - at - 1, &tmpl);
			break;
		}
		add_value(c, where, type, hint, value, at, &tmpl);
		if (kind == K_DOMAIN_IP && !c->fatal)
			add_value(c, where, type, LF_IOC_NONE, value + at + 1,
				  vlen - at - 1, &tmpl);
		break;
	default:
		add_value(c, where, type, hint, value, vlen, &tmpl);
		break;
	}
	lf_feed_join_free(&labels);
}

static int attr_list(struct ctx *c, const struct event *ev, const json_t *list,
		     const char *what, int obj_deleted)
{
	char where[128];
	size_t i;
	json_t *a;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return LF_ETYPE;
	json_array_foreach(list, i, a) {
		snprintf(where, sizeof(where), "%.80s/%s[%zu]", ev->where, what, i);
		do_attribute(c, ev, a, where, obj_deleted);
		if (c->fatal)
			break;
	}
	return 0;
}

/* One event object (already unwrapped from {"Event": ...}). */
static void do_event(struct ctx *c, const json_t *e, const char *fallback)
{
	struct event ev;
	const char *s;
	size_t n, i;
	const json_t *objs, *o;
	char why[160], what[48];
	int rc;

	memset(&ev, 0, sizeof(ev));
	if (!json_is_object(e)) {
		c->rep->entries++;
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, fallback,
				     "event: expected object, got %s",
				     lf_feed_json_type_name(e));
		return;
	}
	rc = lf_feed_json_get_str(e, "uuid", &s, &n);
	if (rc == 0 && lf_feed_is_uuid(s, n)) {
		char u[40];
		lf_feed_where(u, sizeof(u), s, n);
		snprintf(ev.where, sizeof(ev.where), "event %s", u);
	} else {
		snprintf(ev.where, sizeof(ev.where), "%s", fallback);
		if (rc != LF_ENOENT) {
			c->rep->entries++;
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, ev.where,
					     "event uuid: %s",
					     rc ? "expected string" : "not a UUID");
			return;
		}
	}
	/*
	 * The event's metadata governs every attribute (TLP above all): if
	 * it is malformed, nothing of the event is imported.
	 */
	tagmeta_init(&ev.tags);
	ev.dist = -1;
	why[0] = '\0';
	rc = lf_feed_json_get_int(e, "distribution", 0, 4, &ev.dist);
	if (rc == LF_ETYPE || rc == LF_ERANGE) {
		snprintf(why, sizeof(why), "distribution: expected 0..4");
	} else {
		ev.tag_list = json_object_get(e, "Tag");
		rc = read_tags(ev.tag_list, &ev.tags, why, sizeof(why));
	}
	if (rc == LF_ETYPE || rc == LF_ERANGE) {
		c->rep->entries++;
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, ev.where,
				     "event %s; its attributes are not imported", why);
		return;
	}
	objs = json_object_get(e, "Object");
	if (attr_list(c, &ev, json_object_get(e, "Attribute"), "Attribute", 0)) {
		c->rep->entries++;
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, ev.where,
				     "Attribute: expected array");
	}
	if (c->fatal || !objs || json_is_null(objs))
		return;
	if (!json_is_array(objs)) {
		c->rep->entries++;
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, ev.where,
				     "Object: expected array, got %s",
				     lf_feed_json_type_name(objs));
		return;
	}
	json_array_foreach(objs, i, o) {
		int del = 0;

		snprintf(what, sizeof(what), "Object[%zu]", i);
		if (!json_is_object(o) ||
		    lf_feed_json_get_bool(o, "deleted", &del) == LF_ETYPE) {
			char w[128];
			snprintf(w, sizeof(w), "%.80s/%.40s", ev.where, what);
			c->rep->entries++;
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, w,
					     json_is_object(o) ?
					     "deleted: expected boolean" :
					     "object: expected object");
			continue;
		}
		snprintf(what, sizeof(what), "Object[%zu]/Attribute", i);
		if (attr_list(c, &ev, json_object_get(o, "Attribute"), what, del)) {
			char w[128];
			snprintf(w, sizeof(w), "%.80s/Object[%zu]", ev.where, i);
			c->rep->entries++;
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, w,
					     "Attribute: expected array");
		}
		if (c->fatal)
			return;
	}
}

static int looks_like_event(const json_t *v)
{
	return json_is_object(v) &&
	       (json_object_get(v, "Attribute") || json_object_get(v, "Object") ||
		json_object_get(v, "info"));
}

/* An element of a list of events: {"Event": {...}} or a bare event. */
static void do_list_item(struct ctx *c, const json_t *item, size_t i)
{
	char where[48];
	const json_t *e = json_object_get(item, "Event");

	snprintf(where, sizeof(where), "event[%zu]", i);
	do_event(c, e ? e : item, where);
}

int lf_feed_import_misp(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep)
{
	struct ctx c;
	json_t *root, *v, *item;
	size_t i;
	int rc;

	rep->format = LF_FEED_MISP;
	rc = lf_feed_json_load(buf, len, opts->name, rep, &root);
	if (rc)
		return rc;
	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.set = set;
	c.rep = rep;

	if (json_is_array(root)) {
		json_array_foreach(root, i, item) {
			do_list_item(&c, item, i);
			if (c.fatal)
				break;
		}
	} else if (json_is_object(root) && (v = json_object_get(root, "Event"))) {
		do_event(&c, v, "event");
	} else if (json_is_object(root) &&
		   (v = json_object_get(root, "response"))) {
		if (json_is_array(v)) {
			json_array_foreach(v, i, item) {
				do_list_item(&c, item, i);
				if (c.fatal)
					break;
			}
		} else if (json_is_object(v) && json_object_get(v, "Attribute")) {
			/* restSearch on attributes: no event around them. */
			do_event(&c, v, "response");
		} else {
			goto not_misp;
		}
	} else if (looks_like_event(root)) {
		do_event(&c, root, "event");
	} else {
		goto not_misp;
	}
	flush_summaries(&c);
	json_decref(root);
	return c.fatal;

not_misp:
	lf_feed_report_issue(rep, LF_FEED_REJECTED,
			     opts->name && *opts->name ? opts->name : "<input>",
			     "not a MISP event: expected {\"Event\": {...}}, "
			     "{\"response\": [...]} or an array of events, got %s",
			     lf_feed_json_type_name(root));
	json_decref(root);
	return LF_EFORMAT;
}

void lf_feed_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * manifest.json of a MISP feed: {"<event uuid>": {"info": ..., "Tag": [...],
 * "timestamp": ..., ...}, ...}. Keys are validated as UUIDs and returned
 * lowercase in file order; the values are only checked to be objects (the
 * events themselves carry everything the importer uses).
 */
int lf_feed_misp_manifest(const char *buf, size_t len, size_t max,
			  char ***uuids, size_t *n, struct lf_feed_report *rep)
{
	json_t *root, *val, *seen = NULL;
	const char *key;
	char where[128];
	char **out = NULL;
	size_t cnt = 0, total;
	int rc;

	*uuids = NULL;
	*n = 0;
	rep->format = LF_FEED_MISP_MANIFEST;
	rc = lf_feed_json_load(buf, len, "manifest.json", rep, &root);
	if (rc)
		return rc;
	if (!json_is_object(root)) {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, "manifest.json",
				     "manifest: expected an object of event uuids, "
				     "got %s", lf_feed_json_type_name(root));
		json_decref(root);
		return LF_EFORMAT;
	}
	total = json_object_size(root);
	if (total > max) {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, "manifest.json",
				     "manifest lists %zu events, limit is %zu",
				     total, max);
		json_decref(root);
		return LF_ELIMIT;
	}
	rc = -ENOMEM;
	if (total && !(out = calloc(total, sizeof(*out))))
		goto fail;
	/* Keys differing only in case are one event: a set of lowercase. */
	if (!(seen = json_object()))
		goto fail;
	json_object_foreach(root, key, val) {
		size_t klen = strlen(key);
		char u[37];

		rep->entries++;
		lf_feed_where(where, sizeof(where), key, klen);
		if (!lf_feed_is_uuid(key, klen)) {
			lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
					     "manifest key is not an event UUID");
			continue;
		}
		if (!json_is_object(val)) {
			lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
					     "manifest entry: expected object, got %s",
					     lf_feed_json_type_name(val));
			continue;
		}
		for (size_t i = 0; i < 36; i++) {
			char ch = key[i];
			u[i] = (ch >= 'A' && ch <= 'F') ? (char)(ch - 'A' + 'a') : ch;
		}
		u[36] = '\0';
		if (json_object_get(seen, u)) {
			lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
					     "duplicate event UUID (case differs)");
			continue;
		}
		if (json_object_set_new(seen, u, json_true()) ||
		    !(out[cnt] = strdup(u)))
			goto fail;
		cnt++;
	}
	json_decref(seen);
	json_decref(root);
	if (!cnt) {
		free(out);
		out = NULL;
	}
	*uuids = out;
	*n = cnt;
	return 0;

fail:
	lf_feed_strv_free(out, cnt);
	json_decref(seen);
	json_decref(root);
	return rc;
}
