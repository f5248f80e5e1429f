/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arena.h — a bump allocator with a hard cap.
 *
 * Memory comes from a list of chunks (the first of chunk_size bytes, later
 * ones doubling up to 1 MiB, or exactly the request if larger); allocations
 * are 16-byte aligned and never freed one by one: lf_arena_reset() keeps
 * the first chunk for reuse, lf_arena_free() returns everything. The total
 * of chunk bytes never exceeds max_bytes; an allocation that would is
 * refused (NULL) and counted in `cap_hits`, so hostile input cannot grow
 * an arena without bound.
 *
 * Not thread-safe: one arena per thread, packet batch or request.
 */
#ifndef LF_CORE_ARENA_H
#define LF_CORE_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct lf_arena_chunk;

struct lf_arena {
	struct lf_arena_chunk *head; /* current chunk, newest first */
	size_t chunk_size;           /* size of the next chunk to allocate */
	size_t used_bytes;           /* bytes handed out (incl. alignment) */
	size_t total_bytes;          /* bytes held in chunks */
	size_t max_bytes;            /* cap on total_bytes; 0 = SIZE_MAX */
	uint64_t cap_hits;           /* allocations refused by the cap */
};

/* chunk_size 0 picks 4 KiB; max_bytes 0 means no cap. Never fails. */
void lf_arena_init(struct lf_arena *a, size_t chunk_size, size_t max_bytes);

/* n bytes, 16-aligned, uninitialised; NULL on cap or ENOMEM. n==0 ok. */
void *lf_arena_alloc(struct lf_arena *a, size_t n);
void *lf_arena_calloc(struct lf_arena *a, size_t n, size_t size);

/* Copy s[0..n) and add a NUL. NULL on cap or ENOMEM. */
char *lf_arena_strndup(struct lf_arena *a, const char *s, size_t n);

/* Drop all allocations; keep the newest chunk for reuse. */
void lf_arena_reset(struct lf_arena *a);

/* Release every chunk. The arena may be re-initialised afterwards. */
void lf_arena_free(struct lf_arena *a);

#endif
