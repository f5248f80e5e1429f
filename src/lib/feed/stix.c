/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix.c — STIX 2.1 importer: indicators of a bundle become lf_ioc records.
 *
 * Input: a bundle {"type": "bundle", "objects": [...]} (STIX 2.1 §8), one
 * STIX object, or a JSON array of objects. Every object is one entry of the
 * report. The import makes two passes over the objects:
 *
 *  1. Marking definitions (§7.2) in the input are indexed by id when they
 *     carry a TLP: definition_type "tlp" with definition.tlp (§7.2.1.4), a
 *     name "TLP:..." or the TLP 2.0 property extension "tlp_2_0". Indicators
 *     are indexed by id to find the newest version of each (§3.6: several
 *     versions of an object may travel together; only the one with the
 *     latest `modified` stands).
 *
 *  2. Each `indicator` (§4.7) with pattern_type "stix" is parsed and
 *     reduced (stix/pattern.h); every value of the reduction becomes one
 *     lf_ioc with the indicator's id as ref, its confidence, validity,
 *     labels, kill-chain phases and TLP.
 *
 * The well-known TLP marking definitions need not be in the input: their
 * ids are fixed by the STIX 2.1 specification (TLP 1.0, §7.2.1.4) and by
 * the OASIS TLP 2.0 extension (cti-stix-common-objects), and they win over
 * any object in the input that reuses one of those ids. When an indicator
 * references several TLP markings, the most restrictive applies.
 *
 * Non-indicator objects are counted and otherwise ignored, except cyber-
 * observable objects (SCOs, §6) sitting directly in the bundle: they are
 * facts ("this address exists"), not detection statements, and are
 * reported UNSUPPORTED so that a producer who meant them as a blocklist
 * sees why nothing was imported.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/err.h"
#include "feed/feed.h"
#include "feed/json.h"
#include "ioc/ioc.h"
#include "stix/pattern.h"

/* Per-indicator pattern arena: patterns are <= 64 KiB, trees a few MiB. */
#define PATTERN_ARENA_MAX ((size_t)64 << 20)

#define TLP2_EXTENSION "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

static const struct {
	const char *id;
	enum lf_tlp tlp;
} tlp_ids[] = {
	/* TLP 1.0, STIX 2.1 §7.2.1.4. WHITE is TLP 2.0 CLEAR. */
	{ "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", LF_TLP_CLEAR },
	{ "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", LF_TLP_GREEN },
	{ "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", LF_TLP_AMBER },
	{ "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", LF_TLP_RED },
	/* TLP 2.0 (OASIS cti-stix-common-objects, extension 60a3c5c5). */
	{ "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", LF_TLP_CLEAR },
	{ "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", LF_TLP_GREEN },
	{ "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", LF_TLP_AMBER },
	{ "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", LF_TLP_AMBER_STRICT },
	{ "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", LF_TLP_RED },
};

/* STIX 2.1 §6: the cyber-observable object types. */
static const char *const sco_types[] = {
	"artifact",        "autonomous-system", "directory",
	"domain-name",     "email-addr",        "email-message",
	"file",            "ipv4-addr",         "ipv6-addr",
	"mac-addr",        "mutex",             "network-traffic",
	"process",         "software",          "url",
	"user-account",    "windows-registry-key", "x509-certificate",
};

struct ctx {
	const struct lf_feed_opts *opts;
	struct lf_iocset *set;
	struct lf_feed_report *rep;
	lf_time_t now;
	json_t *objects;  /* the array walked */
	json_t *markings; /* marking id -> TLP (integer) from the input */
	json_t *latest;   /* indicator id -> index of its newest version */
	struct lf_arena arena;
	int fatal;
};

static enum lf_tlp well_known_tlp(const char *id)
{
	for (size_t i = 0; i < sizeof(tlp_ids) / sizeof(tlp_ids[0]); i++)
		if (strcmp(id, tlp_ids[i].id) == 0)
			return tlp_ids[i].tlp;
	return LF_TLP_UNSET;
}

static int is_sco(const char *type)
{
	for (size_t i = 0; i < sizeof(sco_types) / sizeof(sco_types[0]); i++)
		if (strcmp(type, sco_types[i]) == 0)
			return 1;
	return 0;
}

static enum lf_tlp tlp_of_string(const json_t *v)
{
	enum lf_tlp t;

	if (!json_is_string(v) ||
	    lf_tlp_parse(json_string_value(v), json_string_length(v), &t))
		return LF_TLP_UNSET;
	return t;
}

