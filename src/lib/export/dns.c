/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dns.c — resolver formats: DNS RPZ zone files and hosts files.
 *
 * RPZ (draft-vixie-dnsop-dns-rpz, "DNS Response Policy Zones"; loaded by
 * Unbound's `rpz:` clause and BIND's `response-policy`). A zone file:
 *
 *   ; lianfang RPZ: policy nxdomain
 *   $ORIGIN rpz.lianfang.
 *   $TTL 300
 *   @ SOA localhost. hostmaster.localhost. SERIAL 3600 600 604800 300
 *   @ NS localhost.
 *   evil.example CNAME .                    QNAME trigger (§4.1)
 *   *.evil.example CNAME .                  ... and every name below it
 *   24.0.2.0.192.rpz-ip CNAME .             response-IP trigger (§4.3)
 *   48.zz.db8.2001.rpz-ip CNAME .           IPv6: groups reversed, the
 *                                           longest zero run as "zz"
 *
 * Owner names are relative to $ORIGIN (written explicitly, so the file
 * means the same whatever loads it). The action is the CNAME target
 * (§5): "." = NXDOMAIN, "*." = NODATA, "rpz-drop." = drop the query.
 * The SOA and NS records make a valid zone; resolvers ignore them as
 * policy. IP indicators become rpz-ip triggers only when asked for (types
 * include IP): they act on addresses in answers, which is a different
 * (and broader) policy from blocking names.
 *
 * Safety: a canonical domain whose last label is "rpz-ip", "rpz-nsdname"
 * or any "rpz-*" would be read by the resolver as a trigger of another
 * kind (a hostile feed listing "32.1.0.0.127.rpz-ip" would block
 * loopback answers), so such names are refused as unexpressible. A name
 * that does not fit in 255 octets under the zone is refused too; when
 * only its "*." form does not fit, the bare name is written (narrowed).
 *
 * hosts: "0.0.0.0 name" per line (0.0.0.0 rather than 127.0.0.1: no
 * connection attempt to a local service). A hosts file has no wildcard,
 * so a domain that covers its subdomains is written as the bare name and
 * counted as narrowed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "export/priv.h"

/* Wire length of "<name>.<zone>." from text lengths (no final dots). */
static size_t wire_len(size_t name, size_t zone)
{
	return name + 1 + zone + 2;
}

/* mname / rname: host-name characters only (they go into the file). */
static int check_dname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > LF_DOMAIN_MAX + 1)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		      ch == '.'))
			return -EINVAL;
	}
	return 0;
}

static int rpz_prepare(struct lf_xctx *c)
{
	const char *name = c->name ? c->name : "rpz.lianfang.";
	int n = lf_ioc_domain_normalize(name, strlen(name), c->zone,
					sizeof(c->zone));
	if (n <= 0)
		return -EINVAL;
	c->name = c->zone;
	if (c->o->rpz_soa_mname && check_dname(c->o->rpz_soa_mname))
		return -EINVAL;
	if (c->o->rpz_soa_rname && check_dname(c->o->rpz_soa_rname))
		return -EINVAL;
	return 0;
}

static int rpz_express(const struct lf_xctx *c, const struct lf_ioc *ioc,
		       uint16_t *koff)
{
	*koff = 0;
	if (ioc->type != LF_IOC_DOMAIN)
		return 1;
	const char *v = ioc->value;
	const char *tld = strrchr(v, '.');
	tld = tld ? tld + 1 : v;
	if (strncmp(tld, "rpz-", 4) == 0)
		return 0;
	return wire_len(strlen(v), strlen(c->zone)) <= 255;
}

static unsigned rpz_weight(const struct lf_xctx *c, const struct lf_xent *e,
			   int *narrowed)
{
	*narrowed = 0;
	if (!e->sub)
		return 1;
	size_t n = strlen(lf_export_key(c, e));
	if (wire_len(n + 2, strlen(c->zone)) <= 255)
		return 2;
	*narrowed = 1;
	return 1;
}

/* "<len>.<reversed address>.rpz-ip" relative name (draft §4.3). */
static int rpz_ip_name(const struct lf_prefix *p, char *buf, size_t cap)
{
	const uint8_t *b = p->addr.b;
	int n;
	if (p->addr.af == LF_AF_V4) {
		n = snprintf(buf, cap, "%u.%u.%u.%u.%u.rpz-ip", p->len, b[3],
			     b[2], b[1], b[0]);
		return n < 0 || (size_t)n >= cap ? LF_ELIMIT : n;
	}
	unsigned g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
	/* longest run of >= 2 zero groups, the first on ties (RFC 5952) */
	int best = -1, bestlen = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > bestlen) {
			best = i;
			bestlen = j - i;
		}
		i = j > i ? j : i + 1;
	}
	size_t len = 0;
	n = snprintf(buf, cap, "%u", p->len);
	if (n < 0 || (size_t)n >= cap)
		return LF_ELIMIT;
	len = (size_t)n;
	for (int i = 7; i >= 0; i--) {
		if (best >= 0 && i >= best && i < best + bestlen) {
			if (i == best)
				n = snprintf(buf + len, cap - len, ".zz");
			else
				continue;
		} else {
			n = snprintf(buf + len, cap - len, ".%x", g[i]);
		}
		if (n < 0 || (size_t)n >= cap - len)
			return LF_ELIMIT;
		len += (size_t)n;
	}
	n = snprintf(buf + len, cap - len, ".rpz-ip");
	if (n < 0 || (size_t)n >= cap - len)
		return LF_ELIMIT;
	return (int)(len + (size_t)n);
}

