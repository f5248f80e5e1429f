/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/rd.h"
#include "helper_pcap.h"

static uint32_t word(const struct hp_file *f, const uint8_t *p)
{
	if (f->swap)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

int hp_open(const char *path, struct hp_file *f)
{
	memset(f, 0, sizeof(*f));
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -errno;
	size_t cap = 0;
	int rc = 0;
	for (;;) {
		if (f->len == cap) {
			if (cap >= HP_MAX_FILE) {
				rc = LF_ELIMIT;
				break;
			}
			cap = cap ? cap * 2 : 65536;
			uint8_t *nb = realloc(f->buf, cap);
			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			f->buf = nb;
		}
		size_t got = fread(f->buf + f->len, 1, cap - f->len, fp);
		f->len += got;
		if (got == 0) {
			if (ferror(fp))
				rc = -EIO;
			break;
		}
	}
	fclose(fp);
	if (rc == 0 && f->len < 24)
		rc = LF_ETRUNC;
	if (rc == 0) {
		const uint8_t *h = f->buf;
		uint32_t magic_le = word(f, h);
		f->swap = 1;
		uint32_t magic_be = word(f, h);
		if (magic_le == 0xa1b2c3d4 || magic_le == 0xa1b23c4d) {
			f->swap = 0;
			f->nsec = magic_le == 0xa1b23c4d;
		} else if (magic_be == 0xa1b2c3d4 || magic_be == 0xa1b23c4d) {
			f->nsec = magic_be == 0xa1b23c4d;
		} else {
			rc = LF_EFORMAT;
		}
		f->snaplen = word(f, h + 16);
		f->linktype = word(f, h + 20) & 0x0fffffff;
		f->pos = 24;
	}
	if (rc) {
		free(f->buf);
		memset(f, 0, sizeof(*f));
	}
	return rc;
}

int hp_next(struct hp_file *f, struct hp_rec *r)
{
	struct lf_rd rd;
	lf_rd_init(&rd, f->buf + f->pos, f->len - f->pos);
	if (lf_rd_left(&rd) == 0)
		return 0;
	const uint8_t *h = lf_rd_ptr(&rd, 16);
	if (!h)
		return LF_ETRUNC;
	uint32_t sec = word(f, h), frac = word(f, h + 4);
	r->caplen = word(f, h + 8);
	r->wirelen = word(f, h + 12);
	if (r->caplen > HP_MAX_RECORD)
		return LF_EMALF;
	r->data = lf_rd_ptr(&rd, r->caplen);
	if (!r->data)
		return LF_ETRUNC;
	r->ts = (lf_time_t)sec * LF_USEC_PER_SEC +
		(f->nsec ? frac / 1000 : frac);
	f->pos += rd.pos;
	return 1;
}

void hp_close(struct hp_file *f)
{
	free(f->buf);
	memset(f, 0, sizeof(*f));
}