/* The TLP a marking-definition object carries, or LF_TLP_UNSET. */
static enum lf_tlp marking_tlp(const json_t *m)
{
	const char *s;
	size_t n;
	enum lf_tlp t;
	const json_t *def, *ext;

	/* §7.2.1.4: definition_type "tlp", definition {"tlp": "amber"}. */
	if (lf_feed_json_get_str(m, "definition_type", &s, &n) == 0 &&
	    strcasecmp(s, "tlp") == 0) {
		def = json_object_get(m, "definition");
		if (json_is_object(def))
			def = json_object_get(def, "tlp");
		if ((t = tlp_of_string(def)) != LF_TLP_UNSET)
			return t;
	}
	/* TLP 2.0 extension: {"extensions": {"extension-definition--60a3…":
	 * {"tlp_2_0": "amber+strict"}}}. */
	ext = json_object_get(json_object_get(m, "extensions"), TLP2_EXTENSION);
	if ((t = tlp_of_string(json_object_get(ext, "tlp_2_0"))) != LF_TLP_UNSET)
		return t;
	/* A name "TLP:GREEN" on a custom marking. */
	if (lf_feed_json_get_str(m, "name", &s, &n) == 0 && n > 4 &&
	    strncasecmp(s, "tlp:", 4) == 0 && lf_tlp_parse(s, n, &t) == 0)
		return t;
	return LF_TLP_UNSET;
}

static lf_time_t modified_of(const json_t *o)
{
	lf_time_t t;

	if (lf_feed_json_get_time(o, "modified", &t))
		return LF_TIME_MIN;
	return t;
}

/* Pass 1: index TLP markings and the newest version of each indicator. */
static int index_objects(struct ctx *c)
{
	size_t i;
	json_t *o;

	json_array_foreach(c->objects, i, o) {
		const char *type, *id;
		size_t tn, idn;
		json_t *prev;

		if (lf_feed_json_get_str(o, "type", &type, &tn) ||
		    lf_feed_json_get_str(o, "id", &id, &idn))
			continue;
		if (strcmp(type, "marking-definition") == 0) {
			enum lf_tlp t = marking_tlp(o);
			if (t != LF_TLP_UNSET &&
			    json_object_set_new(c->markings, id, json_integer(t)))
				return -ENOMEM;
		} else if (strcmp(type, "indicator") == 0) {
			prev = json_object_get(c->latest, id);
			if (prev) {
				json_t *po = json_array_get(c->objects,
							    (size_t)json_integer_value(prev));
				/* Later `modified` wins; on a tie the first. */
				if (modified_of(o) <= modified_of(po))
					continue;
			}
			if (json_object_set_new(c->latest, id,
						json_integer((json_int_t)i)))
				return -ENOMEM;
		}
	}
	return 0;
}

/* Raise *tlp to the TLP of marking reference ref, if it is one. */
static void apply_marking(const struct ctx *c, const char *ref, enum lf_tlp *tlp)
{
	enum lf_tlp t = well_known_tlp(ref);

	if (t == LF_TLP_UNSET) {
		json_t *v = json_object_get(c->markings, ref);
		if (v)
			t = (enum lf_tlp)json_integer_value(v);
	}
	if (t > *tlp)
		*tlp = t;
}

/*
 * TLP of an indicator: the most restrictive of the TLP markings it
 * references, object-level (object_marking_refs) or granular (a TLP on any
 * part of the indicator is taken for the whole: over-restricting is the
 * safe error). 0 or LF_ETYPE with why filled.
 */
static int indicator_tlp(const struct ctx *c, const json_t *o, enum lf_tlp *tlp,
			 char *why, size_t whycap)
{
	const json_t *refs = json_object_get(o, "object_marking_refs");
	const json_t *gran = json_object_get(o, "granular_markings");
	const json_t *v;
	size_t i;

	*tlp = LF_TLP_UNSET;
	if (refs && !json_is_null(refs)) {
		if (!json_is_array(refs)) {
			snprintf(why, whycap, "object_marking_refs: expected array");
			return LF_ETYPE;
		}
		json_array_foreach(refs, i, v) {
			if (!json_is_string(v)) {
				snprintf(why, whycap,
					 "object_marking_refs[%zu]: expected string", i);
				return LF_ETYPE;
			}
			apply_marking(c, json_string_value(v), tlp);
		}
	}
	if (gran && !json_is_null(gran)) {
		if (!json_is_array(gran)) {
			snprintf(why, whycap, "granular_markings: expected array");
			return LF_ETYPE;
		}
		json_array_foreach(gran, i, v) {
			const char *s;
			size_t n;
			int rc = lf_feed_json_get_str(v, "marking_ref", &s, &n);

			if (!json_is_object(v) || rc == LF_ETYPE) {
				snprintf(why, whycap,
					 "granular_markings[%zu]: malformed", i);
				return LF_ETYPE;
			}
			if (rc == 0)
				apply_marking(c, s, tlp);
		}
	}
	return 0;
}

