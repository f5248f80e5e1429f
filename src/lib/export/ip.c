/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ip.c — firewall formats: external dynamic lists, nftables scripts and
 * ipset restore files.
 *
 * EDL (PAN-OS "external dynamic list", FortiOS "threat feed"): plain text,
 * one entry per line, one type per list (PAN-OS formatting guidelines:
 * "An external dynamic list of one type — IP address, Domain, or URL —
 * must include entries of that type only"). No comments: PAN-OS allows a
 * comment only after an entry on the same line, so a header would be a
 * bad entry.
 *   IP      "a.b.c.d" for a host, "a.b.c.d/len" for a prefix; IPv6 alike.
 *   domain  "name"; a domain that covers its subdomains also gets
 *           "*.name" (PAN-OS: "*" stands for one or more leading labels
 *           and does not match the bare name, hence both lines).
 *   URL     without scheme and userinfo ("host[:port]/path?query"), as
 *           PAN-OS and FortiOS URL lists are written; only http and https
 *           URLs (what URL filtering sees). http:// and https:// forms of
 *           one URL are one line.
 *
 * nft: a script for `nft -f FILE`, which applies the whole file as one
 * transaction, so a reload is atomic:
 *
 *   table inet NAME {                 declare (no-op if it exists)
 *     set bl4 { type ipv4_addr; flags interval; }
 *     set bl6 { type ipv6_addr; flags interval; }
 *   }
 *   flush set inet NAME bl4           empty it in the same transaction
 *   add element inet NAME bl4 { ... } chunks of LF_NFT_CHUNK elements
 *
 * An interval set refuses overlapping elements, so IPs are always written
 * compacted (covered prefixes removed, or aggregated). With
 * LF_EXPORT_F_NFT_RULES the table also gets input, forward and output
 * filter chains at priority filter - 10 that drop traffic from/to the
 * sets; the chains are flushed and refilled in the same transaction, so
 * reloading never duplicates rules.
 *
 * ipset: input for `ipset restore`, two hash:net sets NAME (inet) and
 * NAME6 (inet6). Each is filled under NAME-tmp and swapped in, so a
 * reload replaces the live set atomically even while iptables rules
 * reference it. `create ... -exist` only succeeds when the existing set
 * has the same maxelem, so maxelem is the fixed LF_EXPORT_IPSET_MAXELEM
 * and only hashsize (which ipset does not compare) follows the size.
 * hash:net does not take a /0, which is written as its two /1 halves.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "export/priv.h"

#define LF_NFT_CHUNK 4096

/* ---- EDL ---- */

/* Offset of "host..." in a canonical http(s) URL, or 0 if not one. */
static size_t url_host_off(const char *v)
{
	size_t off;
	if (strncmp(v, "http://", 7) == 0)
		off = 7;
	else if (strncmp(v, "https://", 8) == 0)
		off = 8;
	else
		return 0;
	size_t end = off + strcspn(v + off, "/?#");
	const char *at = NULL;
	for (size_t i = off; i < end; i++)
		if (v[i] == '@')
			at = v + i;
	return at ? (size_t)(at - v) + 1 : off;
}

static int edl_express(const struct lf_xctx *c, const struct lf_ioc *ioc,
		       uint16_t *koff)
{
	(void)c;
	*koff = 0;
	if (ioc->type != LF_IOC_URL)
		return 1;
	size_t off = url_host_off(ioc->value);
	if (off == 0 || off > UINT16_MAX || ioc->value[off] == '\0')
		return 0;
	*koff = (uint16_t)off;
	return 1;
}

static unsigned edl_weight(const struct lf_xctx *c, const struct lf_xent *e,
			   int *narrowed)
{
	(void)c;
	*narrowed = 0;
	return e->type == LF_IOC_DOMAIN && e->sub ? 2 : 1;
}

static int put_prefix(struct lf_buf *b, const struct lf_prefix *p)
{
	char t[LF_PREFIX_STRLEN];
	int n = lf_export_prefix_text(p, t, sizeof(t));
	if (n < 0)
		return n;
	return lf_buf_append(b, t, (size_t)n);
}

static int edl_write(struct lf_xctx *c)
{
	struct lf_buf *b = c->out;
	int rc = 0;
	for (size_t i = 0; i < c->n_ip && !rc; i++) {
		rc = put_prefix(b, &c->ip[i]);
		if (!rc)
			rc = lf_buf_putc(b, '\n');
		c->rep->written++;
	}
	for (size_t i = 0; i < c->n_ent && !rc; i++) {
		const struct lf_xent *e = &c->ent[i];
		const char *key = lf_export_key(c, e);
		rc = lf_buf_printf(b, "%s\n", key);
		c->rep->written++;
		if (!rc && e->type == LF_IOC_DOMAIN && e->sub) {
			rc = lf_buf_printf(b, "*.%s\n", key);
			c->rep->written++;
		}
	}
	return rc;
}

const struct lf_xfmt lf_export_fmt_edl = {
	.natural = LF_EXPORT_T_IP,
	.allowed = LF_EXPORT_T_IP | LF_EXPORT_T_DOMAIN | LF_EXPORT_T_URL,
	.one_type = 1,
	.compact_ip = 1,
	.express = edl_express,
	.weight = edl_weight,
	.write = edl_write,
};

/* ---- nft ---- */

/* nft identifiers: a letter, then letters, digits and '_'; at most 63. */
static int nft_prepare(struct lf_xctx *c)
{
	if (!c->name)
		c->name = "lianfang";
	size_t n = strlen(c->name);
	if (n == 0 || n > 63)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char ch = c->name[i];
		int alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
		int digit = ch >= '0' && ch <= '9';
		if (!(alpha || (i > 0 && (digit || ch == '_'))))
			return -EINVAL;
	}
	return 0;
}

