/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dns.c — the DNS message parser (RFC 1035 §4), names, CNAME chains and
 * DNS-over-TCP framing. The contract is in dns.h, the user's view in
 * docs/dns.md.
 *
 * The wire format (RFC 1035 §4.1):
 *
 *   header    id(16) flags(16) qdcount(16) ancount(16) nscount(16) arcount(16)
 *   question  name type(16) class(16)                       x qdcount
 *   answer    name type(16) class(16) ttl(32) rdlength(16) rdata  x ancount
 *   authority (records as above)                            x nscount
 *   additional(records as above; EDNS0 OPT lives here)      x arcount
 *
 * A name is a run of labels, each a length octet 1..63 and that many
 * octets, ended by the root (a zero octet) or by a compression pointer
 * (§4.1.4): two octets 11pppppp pppppppp naming the offset of the rest of
 * the name. The other two label types, 01 (extended labels, RFC 6891 §5,
 * never deployed) and 10 (reserved), are malformed.
 *
 * Hostile names. A pointer can name anything: itself, a later offset, a
 * place past the end, the header, or bytes that run back into the pointer.
 * The rule here is the strongest one real encoders never break: a pointer
 * must point strictly before the start of the label run it ends (the
 * name's own start, or the previous pointer's target). Targets therefore
 * strictly decrease, so no name can loop, whatever the bytes; a name that
 * would is LF_DNS_E_PTR_LOOP. On top, at most LF_DNS_PTR_MAX pointers and
 * 255 octets per name bound the work, since a long chain of pointers to
 * pointers is legal under that rule but costs a jump per two octets.
 *
 * Reading. Each section is read through the bounded reader (core/rd.h); a
 * record's rdata is a sub-reader of exactly rdlength octets, so a name in
 * rdata cannot run into the next record: its in-place part must end inside
 * the rdata and fill it (else LF_DNS_E_RDLEN). After a pointer, reading
 * goes on in a reader over wire[target..len). The first fault stops the
 * parse; what was read before it is kept (dns.h says what is valid).
 *
 * Text. Names are written in the canonical form of dns.h while they are
 * read, only where they are kept (the question, the kept answers); every
 * other name is walked by the same code with no output, so every name in
 * the message is checked the same way.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/addr.h"
#include "core/err.h"
#include "core/rd.h"
#include "dns/dns.h"

struct ctx {
	const uint8_t *wire; /* the whole message, for pointer targets */
	size_t len;
	struct lf_dns_msg *out;
};

/* What read_name tells its caller besides the fault. */
struct name_info {
	size_t labels; /* 0 for the root */
};

/* Absolute offset in the message of a reader's position. */
static size_t rd_off(const struct ctx *c, const struct lf_rd *r)
{
	return (size_t)(r->base - c->wire) + r->pos;
}

/* Octets that stand for themselves in a hostname label, after folding. */
static uint8_t fold(uint8_t ch)
{
	return ch >= 'A' && ch <= 'Z' ? (uint8_t)(ch - 'A' + 'a') : ch;
}

static int host_char(uint8_t ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '_';
}

/* RFC 1035 §5.1 specials, written as "\X". */
static int special_char(uint8_t ch)
{
	return ch == '.' || ch == '\\' || ch == '"' || ch == '(' ||
	       ch == ')' || ch == ';' || ch == '@' || ch == '$';
}

/*
 * Append one label to text[*o..] in presentation form. The caller has
 * checked the wire length, which bounds the text to LF_DNS_NAME_MAX: each
 * octet takes at most 4 characters plus one dot per label. Returns whether
 * the label is a hostname label.
 */
static int put_label(char *text, size_t *o, const uint8_t *l, size_t n)
{
	int clean = 1;
	size_t k = *o;

	if (k > 0)
		text[k++] = '.';
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = fold(l[i]);

		if (host_char(ch)) {
			text[k++] = (char)ch;
			continue;
		}
		clean = 0;
		if (special_char(ch)) {
			text[k++] = '\\';
			text[k++] = (char)ch;
		} else if (ch > 0x20 && ch < 0x7f) {
			text[k++] = (char)ch;
		} else {
			text[k++] = '\\';
			text[k++] = (char)('0' + ch / 100);
			text[k++] = (char)('0' + ch / 10 % 10);
			text[k++] = (char)('0' + ch % 10);
		}
	}
	*o = k;
	return clean;
}