/* Add the strings of array `key` to j. 0 or LF_ETYPE (why filled). */
static int join_strings(struct lf_feed_join *j, const json_t *o, const char *key,
			char *why, size_t whycap)
{
	const json_t *arr = json_object_get(o, key), *v;
	size_t i;
	int rc;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(why, whycap, "%s: expected array, got %s", key,
			 lf_feed_json_type_name(arr));
		return LF_ETYPE;
	}
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			snprintf(why, whycap, "%s[%zu]: expected string, got %s", key,
				 i, lf_feed_json_type_name(v));
			return LF_ETYPE;
		}
		rc = lf_feed_join_add(j, json_string_value(v), json_string_length(v),
				      NULL, 0);
		if (rc)
			return rc;
	}
	return 0;
}

/* kill_chain_phases (§2.8): [{kill_chain_name, phase_name}] -> "name:phase". */
static int join_kill_chain(struct lf_feed_join *j, const json_t *o, char *why,
			   size_t whycap)
{
	const json_t *arr = json_object_get(o, "kill_chain_phases"), *v;
	size_t i;
	int rc;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(why, whycap, "kill_chain_phases: expected array");
		return LF_ETYPE;
	}
	json_array_foreach(arr, i, v) {
		const char *k, *p;
		size_t kn, pn;

		if (lf_feed_json_get_str(v, "kill_chain_name", &k, &kn) ||
		    lf_feed_json_get_str(v, "phase_name", &p, &pn)) {
			snprintf(why, whycap,
				 "kill_chain_phases[%zu]: expected {kill_chain_name, "
				 "phase_name} strings", i);
			return LF_ETYPE;
		}
		if ((rc = lf_feed_join_add(j, k, kn, p, pn)) != 0)
			return rc;
	}
	return 0;
}

static void added(struct ctx *c, int rc)
{
	if (rc < 0 && rc > -1000)
		c->fatal = rc;
}

/* One item of a reduction -> one indicator. */
static void add_item(struct ctx *c, const char *where,
		     const struct lf_stix_item *it, const struct lf_ioc *tmpl)
{
	struct lf_ioc_value v;
	struct lf_ioc ioc = *tmpl;
	char ex[72];
	int rc;

	lf_feed_where(ex, sizeof(ex), it->value, it->len);
	/* START/STOP qualifiers narrow the indicator's validity. */
	if (it->valid_from > ioc.valid_from)
		ioc.valid_from = it->valid_from;
	if (it->valid_until < ioc.valid_until)
		ioc.valid_until = it->valid_until;
	if (ioc.valid_until <= ioc.valid_from) {
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, where,
				     "'%s': START/STOP window lies outside "
				     "valid_from/valid_until", ex);
		return;
	}
	if (ioc.valid_until <= c->now) {
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, where,
				     "'%s': expired (STOP qualifier)", ex);
		return;
	}
	rc = lf_ioc_value_parse(it->type, it->value, it->len, &v);
	if (rc) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern value '%s'%s%s: %s", ex,
				     it->type ? " as " : "",
				     it->type ? lf_ioc_type_name(it->type) : "",
				     lf_strerror(rc));
		return;
	}
	if (v.masked) {
		/* ISSUBSET '10.0.0.7/8': the host or the network? Not guessed. */
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern value '%s': %s", ex,
				     lf_strerror(LF_EHOSTBITS));
		return;
	}
	if (v.type == LF_IOC_DOMAIN && v.subdomains) {
		/* STIX domain-name:value is one name (§6.3); no wildcards. */
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern value '%s': wildcard or leading dot is "
				     "not a STIX domain name", ex);
		return;
	}
	ioc.type = (uint8_t)v.type;
	ioc.value = v.text;
	if (v.type == LF_IOC_IPV4 || v.type == LF_IOC_IPV6)
		ioc.pfx = v.pfx;
	added(c, lf_feed_report_add(c->rep, c->set, &ioc, where));
}

