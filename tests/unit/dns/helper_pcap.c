/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_pcap.c — see helper_pcap.h. Packets are read with the bounded
 * reader, like every wire format in the project.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/rd.h"
#include "dns/helper_pcap.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			uint8_t *nb = realloc(buf, cap);

			assert_non_null(nb);
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[0] << 24;
}

static void transport(struct cap *c, uint8_t proto, struct lf_rd *r,
		      uint16_t port)
{
	if (proto == 17) { /* UDP */
		uint16_t sp = lf_rd_u16(r), dp = lf_rd_u16(r);
		uint16_t ulen = lf_rd_u16(r);

		lf_rd_skip(r, 2);
		if (lf_rd_err(r) || ulen < 8 || ulen - 8u > lf_rd_left(r) ||
		    (sp != port && dp != port))
			return;
		assert_true(c->nudp < CAP_UDP_MAX);
		c->udp[c->nudp].p = lf_rd_ptr(r, ulen - 8u);
		c->udp[c->nudp].len = ulen - 8u;
		c->nudp++;
	} else if (proto == 6) { /* TCP */
		uint16_t sp = lf_rd_u16(r), dp = lf_rd_u16(r);

		lf_rd_skip(r, 8);
		size_t off = (size_t)(lf_rd_u8(r) >> 4) * 4;

		lf_rd_skip(r, 7);
		if (lf_rd_err(r) || off < 20 || (sp != port && dp != port))
			return;
		lf_rd_skip(r, off - 20);
		size_t n = lf_rd_left(r);
		const uint8_t *p = lf_rd_ptr(r, n);
		int dir = sp == port;

		if (!p || n == 0)
			return;
		assert_true(n <= CAP_TCP_MAX - c->ntcp[dir]);
		memcpy(c->tcp[dir] + c->ntcp[dir], p, n);
		c->ntcp[dir] += n;
	}
}

static void packet(struct cap *c, uint32_t link, const uint8_t *p, size_t n,
		   uint16_t port)
{
	struct lf_rd r, ip;
	uint16_t et = 0;

	lf_rd_init(&r, p, n);
	if (link == 1) { /* Ethernet */
		lf_rd_skip(&r, 12);
		et = lf_rd_u16(&r);
		while (et == 0x8100 || et == 0x88a8) {
			lf_rd_skip(&r, 2);
			et = lf_rd_u16(&r);
		}
	} else if (link == 0) { /* BSD loopback: family in host order */
		if (n < 4)
			return;
		uint32_t fam = le32(p);

		lf_rd_skip(&r, 4);
		et = fam == 2 ? 0x0800 : 0x86dd;
	}
	if (lf_rd_err(&r))
		return;
	size_t l3 = n - lf_rd_left(&r);
	uint8_t v = lf_rd_u8(&r);

	if (et == 0x0800 && v >> 4 == 4) {
		lf_rd_init(&r, p + l3, n - l3);
		size_t ihl = (size_t)(lf_rd_u8(&r) & 0x0f) * 4;

		lf_rd_skip(&r, 1);
		uint16_t tot = lf_rd_u16(&r);

		lf_rd_skip(&r, 2);
		uint16_t frag = lf_rd_u16(&r);

		lf_rd_skip(&r, 1);
		uint8_t proto = lf_rd_u8(&r);

		if (lf_rd_err(&r) || ihl < 20 || tot < ihl || tot > n - l3 ||
		    (frag & 0x3fff))
			return;
		/* the IP total length, not the frame: Ethernet pads */
		lf_rd_init(&ip, p + l3 + ihl, tot - ihl);
		transport(c, proto, &ip, port);
	} else if (et == 0x86dd && v >> 4 == 6) {
		lf_rd_init(&r, p + l3, n - l3);
		lf_rd_skip(&r, 4);
		uint16_t plen = lf_rd_u16(&r);
		uint8_t nh = lf_rd_u8(&r);

		lf_rd_skip(&r, 33);
		if (lf_rd_err(&r) || plen > lf_rd_left(&r))
			return;
		lf_rd_init(&ip, p + l3 + 40, plen);
		transport(c, nh, &ip, port);
	}
}

int cap_read(struct cap *c, const char *file, uint16_t port)
{
	char path[512];

	memset(c, 0, sizeof(*c));
	snprintf(path, sizeof(path), CAP_DIR "%s", file);
	c->file = slurp(path, &c->n);
	if (!c->file)
		return 0;
	assert_true(c->n >= 24);
	uint32_t magic = le32(c->file);
	int swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
	uint32_t (*rd32)(const uint8_t *) = swap ? be32 : le32;

	assert_true(swap || magic == 0xa1b2c3d4u || magic == 0xa1b23c4du);
	uint32_t link = rd32(c->file + 20);
	size_t off = 24;

	while (off + 16 <= c->n) {
		uint32_t incl = rd32(c->file + off + 8);

		off += 16;
		assert_true(incl <= c->n - off);
		packet(c, link, c->file + off, incl, port);
		off += incl;
	}
	return 1;
}

void cap_free(struct cap *c)
{
	free(c->file);
	c->file = NULL;
}
