/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_pcap.h — a tiny pcap reader for the DNS tests: it pulls the DNS
 * messages of one port out of a capture in ../shared/data/pcap.
 *
 * Classic pcap only (either byte order, µs or ns stamps), link types
 * Ethernet (802.1Q/802.1ad tags skipped) and BSD loopback, IPv4 (not
 * fragmented) and IPv6 without extension headers, UDP and TCP. Every UDP
 * payload to or from the port is one message; the TCP payloads of each
 * direction are concatenated into one stream, which is right for the
 * captures used here (no loss, no retransmission, no reordering).
 */
#ifndef LF_TEST_DNS_HELPER_PCAP_H
#define LF_TEST_DNS_HELPER_PCAP_H

#include <stddef.h>
#include <stdint.h>

#define CAP_DIR "../shared/data/pcap/"
#define CAP_UDP_MAX 16
#define CAP_TCP_MAX (1 << 15)

struct cap {
	uint8_t *file; /* the whole capture; the pointers below are into it */
	size_t n;
	struct {
		const uint8_t *p;
		size_t len;
	} udp[CAP_UDP_MAX];
	size_t nudp;
	uint8_t tcp[2][CAP_TCP_MAX]; /* [0]: to the port, [1]: from it */
	size_t ntcp[2];
};

/*
 * Read CAP_DIR/file into *c, keeping what goes to or comes from `port`.
 * Returns 1, or 0 when the file cannot be opened (the caller skips). A
 * capture this reader cannot hold fails the test. Release with cap_free.
 */
int cap_read(struct cap *c, const char *file, uint16_t port);
void cap_free(struct cap *c);

#endif