/*
 * Read the name at r's position (RFC 1035 §3.1, §4.1.4). Its in-place
 * part — up to the root or the first pointer — is consumed from r; the
 * rest is read from the message wherever pointers lead. With text, the
 * name goes there in text form (text has LF_DNS_NAME_MAX + 1 characters);
 * on a fault text is "". Returns LF_DNS_OK or the fault.
 */
static int read_name(const struct ctx *c, struct lf_rd *r, char *text,
		     struct name_info *ni)
{
	struct lf_rd jump;
	struct lf_rd *cur = r;
	size_t run = rd_off(c, r); /* start of the current label run */
	size_t wire_len = 1;       /* the root octet */
	size_t o = 0;
	unsigned jumps = 0;
	int clean = 1, f;

	ni->labels = 0;
	for (;;) {
		uint8_t l = lf_rd_u8(cur);

		if (lf_rd_err(cur)) {
			f = LF_DNS_E_NAME_TRUNC;
			goto fail;
		}
		if ((l & 0xc0) == 0xc0) {
			size_t t = (size_t)(l & 0x3f) << 8 | lf_rd_u8(cur);

			if (lf_rd_err(cur))
				f = LF_DNS_E_NAME_TRUNC;
			else if (t >= c->len || t < LF_DNS_HEADER_LEN)
				f = LF_DNS_E_PTR_OVERRUN;
			else if (t >= run)
				f = LF_DNS_E_PTR_LOOP;
			else if (++jumps > LF_DNS_PTR_MAX)
				f = LF_DNS_E_PTR_CHAIN;
			else
				f = LF_DNS_OK;
			if (f != LF_DNS_OK)
				goto fail;
			lf_rd_init(&jump, c->wire + t, c->len - t);
			cur = &jump;
			run = t;
			continue;
		}
		if (l & 0xc0) {
			f = LF_DNS_E_LABEL_TYPE;
			goto fail;
		}
		if (l == 0)
			break;
		wire_len += 1 + (size_t)l;
		if (wire_len > LF_DNS_WIRE_MAX) {
			f = LF_DNS_E_NAME_LONG;
			goto fail;
		}
		const uint8_t *p = lf_rd_ptr(cur, l);

		if (!p) {
			f = LF_DNS_E_NAME_TRUNC;
			goto fail;
		}
		ni->labels++;
		if (text) {
			clean &= put_label(text, &o, p, l);
		} else {
			for (size_t i = 0; i < l; i++)
				clean &= host_char(fold(p[i]));
		}
	}
	if (text) {
		if (o == 0)
			text[o++] = '.';
		text[o] = '\0';
	}
	if (!clean)
		c->out->anomalies |= LF_DNS_A_ODD_NAME;
	return LF_DNS_OK;

fail:
	if (text)
		text[0] = '\0';
	return f;
}

/*
 * The EDNS0 OPT pseudo-record (RFC 6891 §6.1): class is the UDP payload
 * size, the TTL field holds the extended RCODE, version and the DO bit,
 * rdata is a list of {code, length, data} options. Nothing in it is kept
 * but those header fields; the options are walked so that a broken one is
 * noticed (LF_DNS_A_EDNS).
 */
static void read_opt(const struct ctx *c, unsigned section,
		     const struct name_info *owner, uint16_t cls,
		     uint32_t ttl, struct lf_rd *rd)
{
	struct lf_dns_msg *m = c->out;

	if (section != LF_DNS_S_ADDITIONAL || m->edns) {
		m->anomalies |= LF_DNS_A_EDNS;
		return;
	}
	if (owner->labels) /* §6.1.2: the owner MUST be the root */
		m->anomalies |= LF_DNS_A_EDNS;
	m->edns = 1;
	m->edns_udp_size = cls;
	m->rcode = (uint16_t)((ttl >> 24) << 4 | (m->rcode & 0x0f));
	m->edns_version = (uint8_t)(ttl >> 16);
	m->edns_do = (uint8_t)(ttl >> 15 & 1);
	while (lf_rd_left(rd) > 0) {
		(void)lf_rd_u16(rd); /* option code */
		lf_rd_skip(rd, lf_rd_u16(rd));
	}
	if (lf_rd_err(rd))
		m->anomalies |= LF_DNS_A_EDNS;
}