static int nft_elements(struct lf_xctx *c, const char *set, int af,
			size_t *count)
{
	struct lf_buf *b = c->out;
	size_t in_chunk = 0;
	int rc = 0;
	*count = 0;
	for (size_t i = 0; i < c->n_ip && !rc; i++) {
		if (c->ip[i].addr.af != af)
			continue;
		if (in_chunk == 0)
			rc = lf_buf_printf(b, "add element inet %s %s {\n",
					   c->name, set);
		else
			rc = lf_buf_puts(b, ",\n");
		if (!rc)
			rc = lf_buf_putc(b, '\t');
		if (!rc)
			rc = put_prefix(b, &c->ip[i]);
		(*count)++;
		c->rep->written++;
		if (++in_chunk == LF_NFT_CHUNK) {
			if (!rc)
				rc = lf_buf_puts(b, "\n}\n");
			in_chunk = 0;
		}
	}
	if (!rc && in_chunk)
		rc = lf_buf_puts(b, "\n}\n");
	return rc;
}

#define NFT_RULES                                                              \
	"add rule inet %1$s input ip saddr @bl4 counter drop\n"                \
	"add rule inet %1$s input ip6 saddr @bl6 counter drop\n"               \
	"add rule inet %1$s forward ip saddr @bl4 counter drop\n"              \
	"add rule inet %1$s forward ip daddr @bl4 counter drop\n"              \
	"add rule inet %1$s forward ip6 saddr @bl6 counter drop\n"             \
	"add rule inet %1$s forward ip6 daddr @bl6 counter drop\n"             \
	"add rule inet %1$s output ip daddr @bl4 counter drop\n"               \
	"add rule inet %1$s output ip6 daddr @bl6 counter drop\n"

static int nft_write(struct lf_xctx *c)
{
	struct lf_buf *b = c->out;
	int rules = (c->o->flags & LF_EXPORT_F_NFT_RULES) != 0;
	size_t n4 = 0;
	while (n4 < c->n_ip && c->ip[n4].addr.af == LF_AF_V4)
		n4++;
	int rc = lf_buf_printf(
		b,
		"#!/usr/sbin/nft -f\n"
		"# lianfang blocklist: %zu IPv4 and %zu IPv6 prefixes\n"
		"table inet %s {\n"
		"\tset bl4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t}\n"
		"\tset bl6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t}\n",
		n4, c->n_ip - n4, c->name);
	static const char *const hooks[] = {"input", "forward", "output"};
	for (unsigned i = 0; rules && i < 3 && !rc; i++)
		rc = lf_buf_printf(b,
				   "\tchain %s {\n\t\ttype filter hook %s "
				   "priority filter - 10; policy accept;\n\t}\n",
				   hooks[i], hooks[i]);
	if (!rc)
		rc = lf_buf_printf(b,
				   "}\nflush set inet %1$s bl4\n"
				   "flush set inet %1$s bl6\n",
				   c->name);
	for (unsigned i = 0; rules && i < 3 && !rc; i++)
		rc = lf_buf_printf(b, "flush chain inet %s %s\n", c->name,
				   hooks[i]);
	if (rules && !rc)
		rc = lf_buf_printf(b, NFT_RULES, c->name);
	size_t k;
	if (!rc)
		rc = nft_elements(c, "bl4", LF_AF_V4, &k);
	if (!rc)
		rc = nft_elements(c, "bl6", LF_AF_V6, &k);
	return rc;
}