static void do_indicator(struct ctx *c, const json_t *o, size_t idx,
			 const char *where)
{
	const struct lf_feed_opts *opts = c->opts;
	const char *pattern, *ptype;
	size_t plen, tn;
	char why[200];
	const json_t *conf, *latest;
	struct lf_ioc tmpl;
	struct lf_feed_join labels, kc;
	struct lf_stix_pattern *pat;
	struct lf_stix_perr perr;
	struct lf_stix_reduction red;
	enum lf_tlp tlp;
	lf_time_t from = LF_TIME_MIN, until = LF_TIME_MAX;
	int revoked = 0, rc;

	latest = json_object_get(c->latest, where);
	if (latest && (size_t)json_integer_value(latest) != idx) {
		json_t *other = json_array_get(c->objects,
					       (size_t)json_integer_value(latest));
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, where,
				     modified_of(other) == modified_of(o) ?
				     "duplicate of an earlier object with the same "
				     "id and modified" :
				     "superseded by a newer version (modified) in "
				     "the same input");
		return;
	}
	rc = lf_feed_json_get_bool(o, "revoked", &revoked);
	if (rc == LF_ETYPE || (rc == 0 && !json_is_boolean(json_object_get(o, "revoked")))) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "revoked: expected boolean");
		return;
	}
	if (revoked && !opts->include_revoked) {
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, where, "revoked");
		return;
	}
	/* pattern_type is required in 2.1; STIX 2.0 had only STIX patterns. */
	rc = lf_feed_json_get_str(o, "pattern_type", &ptype, &tn);
	if (rc == LF_ETYPE) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern_type: expected string");
		return;
	}
	if (rc == 0 && strcmp(ptype, "stix") != 0) {
		char ex[48];
		lf_feed_where(ex, sizeof(ex), ptype, tn);
		lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED, where,
				     "pattern_type '%s': only STIX patterns are "
				     "imported", ex);
		return;
	}
	rc = lf_feed_json_get_str(o, "pattern", &pattern, &plen);
	if (rc) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "pattern: %s",
				     rc == LF_ENOENT ? "missing" : "expected string");
		return;
	}
	conf = json_object_get(o, "confidence");
	if (conf && !json_is_null(conf) &&
	    (!json_is_integer(conf) || json_integer_value(conf) < 0 ||
	     json_integer_value(conf) > 100)) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "confidence: expected an integer 0..100 (§3.2), "
				     "got %s", lf_feed_json_type_name(conf));
		return;
	}
	rc = lf_feed_json_get_time(o, "valid_from", &from);
	if (rc && rc != LF_ENOENT) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "valid_from: %s", rc == LF_ETYPE ?
				     "expected string" : "not an RFC 3339 timestamp");
		return;
	}
	rc = lf_feed_json_get_time(o, "valid_until", &until);
	if (rc && rc != LF_ENOENT) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "valid_until: %s", rc == LF_ETYPE ?
				     "expected string" : "not an RFC 3339 timestamp");
		return;
	}
	if (until <= from) {
		/* §4.7: valid_until MUST be greater than valid_from. */
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "valid_until is not later than valid_from");
		return;
	}
	if (until <= c->now) {
		lf_feed_report_issue(c->rep, LF_FEED_SKIPPED, where,
				     "expired (valid_until in the past)");
		return;
	}
	if (indicator_tlp(c, o, &tlp, why, sizeof(why))) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "%s", why);
		return;
	}

	lf_feed_join_init(&labels);
	lf_feed_join_init(&kc);
	why[0] = '\0';
	rc = join_strings(&labels, o, "labels", why, sizeof(why));
	if (!rc)
		rc = join_strings(&labels, o, "indicator_types", why, sizeof(why));
	if (!rc)
		rc = join_kill_chain(&kc, o, why, sizeof(why));
	if (rc) {
		if (rc == LF_ETYPE)
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "%s", why);
		else
			c->fatal = rc;
		goto out;
	}

	lf_arena_reset(&c->arena);
	rc = lf_stix_pattern_parse(pattern, plen, &c->arena, &pat, &perr);
	if (rc == -ENOMEM) {
		c->fatal = rc;
		goto out;
	}
	if (rc == LF_ESYNTAX || rc == LF_EDEPTH) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern: offset %zu: %s", perr.offset, perr.msg);
		goto out;
	}
	if (rc) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern: %s", lf_strerror(rc));
		goto out;
	}
	memset(&red, 0, sizeof(red));
	rc = lf_stix_pattern_reduce(pat, &c->arena, &red);
	if (rc == -ENOMEM) {
		c->fatal = rc;
		goto out;
	}
	if (rc == LF_EUNSUP) {
		lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED, where,
				     "pattern not reducible to indicator values: %s",
				     red.reason);
		goto out;
	}
	if (rc) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "pattern: %s%s%s", lf_strerror(rc),
				     red.reason[0] ? ": " : "", red.reason);
		goto out;
	}

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.source = opts->source;
	tmpl.tlp = (uint8_t)(tlp != LF_TLP_UNSET ? tlp : opts->default_tlp);
	tmpl.confidence = conf && json_is_integer(conf) ?
			  (uint8_t)json_integer_value(conf) :
			  opts->default_confidence;
	tmpl.flags = revoked ? LF_IOC_F_REVOKED : 0;
	tmpl.ref = json_string_value(json_object_get(o, "id"));
	tmpl.labels = lf_feed_join_str(&labels);
	tmpl.kill_chain = lf_feed_join_str(&kc);
	tmpl.valid_from = from;
	tmpl.valid_until = until;
	for (size_t i = 0; i < red.n && !c->fatal; i++)
		add_item(c, where, &red.items[i], &tmpl);