/*
 * Read one resource record (RFC 1035 §4.1.3) from r into rr, or just check
 * it when rr is NULL. Returns LF_DNS_OK or the fault.
 */
static int read_rr(const struct ctx *c, struct lf_rd *r, unsigned section,
		   struct lf_dns_rr *rr)
{
	struct name_info owner, target;
	struct lf_rd rd;
	int f = read_name(c, r, rr ? rr->name : NULL, &owner);

	if (f != LF_DNS_OK)
		return f;
	uint16_t type = lf_rd_u16(r);
	uint16_t cls = lf_rd_u16(r);
	uint32_t ttl = lf_rd_u32(r);
	uint16_t rdlength = lf_rd_u16(r);

	lf_rd_sub(r, rdlength, &rd);
	if (lf_rd_err(r))
		return LF_DNS_E_TRUNC;

	if (type == LF_DNS_T_OPT) {
		read_opt(c, section, &owner, cls, ttl, &rd);
	} else if (ttl & 0x80000000u) {
		ttl = 0; /* RFC 2181 §8 */
		c->out->anomalies |= LF_DNS_A_TTL;
	}

	uint8_t kind = LF_DNS_RDATA_NONE;
	size_t alen = 0;

	switch (type) {
	case LF_DNS_T_A:
		alen = 4;
		break;
	case LF_DNS_T_AAAA:
		alen = 16;
		break;
	case LF_DNS_T_CNAME:
	case LF_DNS_T_DNAME:
	case LF_DNS_T_NS:
	case LF_DNS_T_PTR:
		/* One name filling the rdata; compressed or not (RFC 3597 §4
		 * allows it for the RFC 1035 types, and receivers are lenient
		 * with DNAME). Running past rdlength is a length lie. */
		f = read_name(c, &rd, rr ? rr->target : NULL, &target);
		if (f == LF_DNS_E_NAME_TRUNC ||
		    (f == LF_DNS_OK && lf_rd_left(&rd) > 0))
			f = LF_DNS_E_RDLEN;
		if (f != LF_DNS_OK) {
			if (rr)
				rr->target[0] = '\0';
			return f;
		}
		kind = LF_DNS_RDATA_NAME;
		break;
	default:
		break;
	}
	if (alen && cls == LF_DNS_C_IN) {
		if (rdlength != alen)
			return LF_DNS_E_RDLEN;
		kind = LF_DNS_RDATA_ADDR;
		if (rr && alen == 4)
			lf_addr_from_v4(&rr->addr, lf_rd_u32(&rd));
		else if (rr)
			lf_addr_from_v6(&rr->addr, lf_rd_ptr(&rd, 16));
	}
	if (rr) {
		rr->type = type;
		rr->cls = cls;
		rr->ttl = ttl;
		rr->rdlength = rdlength;
		rr->rdata = kind;
	}
	return LF_DNS_OK;
}

static int fail(struct lf_dns_msg *m, int fault, unsigned section, size_t off)
{
	m->fault = (uint8_t)fault;
	m->fault_section = (uint8_t)section;
	m->fault_off = off;
	return LF_EMALF;
}

static void msg_reset(struct lf_dns_msg *m, struct lf_dns_rr *answers)
{
	/* Field by field: the struct is large and mostly text buffers. */
	m->id = 0;
	m->flags = 0;
	m->qr = 0;
	m->opcode = 0;
	m->rcode = 0;
	m->qdcount = m->ancount = m->nscount = m->arcount = 0;
	m->qname[0] = '\0';
	m->qtype = m->qclass = 0;
	m->answers = answers;
	m->nanswers = 0;
	m->answers_seen = 0;
	m->nauthority = 0;
	m->nadditional = 0;
	m->edns = 0;
	m->edns_version = 0;
	m->edns_do = 0;
	m->edns_udp_size = 0;
	m->anomalies = 0;
	m->fault = LF_DNS_OK;
	m->fault_section = LF_DNS_S_HEADER;
	m->fault_off = 0;
}

