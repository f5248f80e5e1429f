/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_nf_v9 — NetFlow v9 datagram sequences through lf_nf_decode.
 *
 * Input: one flags byte, then datagrams, each a 2-byte big-endian length
 * and that many bytes (the last one takes what is left). The version field
 * of every datagram is forced to 9, so the fuzzer spends its time on
 * templates, options and data. Flags: bit 0 tiny limits (4 templates, 8
 * fields, 2 KiB pending, 16 KiB of state, 2 samplers and names, short
 * timeouts) so the caps are hit; bit 1 lf_nf_expire after each datagram;
 * bits 2-3 pick one of four exporter ports. Time advances 7 s a datagram.
 *
 * Checks, each an abort() on failure: the result is one the contract
 * allows; every flow has an address, a rate >= 1 and bytes/packets equal
 * to the raw values times the rate (saturating); the counters agree with
 * the callbacks; held data and state stay within their caps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "nf/nf.h"
#include "nf/nf_int.h"

#define VERSION 9
#define SOURCE LF_FLOW_SRC_NF9
#include "nf_fuzz.h"