out:
	lf_feed_join_free(&labels);
	lf_feed_join_free(&kc);
}

static void do_object(struct ctx *c, const json_t *o, size_t idx)
{
	const char *type, *id = NULL;
	size_t tn, idn = 0;
	char where[128];
	int rc;

	c->rep->entries++;
	snprintf(where, sizeof(where), "objects[%zu]", idx);
	if (!json_is_object(o)) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
				     "expected a STIX object, got %s",
				     lf_feed_json_type_name(o));
		return;
	}
	rc = lf_feed_json_get_str(o, "id", &id, &idn);
	if (rc == 0)
		lf_feed_where(where, sizeof(where), id, idn);
	if ((rc = lf_feed_json_get_str(o, "type", &type, &tn)) != 0) {
		lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where, "type: %s",
				     rc == LF_ENOENT ? "missing" : "expected string");
		return;
	}
	if (strcmp(type, "indicator") == 0) {
		/* §2.9: identifier = type "--" UUID. */
		if (!id || idn != 11 + 36 || memcmp(id, "indicator--", 11) != 0 ||
		    !lf_feed_is_uuid(id + 11, 36)) {
			lf_feed_report_issue(c->rep, LF_FEED_REJECTED, where,
					     "id: expected \"indicator--<UUID>\"");
			return;
		}
		do_indicator(c, o, idx, where);
	} else if (is_sco(type)) {
		lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED, where,
				     "observable, not an indicator (STIX SCO)");
	} else if (strcmp(type, "bundle") == 0) {
		lf_feed_report_issue(c->rep, LF_FEED_UNSUPPORTED, where,
				     "bundle inside a bundle (not allowed by §8)");
	}
	/* Other SDOs, SROs, markings, extensions: context, not indicators. */
}

int lf_feed_import_stix(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep)
{
	struct ctx c;
	json_t *root, *objs = NULL;
	const char *type, *name;
	size_t tn, i;
	json_t *o;
	int rc;

	rep->format = LF_FEED_STIX;
	name = opts->name && *opts->name ? opts->name : "<input>";
	rc = lf_feed_json_load(buf, len, opts->name, rep, &root);
	if (rc)
		return rc;

	if (json_is_array(root)) {
		objs = json_incref(root);
	} else if (json_is_object(root) &&
		   lf_feed_json_get_str(root, "type", &type, &tn) == 0) {
		if (strcmp(type, "bundle") == 0) {
			objs = json_object_get(root, "objects");
			if (!objs || json_is_null(objs)) {
				objs = json_array(); /* an empty bundle */
			} else if (!json_is_array(objs)) {
				lf_feed_report_issue(rep, LF_FEED_REJECTED, name,
						     "bundle objects: expected array, "
						     "got %s", lf_feed_json_type_name(objs));
				json_decref(root);
				return LF_EMALF;
			} else {
				json_incref(objs);
			}
		} else {
			objs = json_array();
			if (objs && json_array_append(objs, root)) {
				json_decref(objs);
				objs = NULL;
			}
		}
		if (!objs) {
			json_decref(root);
			return -ENOMEM;
		}
	} else {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, name,
				     "not STIX: expected a bundle, an object with "
				     "\"type\" or an array of objects, got %s",
				     lf_feed_json_type_name(root));
		json_decref(root);
		return LF_EFORMAT;
	}

	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.set = set;
	c.rep = rep;
	c.now = opts->now ? opts->now : lf_time_now();
	c.objects = objs;
	c.markings = json_object();
	c.latest = json_object();
	lf_arena_init(&c.arena, 0, PATTERN_ARENA_MAX);
	if (!c.markings || !c.latest || (rc = index_objects(&c)) != 0) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(objs, i, o) {
		do_object(&c, o, i);
		if (c.fatal)
			break;
	}
	rc = c.fatal;
out:
	lf_arena_free(&c.arena);
	json_decref(c.markings);
	json_decref(c.latest);
	json_decref(objs);
	json_decref(root);
	return rc;
}
