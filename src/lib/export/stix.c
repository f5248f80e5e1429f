/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stix.c — indicators as a STIX 2.1 bundle (OASIS STIX 2.1, §4.7
 * Indicator, §8.2 Bundle, §9 Patterning), for TAXII consumers and other
 * platforms; the STIX importer reads it back to the same indicators.
 *
 *   {"type":"bundle","id":"bundle--…","objects":[
 *   {"type":"marking-definition",…,"name":"TLP:AMBER",…},
 *   {"type":"indicator","spec_version":"2.1","id":"indicator--…",
 *    "created":…,"modified":…,"pattern":"[ipv4-addr:value = '10.0.0.0/8']",
 *    "pattern_type":"stix","pattern_version":"2.1","valid_from":…,
 *    "confidence":80,"labels":[…],"object_marking_refs":[…],…}
 *   ]}
 *
 * One object per line, keys in a fixed order, so equal inputs give equal
 * bytes. Decisions:
 *
 *  - ids are deterministic: "indicator--" + UUIDv5 (RFC 9562 §5.5; SHA-1
 *    over the namespace and the name) of "producer|type|value" in the
 *    namespace LF_STIX_NS (itself the UUIDv5 of the URL-namespace name
 *    "urn:lianfang:export:stix"). The same value from the same producer
 *    keeps its id across exports, so consumers update rather than pile
 *    up; another producer (opts->name) gets other ids, as STIX requires
 *    ids to be unique per object. The STIX JSON schemas accept only UUID
 *    versions 1-5, hence v5 and not a SHA-256 based v8.
 *  - created = modified = export time (millisecond precision, §3.2):
 *    confidence decays with time, so each export is a new version.
 *  - patterns: ipv4-addr/ipv6-addr values may be CIDR (§9 and the
 *    ipv4-addr SCO), hosts are written bare; file hashes use the
 *    hashing-algorithm-ov names MD5, SHA-1, SHA-256. STIX has no way to say
 *    "this domain and all below it" as a reducible comparison, so a domain
 *    covering its subdomains is exported as the bare name (documented loss).
 *  - valid_from is required: the indicator's, else its source's load time
 *    (not after now); valid_until only when bounded.
 *  - confidence: the effective confidence at `now` (0..100, §3.1).
 *  - TLP: object_marking_refs with the TLP 2.0 marking definitions of the
 *    OASIS extension (extension-definition--60a3c5c5-…; ids below), and
 *    those marking-definition objects are included in the bundle; the most
 *    restrictive TLP of the merged indicators applies.
 *  - labels: the union of the merged indicators' labels; kill_chain_phases
 *    from the best indicator's "chain:phase" list; external_references name
 *    every source that listed the value (with the indicator's ref as
 *    external_id when it has one). No indicator_types: the importer folds
 *    them into labels, which would not round-trip.
 *  - STIX forbids empty lists, so empty ones are left out — including
 *    "objects" of an empty bundle.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "export/priv.h"

/* ---- SHA-1 (FIPS 180-4 §6.1), only for UUIDv5 ---- */

struct sha1 {
	uint32_t h[5];
	uint64_t len;
	uint8_t buf[64];
	size_t n;
};

static uint32_t rol(uint32_t x, unsigned k)
{
	return (x << k) | (x >> (32 - k));
}

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

static void sha1_init(struct sha1 *s)
{
	static const uint32_t iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe,
				       0x10325476, 0xc3d2e1f0};
	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->n = 0;
}

static void sha1_update(struct sha1 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	s->len += len;
	while (len) {
		size_t k = 64 - s->n < len ? 64 - s->n : len;
		memcpy(s->buf + s->n, p, k);
		s->n += k;
		p += k;
		len -= k;
		if (s->n == 64) {
			sha1_block(s->h, s->buf);
			s->n = 0;
		}
	}
}

