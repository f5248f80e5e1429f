/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_dns — lf_dns_parse, lf_dns_chain, lf_dns_host_suffix and
 * lf_dns_tcp_frames on arbitrary bytes. Besides memory safety (ASan,
 * UBSan) it asserts the contract:
 *
 *   - the verdict: 0 with no fault, or LF_EMALF with a known fault kind;
 *     counts within the header's and the capacity;
 *   - every text name is printable ASCII without upper case, at most
 *     LF_DNS_NAME_MAX long, and canonical: read back as presentation
 *     form it gives labels of 1..63 octets, at most 255 on the wire, and
 *     writing those labels again (an independent writer below) gives the
 *     same text; LF_DNS_A_ODD_NAME is set when a kept name is not made of
 *     hostname labels;
 *   - rdata kinds agree with type and class;
 *   - checking a record without keeping it is the same as keeping it: a
 *     parse with no answer array gives the same verdict, offsets, counts
 *     and anomalies (but LF_DNS_A_DROPPED) as one with an array;
 *   - the chain starts at the question, ends at the address's owner, and
 *     its TTL is no larger than the address record's;
 *   - TCP framing accounts for every octet.
 *
 * Any violation calls abort(), which both libFuzzer and the replay report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "dns/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP 8

static struct lf_dns_rr answers[CAP];
static struct lf_dns_msg msg, bare;

static void check(int cond)
{
	if (!cond)
		abort();
}

static int host_octet(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* The presentation writer again, written apart from dns.c. */
static size_t write_label(char *out, const uint8_t *l, size_t n)
{
	static const char specials[] = ".\\\"();@$";
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = l[i];

		if (c >= 'A' && c <= 'Z')
			c = (uint8_t)(c | 0x20);
		if (c != 0 && memchr(specials, c, sizeof(specials) - 1)) {
			out[k++] = '\\';
			out[k++] = (char)c;
		} else if (c > ' ' && c < 0x7f) {
			out[k++] = (char)c;
		} else {
			out[k++] = '\\';
			out[k++] = (char)('0' + c / 100);
			out[k++] = (char)('0' + c / 10 % 10);
			out[k++] = (char)('0' + c % 10);
		}
	}
	return k;
}

/*
 * Check a text name; returns whether all its labels are hostname labels.
 */
static int check_name(const char *s)
{
	size_t n = strlen(s);
	uint8_t label[256];
	char again[LF_DNS_NAME_MAX + 8];
	size_t ln = 0, wire = 1, o = 0;
	size_t starts[128], nstarts = 0; /* text offset of each label */
	size_t tail = 0;                 /* of the clean tail */
	int host = 1, lhost = 1;

	check(n > 0 && n <= LF_DNS_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		check(s[i] > ' ' && s[i] < 0x7f &&
		      !(s[i] >= 'A' && s[i] <= 'Z'));
	if (strcmp(s, ".") == 0) {
		check(lf_dns_host_suffix(s)[0] == '\0');
		return 1;
	}
	starts[nstarts++] = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			check(ln >= 1 && ln <= LF_DNS_LABEL_MAX);
			wire += ln + 1;
			check(wire <= LF_DNS_WIRE_MAX);
			if (o)
				again[o++] = '.';
			o += write_label(again + o, label, ln);
			check(o <= LF_DNS_NAME_MAX);
			host &= lhost;
			if (!lhost)
				tail = i == n ? n : i + 1;
			if (i < n) {
				check(nstarts < 128);
				starts[nstarts++] = i + 1;
			}
			ln = 0;
			lhost = 1;
			continue;
		}
		uint8_t c = (uint8_t)s[i];

		if (c == '\\') {
			check(i + 1 < n);
			if (s[i + 1] >= '0' && s[i + 1] <= '9') {
				check(i + 3 < n);
				int v = (s[i + 1] - '0') * 100 +
					(s[i + 2] - '0') * 10 +
					(s[i + 3] - '0');
				check(s[i + 2] >= '0' && s[i + 2] <= '9');
				check(s[i + 3] >= '0' && s[i + 3] <= '9');
				check(v <= 255);
				c = (uint8_t)v;
				i += 3;
			} else {
				c = (uint8_t)s[++i];
			}
		}
		check(ln < sizeof(label));
		label[ln++] = c;
		lhost &= host_octet(c);
	}
	again[o] = '\0';
	check(strcmp(again, s) == 0);

	/* the clean tail: a suffix made of whole hostname labels */
	const char *t = lf_dns_host_suffix(s);
	size_t tn = strlen(t);

	check(t >= s && t + tn == s + n);
	check((size_t)(t - s) == tail);
	if (tn) {
		size_t k = 0;

		while (k < nstarts && starts[k] != tail)
			k++;
		check(k < nstarts);
	}
	for (size_t i = 0; i < tn; i++)
		check(host_octet((uint8_t)t[i]) ||
		      (t[i] == '.' && i > 0 && i + 1 < tn));
	check(!host || t == s);
	return host;
}

