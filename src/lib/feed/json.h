/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.h — the jansson glue shared by the JSON importers (STIX, MISP).
 *
 * Why a layer at all: jansson is a good parser but its defaults are not a
 * feed importer's. It nests to 2048 levels (JSON_PARSER_MAX_DEPTH), it takes
 * "\u0000" inside strings only when asked (we never ask), and its accessors
 * return NULL/0 for "absent" and "wrong type" alike. Importers must tell
 * those apart: an absent optional property is fine, a number where a string
 * belongs is a rejected entry with a reason. So:
 *
 *  - lf_feed_json_load() is the only way an importer turns bytes into a
 *    tree. It skips a UTF-8 BOM, refuses input above LF_FEED_MAX_INPUT,
 *    pre-scans bracket nesting so nothing deeper than LF_FEED_MAX_DEPTH ever
 *    reaches the parser, and parses with JSON_REJECT_DUPLICATES (two
 *    "pattern" keys in one object are an ambiguity different tools resolve
 *    differently — refused, not guessed) and without JSON_ALLOW_NUL. A file
 *    that fails is reported once, as "name:line:column" with jansson's text.
 *
 *  - lf_feed_json_get_* read one member and say which of the three cases it
 *    was: found (0), absent or null (LF_ENOENT), wrong JSON type (LF_ETYPE).
 *    JSON null is treated as absent because MISP writes "last_seen": null
 *    for "not set".
 *
 * Nothing here allocates except lf_feed_json_load (the tree, owned by the
 * caller: json_decref) and the joiner (an lf_buf the caller frees).
 */
#ifndef LF_FEED_JSON_H
#define LF_FEED_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "feed/feed.h"

/* Longest comma-joined labels / kill-chain string an importer builds. */
#define LF_FEED_LABELS_MAX 4096

/*
 * Parse buf[0..len) into *out. `name` (may be NULL: "<input>") prefixes the
 * location of a failure. On failure one REJECTED issue "name:line:col" with
 * the reason is added to rep and *out is NULL.
 *
 * Returns 0, LF_EMALF (not JSON, trailing garbage, duplicate key, "\u0000",
 * integer too big), LF_EDEPTH (nesting deeper than LF_FEED_MAX_DEPTH),
 * LF_ELIMIT (len > LF_FEED_MAX_INPUT) or -ENOMEM. Thread-safe.
 */
int lf_feed_json_load(const char *buf, size_t len, const char *name,
		      struct lf_feed_report *rep, json_t **out);

/*
 * Depth pre-scan used by lf_feed_json_load: the deepest nesting of [ and {
 * outside strings, stopping at the first position deeper than max. Returns
 * 0 when the input stays within max, else LF_EDEPTH with the 1-based line
 * and column of the offending bracket in *line / *col. Does not validate
 * anything else (the parser does).
 */
int lf_feed_json_depth_check(const char *buf, size_t len, unsigned max,
			     size_t *line, size_t *col);

/* "object", "array", "string", "integer", "real", "true", "false", "null". */
const char *lf_feed_json_type_name(const json_t *v);

/*
 * Member `key` of object obj as a string: *s (NUL-terminated, owned by the
 * tree) and *n. 0, LF_ENOENT (absent or null) or LF_ETYPE (not a string).
 */
int lf_feed_json_get_str(const json_t *obj, const char *key, const char **s,
			 size_t *n);

/*
 * Member `key` as a boolean. Accepts true/false, the integers 0/1 and the
 * strings "0"/"1"/"true"/"false" (MISP writes all of them). 0, LF_ENOENT
 * or LF_ETYPE (anything else, including "yes").
 */
int lf_feed_json_get_bool(const json_t *obj, const char *key, int *out);

/*
 * Member `key` as an integer in [min, max]: a JSON integer, or a string of
 * decimal digits (MISP writes numbers as strings). 0, LF_ENOENT, LF_ETYPE
 * (real, bool, non-numeric string, ...) or LF_ERANGE.
 */
int lf_feed_json_get_int(const json_t *obj, const char *key, int64_t min,
			 int64_t max, int64_t *out);

/*
 * Member `key` as an RFC 3339 timestamp (core/time.h). 0, LF_ENOENT,
 * LF_ETYPE, LF_EMALF or LF_ERANGE.
 */
int lf_feed_json_get_time(const json_t *obj, const char *key, lf_time_t *out);

/*
 * Comma-joined list builder for labels and kill-chain phases, bounded by
 * LF_FEED_LABELS_MAX. A ',' inside an item becomes ';' (',' separates
 * items), control characters become ' ', empty items and exact repeats
 * are dropped. Items that no longer fit are dropped and counted in
 * `dropped`. lf_feed_join_str() is NULL while empty.
 */
struct lf_feed_join {
	struct lf_buf buf;
	size_t items;
	size_t dropped;
};

void lf_feed_join_init(struct lf_feed_join *j);
/* Add s[0..n) (and, when b is not NULL, ":" b[0..bn)) as one item. */
int lf_feed_join_add(struct lf_feed_join *j, const char *s, size_t n,
		     const char *b, size_t bn);
const char *lf_feed_join_str(const struct lf_feed_join *j);
void lf_feed_join_reset(struct lf_feed_join *j);
void lf_feed_join_free(struct lf_feed_join *j);

/*
 * Is s[0..n) a UUID in the RFC 4122 text form (8-4-4-4-12 hex digits, any
 * case)? 1 or 0.
 */
int lf_feed_is_uuid(const char *s, size_t n);

/*
 * Copy s[0..n) into dst[cap] for an issue's `where`, NUL-terminated,
 * truncated with "..." when too long, control bytes replaced by '?'.
 */
void lf_feed_where(char *dst, size_t cap, const char *s, size_t n);

#endif
