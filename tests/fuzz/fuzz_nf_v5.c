/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_nf_v5 — NetFlow v5 datagram sequences through lf_nf_decode.
 *
 * Input: one flags byte, then datagrams, each a 2-byte big-endian length
 * and that many bytes (the last one takes what is left). The version field
 * of every datagram is forced to 5. Flags as in fuzz_nf_v9 (bit 0 tiny
 * limits, bit 1 expire after each datagram, bits 2-3 the exporter port);
 * time advances 7 s a datagram. The same checks: allowed results, flows
 * with addresses and a rate >= 1, renormalised counters, counters that
 * agree with the callbacks, caps held.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "nf/nf.h"
#include "nf/nf_int.h"

#define VERSION 5
#define SOURCE LF_FLOW_SRC_NF5
#include "nf_fuzz.h"
