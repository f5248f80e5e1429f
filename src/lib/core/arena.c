/* SPDX-License-Identifier: Apache-2.0 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define ALIGN 16
#define MAX_CHUNK ((size_t)1 << 20)

struct lf_arena_chunk {
	struct lf_arena_chunk *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	_Alignas(ALIGN) unsigned char data[];
};

void lf_arena_init(struct lf_arena *a, size_t chunk_size, size_t max_bytes)
{
	memset(a, 0, sizeof(*a));
	a->chunk_size = chunk_size ? chunk_size : 4096;
	a->max_bytes = max_bytes ? max_bytes : SIZE_MAX;
}

void *lf_arena_alloc(struct lf_arena *a, size_t n)
{
	size_t need = (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
	if (need < n)
		return NULL; /* overflow */
	struct lf_arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		const size_t hdr = sizeof(*c);
		size_t room = a->max_bytes > a->total_bytes
				      ? a->max_bytes - a->total_bytes
				      : 0;
		if (room < hdr || need > room - hdr) {
			a->cap_hits++;
			return NULL;
		}
		size_t size = a->chunk_size;
		if (size < need)
			size = need;
		/* The request fits under the cap even if a full-size chunk
		 * would not: the last chunk gets what the cap leaves. */
		if (size > room - hdr)
			size = room - hdr;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total_bytes += sizeof(*c) + size;
		if (a->chunk_size < MAX_CHUNK) /* doubling, up to 1 MiB */
			a->chunk_size = a->chunk_size > MAX_CHUNK / 2
						? MAX_CHUNK
						: a->chunk_size * 2;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used_bytes += need;
	return p;
}

void *lf_arena_calloc(struct lf_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = lf_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *lf_arena_strndup(struct lf_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = lf_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void lf_arena_reset(struct lf_arena *a)
{
	struct lf_arena_chunk *keep = a->head;
	if (!keep)
		return;
	struct lf_arena_chunk *c = keep->next;
	while (c) {
		struct lf_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->total_bytes = sizeof(*keep) + keep->size;
	a->used_bytes = 0;
}

void lf_arena_free(struct lf_arena *a)
{
	struct lf_arena_chunk *c = a->head;
	while (c) {
		struct lf_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total_bytes = 0;
	a->used_bytes = 0;
}