const struct lf_xfmt lf_export_fmt_nft = {
	.natural = LF_EXPORT_T_IP,
	.allowed = LF_EXPORT_T_IP,
	.compact_ip = 1,
	.prepare = nft_prepare,
	.write = nft_write,
};

/* ---- ipset ---- */

/* ipset names are at most 31 bytes; we append "6-tmp". */
static int ipset_prepare(struct lf_xctx *c)
{
	if (!c->name)
		c->name = "lianfang";
	size_t n = strlen(c->name);
	if (n == 0 || n > 26)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char ch = c->name[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') ||
			 (i > 0 && (ch == '_' || ch == '-' || ch == '.'));
		if (!ok)
			return -EINVAL;
	}
	return 0;
}

static size_t hashsize_for(size_t n)
{
	size_t h = 1024;
	while (h < n && h < ((size_t)1 << 24))
		h *= 2;
	return h;
}

/* A /0 cannot be added to hash:net: its two halves can. */
static int ipset_add(struct lf_buf *b, const char *set,
		     const struct lf_prefix *p, size_t *written)
{
	char t[LF_PREFIX_STRLEN];
	struct lf_prefix half[2];
	size_t n = 1;
	half[0] = *p;
	if (p->len == 0) {
		half[0].len = half[1].len = 1;
		half[1].addr = p->addr;
		half[1].addr.b[0] = 0x80;
		n = 2;
	}
	for (size_t i = 0; i < n; i++) {
		int len = lf_export_prefix_text(&half[i], t, sizeof(t));
		if (len < 0)
			return len;
		int rc = lf_buf_printf(b, "add %s %s\n", set, t);
		if (rc)
			return rc;
		(*written)++;
	}
	return 0;
}

static int ipset_one(struct lf_xctx *c, int af, const char *suffix,
		     const char *family)
{
	struct lf_buf *b = c->out;
	size_t n = 0;
	for (size_t i = 0; i < c->n_ip; i++)
		if (c->ip[i].addr.af == af)
			n += c->ip[i].len == 0 ? 2 : 1;
	if (n > LF_EXPORT_IPSET_MAXELEM)
		return LF_ELIMIT;
	size_t h = hashsize_for(n);
	int rc = lf_buf_printf(
		b,
		"create %1$s%2$s hash:net family %3$s hashsize %4$zu "
		"maxelem %5$u -exist\n"
		"create %1$s%2$s-tmp hash:net family %3$s hashsize %4$zu "
		"maxelem %5$u -exist\n"
		"flush %1$s%2$s-tmp\n",
		c->name, suffix, family, h, LF_EXPORT_IPSET_MAXELEM);
	char tmp[64];
	snprintf(tmp, sizeof(tmp), "%s%s-tmp", c->name, suffix);
	for (size_t i = 0; i < c->n_ip && !rc; i++)
		if (c->ip[i].addr.af == af)
			rc = ipset_add(b, tmp, &c->ip[i], &c->rep->written);
	if (!rc)
		rc = lf_buf_printf(b,
				   "swap %1$s%2$s-tmp %1$s%2$s\n"
				   "destroy %1$s%2$s-tmp\n",
				   c->name, suffix);
	return rc;
}

static int ipset_write(struct lf_xctx *c)
{
	int rc = ipset_one(c, LF_AF_V4, "", "inet");
	if (!rc)
		rc = ipset_one(c, LF_AF_V6, "6", "inet6");
	return rc;
}

const struct lf_xfmt lf_export_fmt_ipset = {
	.natural = LF_EXPORT_T_IP,
	.allowed = LF_EXPORT_T_IP,
	.compact_ip = 1,
	.split_zero = 1,
	.prepare = ipset_prepare,
	.write = ipset_write,
};