int lf_dns_parse(const uint8_t *wire, size_t len, struct lf_dns_rr *answers,
		 size_t cap, struct lf_dns_msg *out)
{
	if (!out || (!wire && len) || (!answers && cap))
		return -EINVAL;
	msg_reset(out, answers);

	struct ctx c = { .wire = wire, .len = len, .out = out };
	struct lf_rd r;

	if (len < LF_DNS_HEADER_LEN)
		return fail(out, LF_DNS_E_HEADER, LF_DNS_S_HEADER, 0);
	lf_rd_init(&r, wire, len);

	/* RFC 1035 §4.1.1 */
	out->id = lf_rd_u16(&r);
	out->flags = lf_rd_u16(&r);
	out->qr = (uint8_t)(out->flags >> 15);
	out->opcode = (uint8_t)(out->flags >> 11 & 0x0f);
	out->rcode = out->flags & 0x0f;
	out->qdcount = lf_rd_u16(&r);
	out->ancount = lf_rd_u16(&r);
	out->nscount = lf_rd_u16(&r);
	out->arcount = lf_rd_u16(&r);
	if (out->qdcount != 1)
		out->anomalies |= LF_DNS_A_QDCOUNT;

	/* RFC 1035 §4.1.2; only the first question is kept. */
	for (unsigned i = 0; i < out->qdcount; i++) {
		size_t at = rd_off(&c, &r);
		struct name_info ni;

		if (lf_rd_left(&r) == 0)
			return fail(out, LF_DNS_E_COUNT, LF_DNS_S_QUESTION, at);
		int f = read_name(&c, &r, i == 0 ? out->qname : NULL, &ni);

		if (f != LF_DNS_OK)
			return fail(out, f, LF_DNS_S_QUESTION, at);
		uint16_t qtype = lf_rd_u16(&r);
		uint16_t qclass = lf_rd_u16(&r);

		if (lf_rd_err(&r)) {
			out->qname[0] = '\0';
			return fail(out, LF_DNS_E_TRUNC, LF_DNS_S_QUESTION, at);
		}
		if (i == 0) {
			out->qtype = qtype;
			out->qclass = qclass;
		}
	}

	static const unsigned sections[] = {
		LF_DNS_S_ANSWER, LF_DNS_S_AUTHORITY, LF_DNS_S_ADDITIONAL,
	};
	const uint16_t counts[] = { out->ancount, out->nscount, out->arcount };
	size_t *parsed[] = {
		&out->answers_seen, &out->nauthority, &out->nadditional,
	};

	for (size_t s = 0; s < 3; s++) {
		for (unsigned i = 0; i < counts[s]; i++) {
			size_t at = rd_off(&c, &r);
			struct lf_dns_rr *rr = NULL;

			if (lf_rd_left(&r) == 0)
				return fail(out, LF_DNS_E_COUNT, sections[s],
					    at);
			if (sections[s] == LF_DNS_S_ANSWER) {
				if (out->nanswers < cap)
					rr = &answers[out->nanswers];
				else
					out->anomalies |= LF_DNS_A_DROPPED;
			}
			int f = read_rr(&c, &r, sections[s], rr);

			if (f != LF_DNS_OK)
				return fail(out, f, sections[s], at);
			if (rr)
				out->nanswers++;
			(*parsed[s])++;
		}
	}
	if (lf_rd_left(&r) > 0)
		out->anomalies |= LF_DNS_A_TRAILING;
	return 0;
}

/* The first CNAME of class IN owned by name among the kept answers. */
static const struct lf_dns_rr *find_cname(const struct lf_dns_msg *m,
					  const char *name)
{
	for (size_t i = 0; i < m->nanswers; i++) {
		const struct lf_dns_rr *rr = &m->answers[i];

		if (rr->type == LF_DNS_T_CNAME && rr->cls == LF_DNS_C_IN &&
		    rr->rdata == LF_DNS_RDATA_NAME &&
		    strcmp(rr->name, name) == 0)
			return rr;
	}
	return NULL;
}