static void check_msg(int rc, size_t cap)
{
	check(rc == 0 || rc == LF_EMALF);
	check((rc == 0) == (msg.fault == LF_DNS_OK));
	check(msg.fault < LF_DNS__E_COUNT);
	check(msg.fault_section <= LF_DNS_S_ADDITIONAL);
	check(msg.nanswers <= cap && msg.nanswers <= msg.answers_seen);
	check(msg.answers_seen <= msg.ancount);
	check(msg.nauthority <= msg.nscount);
	check(msg.nadditional <= msg.arcount);
	check(msg.anomalies < 1u << LF_DNS_A__COUNT);
	check(!(msg.anomalies & LF_DNS_A_DROPPED) || msg.nanswers == cap);
	if (msg.fault == LF_DNS_E_HEADER)
		return;

	int host = 1;

	if (msg.qname[0])
		host &= check_name(msg.qname);
	else
		check(msg.qdcount == 0 ||
		      msg.fault_section == LF_DNS_S_QUESTION);
	for (size_t i = 0; i < msg.nanswers; i++) {
		const struct lf_dns_rr *rr = &msg.answers[i];

		host &= check_name(rr->name);
		check(rr->type == LF_DNS_T_OPT || rr->ttl <= 0x7fffffffu);
		switch (rr->rdata) {
		case LF_DNS_RDATA_NONE:
			break;
		case LF_DNS_RDATA_ADDR:
			check(rr->cls == LF_DNS_C_IN);
			check(rr->type == LF_DNS_T_A ?
				      rr->addr.af == LF_AF_V4 :
				      rr->type == LF_DNS_T_AAAA &&
					      rr->addr.af == LF_AF_V6);
			break;
		case LF_DNS_RDATA_NAME:
			check(rr->type == LF_DNS_T_CNAME ||
			      rr->type == LF_DNS_T_DNAME ||
			      rr->type == LF_DNS_T_NS ||
			      rr->type == LF_DNS_T_PTR);
			host &= check_name(rr->target);
			break;
		default:
			check(0);
		}
	}
	if (!host)
		check(msg.anomalies & LF_DNS_A_ODD_NAME);
}

struct chain_state {
	size_t calls;
};

static void on_binding(void *ud, const struct lf_dns_binding *b)
{
	struct chain_state *st = ud;

	check(b->nnames >= 1 && b->nnames <= LF_DNS_CHAIN_MAX + 1);
	check(b->names[0] == msg.qname);
	check(b->rr >= msg.answers && b->rr < msg.answers + msg.nanswers);
	check(b->rr->rdata == LF_DNS_RDATA_ADDR);
	check(strcmp(b->rr->name, b->names[b->nnames - 1]) == 0);
	check(b->ttl <= b->rr->ttl);
	st->calls++;
}

struct frame_state {
	const uint8_t *base;
	size_t next; /* offset of the next frame's prefix */
	size_t n;
};

static void on_frame(void *ud, const uint8_t *m, size_t len)
{
	struct frame_state *st = ud;

	check(m == st->base + st->next + 2);
	const uint8_t *pfx = st->base + st->next;

	check(len == (size_t)(pfx[0] << 8 | pfx[1]));
	st->next += 2 + len;
	st->n++;
	if (st->n <= 4) {
		struct lf_dns_msg one;
		int rc = lf_dns_parse(m, len, NULL, 0, &one);

		check(rc == 0 || rc == LF_EMALF);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = lf_dns_parse(data, size, answers, CAP, &msg);

	check_msg(rc, CAP);

	/* the same walk without an answer array */
	int rc2 = lf_dns_parse(data, size, NULL, 0, &bare);

	check(rc2 == rc && bare.fault == msg.fault);
	check(bare.fault_section == msg.fault_section);
	check(bare.fault_off == msg.fault_off);
	check(bare.answers_seen == msg.answers_seen);
	check(bare.nauthority == msg.nauthority);
	check(bare.nadditional == msg.nadditional);
	check((bare.anomalies | LF_DNS_A_DROPPED) ==
	      (msg.anomalies | LF_DNS_A_DROPPED));
	check(bare.nanswers == 0);
	check(strcmp(bare.qname, msg.qname) == 0);
	check(bare.rcode == msg.rcode && bare.edns == msg.edns);

	struct chain_state cs = { 0 };
	size_t count = 0;

	rc = lf_dns_chain(&msg, on_binding, &cs, &count);
	check(rc == 0 || rc == LF_ELIMIT || rc == LF_EMALF);
	check(count == cs.calls);
	check(rc == 0 || cs.calls == 0);
	check(cs.calls <= msg.nanswers);

	struct frame_state fs = { .base = data };
	size_t frames = 0, used = 0;

	rc = lf_dns_tcp_frames(data, size, on_frame, &fs, &frames, &used);
	check(rc == 0 || rc == LF_ETRUNC);
	check(frames == fs.n && used == fs.next && used <= size);
	check((rc == 0) == (used == size));
	return 0;
}