static void sha1_final(struct sha1 *s, uint8_t out[20])
{
	static const uint8_t pad[64] = {0x80};
	uint64_t bits = s->len * 8;
	uint8_t lenb[8];
	sha1_update(s, pad, s->n < 56 ? 56 - s->n : 120 - s->n);
	for (int i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(s, lenb, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

/* ---- UUIDv5 ---- */

/* uuid5(NAMESPACE_URL, "urn:lianfang:export:stix") */
static const uint8_t LF_STIX_NS[16] = {
	0x2b, 0xcc, 0x02, 0x4d, 0x28, 0x89, 0x51, 0xd9,
	0xba, 0x3a, 0x65, 0x1f, 0x7a, 0x1e, 0xfb, 0x57,
};

/* RFC 9562 §5.5: SHA-1(ns || name), version 5, variant 10. */
static void uuid5(const uint8_t ns[16], const char *const *parts, size_t n,
		  char out[37])
{
	struct sha1 s;
	uint8_t d[20];
	sha1_init(&s);
	sha1_update(&s, ns, 16);
	for (size_t i = 0; i < n; i++)
		sha1_update(&s, parts[i], strlen(parts[i]));
	sha1_final(&s, d);
	d[6] = (uint8_t)((d[6] & 0x0f) | 0x50);
	d[8] = (uint8_t)((d[8] & 0x3f) | 0x80);
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[d[i] >> 4];
		out[k++] = hex[d[i] & 15];
	}
	out[k] = '\0';
}

int lf_export_stix_id(const char *producer, enum lf_ioc_type type,
		      const char *value, char *out, size_t cap)
{
	char u[37];
	const char *parts[] = {producer ? producer : "lianfang", "|",
			       lf_ioc_type_name(type), "|", value};
	uuid5(LF_STIX_NS, parts, 5, u);
	int n = snprintf(out, cap, "indicator--%s", u);
	return n < 0 || (size_t)n >= cap ? LF_ELIMIT : 0;
}

/* ---- TLP 2.0 marking definitions (OASIS cti-stix-common-objects) ---- */

static const char *const tlp_ids[LF_TLP__COUNT] = {
	[LF_TLP_CLEAR] = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	[LF_TLP_GREEN] = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	[LF_TLP_AMBER] = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	[LF_TLP_AMBER_STRICT] =
		"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	[LF_TLP_RED] = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
};

static const char *const tlp_labels[LF_TLP__COUNT] = {
	[LF_TLP_CLEAR] = "CLEAR",	     [LF_TLP_GREEN] = "GREEN",
	[LF_TLP_AMBER] = "AMBER",	     [LF_TLP_AMBER_STRICT] = "AMBER+STRICT",
	[LF_TLP_RED] = "RED",
};

static int put_marking(struct lf_buf *b, enum lf_tlp t)
{
	return lf_buf_printf(
		b,
		"{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
		"\"id\":\"%s\",\"created\":\"2022-10-01T00:00:00.000Z\","
		"\"name\":\"TLP:%s\",\"extensions\":{\"extension-definition--"
		"60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":"
		"\"property-extension\",\"tlp_2_0\":\"%s\"}}}",
		tlp_ids[t], tlp_labels[t], lf_tlp_name(t));
}

/* ---- indicators ---- */

static int json_str(struct lf_buf *b, const char *s, size_t n)
{
	int rc = lf_buf_putc(b, '"');
	if (!rc)
		rc = lf_buf_json_str(b, s, n);
	if (!rc)
		rc = lf_buf_putc(b, '"');
	return rc;
}

/* A STIX pattern string literal: ' and \ escaped (§9.4). */
static int pattern(struct lf_buf *p, const struct lf_xent *e, const char *v)
{
	const char *path;
	switch (e->type) {
	case LF_IOC_IPV4:
		path = "ipv4-addr:value";
		break;
	case LF_IOC_IPV6:
		path = "ipv6-addr:value";
		break;
	case LF_IOC_DOMAIN:
		path = "domain-name:value";
		break;
	case LF_IOC_URL:
		path = "url:value";
		break;
	case LF_IOC_MD5:
		path = "file:hashes.MD5";
		break;
	case LF_IOC_SHA1:
		path = "file:hashes.'SHA-1'";
		break;
	case LF_IOC_SHA256:
		path = "file:hashes.'SHA-256'";
		break;
	case LF_IOC_EMAIL:
		path = "email-addr:value";
		break;
	default:
		return -EINVAL;
	}
	int rc = lf_buf_printf(p, "[%s = '", path);
	for (const char *s = v; *s && !rc; s++) {
		if (*s == '\'' || *s == '\\')
			rc = lf_buf_putc(p, '\\');
		if (!rc)
			rc = lf_buf_putc(p, *s);
	}
	if (!rc)
		rc = lf_buf_puts(p, "']");
	return rc;
}

/* ,"key":"<RFC 3339>" */
static int put_time(struct lf_buf *b, const char *key, lf_time_t t, int digits)
{
	char s[LF_TIME_STRLEN + 32];
	size_t k = strlen(key);
	s[0] = ',';
	s[1] = '"';
	memcpy(s + 2, key, k);
	memcpy(s + 2 + k, "\":\"", 3);
	int n = lf_export_time(t, digits, s + k + 5, LF_TIME_STRLEN);
	if (n < 0)
		return n;
	s[k + 5 + (size_t)n] = '"';
	return lf_buf_append(b, s, k + 6 + (size_t)n);
}

static int put_kill_chain(struct lf_buf *b, const char *kc)
{
	int rc = 0, first = 1;
	for (const char *p = kc; p && *p && !rc;) {
		size_t len = strcspn(p, ",");
		const char *colon = memchr(p, ':', len);
		if (colon && colon > p && colon + 1 < p + len) {
			rc = lf_buf_puts(b, first ? ",\"kill_chain_phases\":["
						  : ",");
			first = 0;
			if (!rc)
				rc = lf_buf_puts(b, "{\"kill_chain_name\":");
			if (!rc)
				rc = json_str(b, p, (size_t)(colon - p));
			if (!rc)
				rc = lf_buf_puts(b, ",\"phase_name\":");
			if (!rc)
				rc = json_str(b, colon + 1,
					      (size_t)(p + len - colon - 1));
			if (!rc)
				rc = lf_buf_putc(b, '}');
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (!rc && !first)
		rc = lf_buf_putc(b, ']');
	return rc;
}

static int put_refs(const struct lf_xctx *c, const struct lf_xent *e,
		    const struct lf_xmerged *m, struct lf_buf *b)
{
	int rc = 0;
	for (size_t i = 0; i < m->n_sources && !rc; i++) {
		const char *ref = NULL;
		for (uint32_t j = 0; j < e->n && !ref; j++) {
			const struct lf_ioc *ioc =
				c->cand[e->first + j].ioc;
			const struct lf_source *s =
				lf_iocset_source_cget(c->set, ioc->source);
			if (s && s->name && strlen(s->name) == m->sources[i].n &&
			    memcmp(s->name, m->sources[i].s, m->sources[i].n) ==
				    0 &&
			    ioc->ref && *ioc->ref)
				ref = ioc->ref;
		}
		rc = lf_buf_puts(b, i ? ",{\"source_name\":"
				      : ",\"external_references\":[{"
					"\"source_name\":");
		if (!rc)
			rc = json_str(b, m->sources[i].s, m->sources[i].n);
		if (!rc && ref) {
			rc = lf_buf_puts(b, ",\"external_id\":");
			if (!rc)
				rc = json_str(b, ref, strlen(ref));
		} else if (!rc) {
			rc = lf_buf_puts(b, ",\"description\":\"source that "
					    "listed this value\"");
		}
		if (!rc)
			rc = lf_buf_putc(b, '}');
	}
	if (!rc && m->n_sources)
		rc = lf_buf_putc(b, ']');
	return rc;
}

static lf_time_t valid_from(const struct lf_xctx *c, const struct lf_ioc *ioc)
{
	if (ioc->valid_from != LF_TIME_MIN)
		return ioc->valid_from;
	const struct lf_source *s = lf_iocset_source_cget(c->set, ioc->source);
	if (s && s->added > 0 && s->added < c->now)
		return s->added;
	return c->now;
}

static int indicator(struct lf_xctx *c, const struct lf_xent *e,
		     struct lf_buf *pat, const char *stamps)
{
	struct lf_buf *b = c->out;
	const struct lf_ioc *ioc = lf_export_rep_ioc(c, e);
	char val[LF_IOC_VALUE_MAX + 3], id[LF_EXPORT_STIX_ID_LEN];
	char pv[LF_PREFIX_STRLEN];
	struct lf_xmerged m;

	int n = lf_export_value_text(c, e, val, sizeof(val));
	if (n < 0)
		return n;
	int rc = lf_export_stix_id(c->name, (enum lf_ioc_type)e->type, val, id,
				   sizeof(id));
	if (rc)
		return rc;
	const char *pval = lf_export_key(c, e);
	if (e->type == LF_IOC_IPV4 || e->type == LF_IOC_IPV6) {
		if (lf_export_prefix_text(&e->pfx, pv, sizeof(pv)) < 0)
			return LF_ELIMIT;
		pval = pv;
	}
	lf_buf_reset(pat);
	rc = pattern(pat, e, pval);
	if (rc)
		return rc;
	rc = lf_export_merge(c, e, &m);
	if (rc)
		return rc;

	rc = lf_buf_puts(b, "{\"type\":\"indicator\",\"spec_version\":\"2.1\","
			    "\"id\":\"");
	if (!rc)
		rc = lf_buf_puts(b, id);
	if (!rc)
		rc = lf_buf_putc(b, '"');
	if (!rc)
		rc = lf_buf_puts(b, stamps);
	if (!rc)
		rc = lf_buf_puts(b, ",\"pattern\":");
	if (!rc)
		rc = json_str(b, pat->data, pat->len);
	if (!rc)
		rc = lf_buf_puts(b, ",\"pattern_type\":\"stix\","
				    "\"pattern_version\":\"2.1\"");
	if (!rc)
		rc = put_time(b, "valid_from", valid_from(c, ioc), -1);
	if (!rc && ioc->valid_until != LF_TIME_MAX)
		rc = put_time(b, "valid_until", ioc->valid_until, -1);
	if (!rc) {
		char conf[24];
		int n2 = snprintf(conf, sizeof(conf), ",\"confidence\":%u", e->conf);
		rc = lf_buf_append(b, conf, (size_t)n2);
	}
	for (size_t i = 0; i < m.n_labels && !rc; i++) {
		rc = lf_buf_puts(b, i ? "," : ",\"labels\":[");
		if (!rc)
			rc = json_str(b, m.labels[i].s, m.labels[i].n);
	}
	if (!rc && m.n_labels)
		rc = lf_buf_putc(b, ']');
	if (!rc)
		rc = put_kill_chain(b, ioc->kill_chain);
	if (!rc)
		rc = put_refs(c, e, &m, b);
	if (!rc && m.tlp != LF_TLP_UNSET)
		rc = lf_buf_printf(b, ",\"object_marking_refs\":[\"%s\"]",
				   tlp_ids[m.tlp]);
	if (!rc)
		rc = lf_buf_putc(b, '}');
	lf_export_merged_free(&m);
	c->rep->written++;
	return rc;
}

static int stix_prepare(struct lf_xctx *c)
{
	if (!c->name)
		c->name = "lianfang";
	return *c->name ? 0 : -EINVAL;
}

static int stix_write(struct lf_xctx *c)
{
	struct lf_buf *b = c->out;
	char bid[37], now[24];
	snprintf(now, sizeof(now), "%lld", (long long)c->now);
	const char *parts[] = {c->name, "|bundle|", now};
	uuid5(LF_STIX_NS, parts, 3, bid);

	/* which TLP markings are referenced */
	unsigned used = 0;
	for (size_t i = 0; i < c->n_ent; i++) {
		const struct lf_xent *e = &c->ent[i];
		unsigned t = LF_TLP_UNSET;
		for (uint32_t j = 0; j < e->n; j++) {
			unsigned u = c->cand[e->first + j].ioc
					     ->tlp;
			if (u > t)
				t = u;
		}
		if (t != LF_TLP_UNSET && t < LF_TLP__COUNT)
			used |= 1u << t;
	}

	int rc = lf_buf_printf(b, "{\"type\":\"bundle\",\"id\":\"bundle--%s\"",
			       bid);
	if (!rc && (used || c->n_ent))
		rc = lf_buf_puts(b, ",\"objects\":[\n");
	int first = 1;
	for (unsigned t = LF_TLP_CLEAR; t < LF_TLP__COUNT && !rc; t++) {
		if (!(used & (1u << t)))
			continue;
		if (!first)
			rc = lf_buf_puts(b, ",\n");
		first = 0;
		if (!rc)
			rc = put_marking(b, (enum lf_tlp)t);
	}
	/* ,"created":"...","modified":"..." is the same for every indicator */
	struct lf_buf pat, stamps;
	lf_buf_init(&pat, 0);
	lf_buf_init(&stamps, 0);
	if (!rc)
		rc = put_time(&stamps, "created", c->now, 3);
	if (!rc)
		rc = put_time(&stamps, "modified", c->now, 3);
	for (size_t i = 0; i < c->n_ent && !rc; i++) {
		if (!first)
			rc = lf_buf_puts(b, ",\n");
		first = 0;
		if (!rc)
			rc = indicator(c, &c->ent[i], &pat, stamps.data);
	}
	lf_buf_free(&pat);
	lf_buf_free(&stamps);
	if (!rc && (used || c->n_ent))
		rc = lf_buf_puts(b, "\n]");
	if (!rc)
		rc = lf_buf_puts(b, "}\n");
	return rc;
}

const struct lf_xfmt lf_export_fmt_stix = {
	.natural = LF_EXPORT_T_ALL,
	.allowed = LF_EXPORT_T_ALL,
	.prepare = stix_prepare,
	.write = stix_write,
};