static int rpz_trigger(struct lf_xctx *c, const char *owner, const char *target)
{
	c->rep->written++;
	return lf_buf_printf(c->out, "%s CNAME %s\n", owner, target);
}

static int rpz_write(struct lf_xctx *c)
{
	static const char *const targets[LF_RPZ__COUNT] = {".", "*.",
							    "rpz-drop."};
	const struct lf_export_opts *o = c->o;
	const char *target = targets[o->rpz_policy];
	const char *mname = o->rpz_soa_mname ? o->rpz_soa_mname : "localhost.";
	const char *rname =
		o->rpz_soa_rname ? o->rpz_soa_rname : "hostmaster.localhost.";
	const char *mdot = mname[strlen(mname) - 1] == '.' ? "" : ".";
	const char *rdot = rname[strlen(rname) - 1] == '.' ? "" : ".";
	uint32_t ttl = o->rpz_ttl ? o->rpz_ttl : 300;
	uint32_t serial = o->serial;
	if (serial == 0) {
		lf_time_t s = c->now / LF_USEC_PER_SEC;
		serial = (uint32_t)((uint64_t)s & 0xffffffffu);
	}
	int rc = lf_buf_printf(c->out,
			       "; lianfang RPZ: policy %s\n"
			       "$ORIGIN %s.\n"
			       "$TTL %u\n"
			       "@ SOA %s%s %s%s %u 3600 600 604800 %u\n"
			       "@ NS %s%s\n",
			       lf_export_rpz_policy_name(o->rpz_policy),
			       c->zone, ttl, mname, mdot, rname, rdot, serial,
			       ttl, mname, mdot);
	char owner[LF_DOMAIN_MAX + 8];
	for (size_t i = 0; i < c->n_ent && !rc; i++) {
		const struct lf_xent *e = &c->ent[i];
		const char *key = lf_export_key(c, e);
		rc = rpz_trigger(c, key, target);
		if (!rc && e->sub && e->weight == 2) {
			snprintf(owner, sizeof(owner), "*.%s", key);
			rc = rpz_trigger(c, owner, target);
		}
	}
	for (size_t i = 0; i < c->n_ip && !rc; i++) {
		struct lf_prefix half[2];
		size_t nh = 1;
		half[0] = c->ip[i];
		if (half[0].len == 0) {
			/* no trigger for /0; its halves say the same */
			half[0].len = half[1].len = 1;
			half[1].addr = half[0].addr;
			half[1].addr.b[0] = 0x80;
			nh = 2;
		}
		for (size_t h = 0; h < nh && !rc; h++) {
			int n = rpz_ip_name(&half[h], owner, sizeof(owner));
			rc = n < 0 ? n : rpz_trigger(c, owner, target);
		}
	}
	return rc;
}

const struct lf_xfmt lf_export_fmt_rpz = {
	.natural = LF_EXPORT_T_DOMAIN,
	.allowed = LF_EXPORT_T_DOMAIN | LF_EXPORT_T_IP,
	.compact_ip = 1,
	.split_zero = 1,
	.prepare = rpz_prepare,
	.express = rpz_express,
	.weight = rpz_weight,
	.write = rpz_write,
};

/* ---- hosts ---- */

static unsigned hosts_weight(const struct lf_xctx *c, const struct lf_xent *e,
			     int *narrowed)
{
	(void)c;
	*narrowed = e->sub != 0;
	return 1;
}

static int hosts_write(struct lf_xctx *c)
{
	int rc = 0;
	for (size_t i = 0; i < c->n_ent && !rc; i++) {
		rc = lf_buf_printf(c->out, "0.0.0.0 %s\n",
				   lf_export_key(c, &c->ent[i]));
		c->rep->written++;
	}
	return rc;
}

const struct lf_xfmt lf_export_fmt_hosts = {
	.natural = LF_EXPORT_T_DOMAIN,
	.allowed = LF_EXPORT_T_DOMAIN,
	.weight = hosts_weight,
	.write = hosts_write,
};