int lf_dns_chain(const struct lf_dns_msg *m, lf_dns_binding_cb cb, void *ud,
		 size_t *count)
{
	const char *names[LF_DNS_CHAIN_MAX + 1];
	size_t n = 0, calls = 0;
	uint32_t ttl = UINT32_MAX;

	if (count)
		*count = 0;
	if (!m || !cb)
		return -EINVAL;
	if (!m->qr || m->qname[0] == '\0' || !m->answers)
		return 0;

	/* RFC 1034 §3.6.2: an alias has one CNAME and no other data; the
	 * chain is linear. Text names are canonical, so strcmp is name
	 * equality. */
	names[n++] = m->qname;
	for (;;) {
		const struct lf_dns_rr *cn = find_cname(m, names[n - 1]);

		if (!cn)
			break;
		for (size_t i = 0; i < n; i++)
			if (strcmp(names[i], cn->target) == 0)
				return LF_EMALF;
		if (n == LF_DNS_CHAIN_MAX + 1)
			return LF_ELIMIT;
		names[n++] = cn->target;
		if (cn->ttl < ttl)
			ttl = cn->ttl;
	}

	for (size_t i = 0; i < m->nanswers; i++) {
		const struct lf_dns_rr *rr = &m->answers[i];

		if (rr->rdata != LF_DNS_RDATA_ADDR ||
		    strcmp(rr->name, names[n - 1]) != 0)
			continue;
		struct lf_dns_binding b = {
			.names = names,
			.nnames = n,
			.rr = rr,
			.ttl = rr->ttl < ttl ? rr->ttl : ttl,
		};
		cb(ud, &b);
		calls++;
	}
	if (count)
		*count = calls;
	return 0;
}

int lf_dns_tcp_frames(const uint8_t *buf, size_t len, lf_dns_frame_cb cb,
		      void *ud, size_t *count, size_t *consumed)
{
	struct lf_rd r;
	size_t n = 0, done = 0;
	int rc = 0;

	if (count)
		*count = 0;
	if (consumed)
		*consumed = 0;
	if (!cb || (!buf && len))
		return -EINVAL;
	lf_rd_init(&r, buf, len);
	while (lf_rd_left(&r) > 0) {
		uint16_t mlen = lf_rd_u16(&r);
		const uint8_t *msg = lf_rd_ptr(&r, mlen);

		if (lf_rd_err(&r)) {
			rc = LF_ETRUNC;
			break;
		}
		cb(ud, msg, mlen);
		n++;
		done = len - lf_rd_left(&r);
	}
	if (count)
		*count = n;
	if (consumed)
		*consumed = done;
	return rc;
}

const char *lf_dns_host_suffix(const char *name)
{
	const char *tail = name;   /* start of the clean tail so far */
	const char *label = name;  /* start of the current label */
	int clean = 1;

	for (const char *p = name;; p++) {
		if (*p == '\0' || *p == '.') {
			if (!clean || p == label)
				tail = *p ? p + 1 : p;
			if (*p == '\0')
				return tail;
			label = p + 1;
			clean = 1;
			continue;
		}
		if (*p == '\\') {
			clean = 0;
			/* "\DDD" or "\X": skip what the escape covers, so
			 * an escaped dot is not taken for a separator. */
			if (p[1] >= '0' && p[1] <= '9')
				p += p[2] && p[3] ? 3 : 0;
			else if (p[1])
				p++;
			continue;
		}
		if (!host_char((uint8_t)*p))
			clean = 0;
	}
}

static const char *const fault_names[LF_DNS__E_COUNT] = {
	[LF_DNS_OK] = "ok",
	[LF_DNS_E_HEADER] = "header_short",
	[LF_DNS_E_COUNT] = "count_overrun",
	[LF_DNS_E_TRUNC] = "record_truncated",
	[LF_DNS_E_NAME_TRUNC] = "name_truncated",
	[LF_DNS_E_LABEL_TYPE] = "label_type",
	[LF_DNS_E_NAME_LONG] = "name_too_long",
	[LF_DNS_E_PTR_LOOP] = "pointer_loop",
	[LF_DNS_E_PTR_OVERRUN] = "pointer_overrun",
	[LF_DNS_E_PTR_CHAIN] = "pointer_chain",
	[LF_DNS_E_RDLEN] = "rdlength_mismatch",
};

const char *lf_dns_fault_name(int fault)
{
	if (fault < 0 || fault >= LF_DNS__E_COUNT)
		return "unknown";
	return fault_names[fault];
}

const char *lf_dns_anomaly_name(uint32_t bit)
{
	switch (bit) {
	case LF_DNS_A_QDCOUNT:
		return "qdcount";
	case LF_DNS_A_DROPPED:
		return "answers_dropped";
	case LF_DNS_A_ODD_NAME:
		return "odd_name";
	case LF_DNS_A_TRAILING:
		return "trailing_bytes";
	case LF_DNS_A_TTL:
		return "ttl_top_bit";
	case LF_DNS_A_EDNS:
		return "edns";
	default:
		return "unknown";
	}
}
