/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_pcap.h — a small reader of classic pcap files for the tests, so
 * that they need no libpcap: the whole file is read into memory (capped at
 * HP_MAX_FILE) and walked record by record.
 *
 * Format (the pcap file format, draft-ietf-opsawg-pcap §4, §5): a 24-byte
 * header — magic 0xa1b2c3d4 (µs timestamps) or 0xa1b23c4d (ns), in the
 * writer's byte order, which the magic reveals; version; reserved;
 * snaplen; link type in the low 28 bits of the last word — then records of
 * a 16-byte header (seconds, fraction, captured length, original length)
 * and the captured bytes. pcapng files (every capture in ../shared/data is
 * classic pcap) are refused with LF_EFORMAT.
 */
#ifndef LF_TEST_HELPER_PCAP_H
#define LF_TEST_HELPER_PCAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/time.h"

#define HP_MAX_FILE ((size_t)64 << 20)
#define HP_MAX_RECORD ((size_t)256 << 10)

struct hp_file {
	uint8_t *buf;
	size_t len, pos;
	int swap; /* header words are big-endian */
	int nsec; /* fractions are nanoseconds */
	uint32_t linktype, snaplen;
};

struct hp_rec {
	lf_time_t ts;
	const uint8_t *data; /* inside the file's buffer */
	size_t caplen, wirelen;
};

/*
 * Read path into *f. Returns 0, -errno (open/read), LF_ELIMIT (file over
 * HP_MAX_FILE), LF_EFORMAT (not a classic pcap file) or LF_ETRUNC
 * (shorter than the file header).
 */
int hp_open(const char *path, struct hp_file *f);

/*
 * The next record into *r. Returns 1, 0 at the end of the file, LF_ETRUNC
 * if the file ends inside a record, LF_EMALF if a record's captured length
 * exceeds HP_MAX_RECORD.
 */
int hp_next(struct hp_file *f, struct hp_rec *r);

void hp_close(struct hp_file *f);

#endif
