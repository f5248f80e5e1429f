/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pattern.h — the STIX 2.1 patterning language (STIX 2.1 §9, grammar
 * STIXPattern.g4): parser, syntax tree, canonical printer, and the reducer
 * that turns a pattern into the plain indicator values Lianfang matches.
 *
 * Why a tree and not a validator. An indicator's pattern is a small
 * program: observation expressions in brackets, joined by AND / OR /
 * FOLLOWEDBY and qualified by WITHIN / REPEATS / START..STOP. Most feeds use
 * the trivial shape "[ipv4-addr:value = '…']", but the importer must tell
 * that shape apart from "[ipv4-addr:value = '…' AND domain-name:value =
 * '…']" (not a blocklist entry at all) without guessing from the text. So
 * the pattern is parsed in full, by a recursive-descent parser over the
 * official grammar, into a tree that the reducer then walks.
 *
 * Shape of the tree. Every node lives in the caller's arena (core/arena.h)
 * and is freed with it; nothing is malloc'd. Chains of one operator
 * ("a OR b OR c") are one n-ary node whose children are linked by `next`,
 * so the tree's depth is bounded by the nesting of brackets and
 * parentheses (LF_STIX_MAX_DEPTH), not by the length of the pattern: the
 * printer and the reducer recurse over it without risk. A chain that the
 * source parenthesised ("a OR (b OR c)") stays nested, and the printer
 * writes the parentheses back, so parse(format(t)) is t again. Qualifiers
 * that follow one another ("[…] START … STOP … WITHIN 5 SECONDS") are one
 * QUAL node with a list; "([…] WITHIN 5 SECONDS) WITHIN 9 SECONDS" is two.
 * The grammar lets a qualifier repeat ("WITHIN 5 SECONDS WITHIN 9
 * SECONDS"); so does the parser, and the reducer treats each on its own.
 *
 * Literals are decoded once, at parse time: strings unescaped (\' and \\
 * are the only escapes), b'…' base64 and h'…' hex to bytes, t'…' to
 * lf_time_t, integers to int64 (larger ones are refused), floats to double
 * plus a canonical text. Strings and byte strings are NUL-terminated in the
 * arena and also carry their length; a NUL byte anywhere in a pattern is a
 * syntax error, so the C string view never cuts a value short.
 *
 * Limits: a pattern is at most LF_STIX_PATTERN_MAX bytes, brackets and
 * parentheses nest at most LF_STIX_MAX_DEPTH deep, a float literal is at
 * most 64 characters, a reduction yields at most LF_STIX_MAX_ITEMS items.
 * Memory is whatever the arena's cap allows.
 *
 * Thread-safety: every function is pure over its arguments; use one arena
 * per thread. A parsed tree is read-only and may be shared.
 *
 * Files: pattern.c (lexer, parser), format.c (printer), reduce.c (reducer).
 * See docs/stix-patterns.md for the grammar as implemented and the table of
 * what reduces to indicators.
 */
#ifndef LF_STIX_PATTERN_H
#define LF_STIX_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/time.h"
#include "ioc/ioc.h"

#define LF_STIX_PATTERN_MAX (64 * 1024) /* bytes of pattern text */
#define LF_STIX_MAX_DEPTH 64            /* nested [ and ( */
#define LF_STIX_MAX_ITEMS 100000        /* items of one reduction */

/* ---- syntax tree ------------------------------------------------------ */

enum lf_stix_lit_type {
	LF_STIX_LIT_INT = 1,   /* i */
	LF_STIX_LIT_FLOAT,     /* f, and s = canonical text ("0.5", "-7.0") */
	LF_STIX_LIT_STRING,    /* s, len: unescaped bytes */
	LF_STIX_LIT_BOOL,      /* i: 0 or 1 */
	LF_STIX_LIT_BINARY,    /* s, len: decoded bytes of b'…' (or b64'…') */
	LF_STIX_LIT_HEX,       /* s, len: decoded bytes of h'…' */
	LF_STIX_LIT_TIMESTAMP, /* t */
};

struct lf_stix_lit {
	enum lf_stix_lit_type type;
	size_t offset; /* byte offset of the literal in the pattern */
	int64_t i;
	double f;
	lf_time_t t;
	const char *s; /* NUL-terminated, in the arena; NULL for INT/BOOL/TIMESTAMP */
	size_t len;
	struct lf_stix_lit *next; /* next member of an IN (…) set */
};

enum lf_stix_step_type {
	LF_STIX_STEP_KEY = 1, /* a property or dictionary key: key, key_len */
	LF_STIX_STEP_INDEX,   /* [n] or [-n]: index */
	LF_STIX_STEP_ANY,     /* [*] */
};

struct lf_stix_step {
	enum lf_stix_step_type type;
	const char *key; /* NUL-terminated, in the arena */
	size_t key_len;
	int64_t index;
	struct lf_stix_step *next;
};

/*
 * An object path "type:prop.key[0]…": the object type and the steps, of
 * which the first is always a KEY (the top-level property).
 */
struct lf_stix_path {
	const char *type; /* NUL-terminated, e.g. "ipv4-addr" */
	size_t type_len;
	struct lf_stix_step *steps;
	size_t n_steps; /* >= 1 */
	size_t offset;
};

enum lf_stix_op {
	LF_STIX_OP_EQ = 1, /* = or == */
	LF_STIX_OP_NE,     /* != or <> */
	LF_STIX_OP_LT,
	LF_STIX_OP_LE,
	LF_STIX_OP_GT,
	LF_STIX_OP_GE,
	LF_STIX_OP_IN,
	LF_STIX_OP_LIKE,
	LF_STIX_OP_MATCHES,
	LF_STIX_OP_ISSUBSET,
	LF_STIX_OP_ISSUPERSET,
	LF_STIX_OP_EXISTS,
};

enum lf_stix_cmp_type {
	LF_STIX_CMP_AND = 1, /* kids: >= 2 */
	LF_STIX_CMP_OR,      /* kids: >= 2 */
	LF_STIX_CMP_TEST,    /* path op value */
};

/* A comparison expression: the inside of "[ … ]". */
struct lf_stix_cmp {
	enum lf_stix_cmp_type type;
	size_t offset;
	struct lf_stix_cmp *kids; /* AND/OR: linked by next */
	size_t n_kids;
	struct lf_stix_path path; /* TEST */
	enum lf_stix_op op;       /* TEST */
	int negated;              /* TEST: "NOT" before the operator / EXISTS */
	/*
	 * TEST operand: one literal, or for IN the set members linked by
	 * next (NULL and n_values 0 for "()"); NULL for EXISTS.
	 */
	struct lf_stix_lit *value;
	size_t n_values;
	struct lf_stix_cmp *next;
};

enum lf_stix_qual_type {
	LF_STIX_QUAL_WITHIN = 1, /* within: INT or FLOAT seconds, >= 0 */
	LF_STIX_QUAL_REPEATS,    /* repeats: count */
	LF_STIX_QUAL_STARTSTOP,  /* start, stop */
};

struct lf_stix_qual {
	enum lf_stix_qual_type type;
	size_t offset;
	struct lf_stix_lit *within;
	int64_t repeats;
	lf_time_t start, stop;
	struct lf_stix_qual *next;
};

enum lf_stix_obs_type {
	LF_STIX_OBS_CMP = 1,   /* "[ cmp ]" */
	LF_STIX_OBS_AND,       /* kids: >= 2 */
	LF_STIX_OBS_OR,        /* kids: >= 2 */
	LF_STIX_OBS_FOLLOWEDBY, /* kids: >= 2, in order */
	LF_STIX_OBS_QUAL,      /* kids: exactly 1; quals: >= 1, in order */
};

/* An observation expression. */
struct lf_stix_obs {
	enum lf_stix_obs_type type;
	size_t offset;
	struct lf_stix_cmp *cmp;  /* CMP */
	struct lf_stix_obs *kids; /* linked by next */
	size_t n_kids;
	struct lf_stix_qual *quals; /* QUAL, in source order */
	size_t n_quals;
	struct lf_stix_obs *next;
};

struct lf_stix_pattern {
	struct lf_stix_obs *root;
	size_t n_obs;   /* "[ … ]" observation expressions */
	size_t n_tests; /* comparisons (incl. EXISTS) */
};

/* Where and why a parse failed. msg is NUL-terminated, one line. */
struct lf_stix_perr {
	size_t offset; /* byte offset into the pattern */
	char msg[160];
};

/* ---- parsing and printing --------------------------------------------- */

/*
 * Parse the pattern s[0..n) (not NUL-terminated; may contain anything).
 * On success *out is the tree, allocated in a (which owns it). err may be
 * NULL; when given it is filled on every failure with the byte offset of
 * the offending token and a message.
 *
 * Returns 0; LF_ESYNTAX (not a pattern: bad token, bad literal — including
 * timestamps that name no real day, malformed base64/hex, integers beyond
 * int64 — or a grammar error); LF_EDEPTH ([ and ( nested deeper than
 * LF_STIX_MAX_DEPTH); LF_ELIMIT (n > LF_STIX_PATTERN_MAX, or the arena's
 * cap was hit); -ENOMEM. On failure *out is NULL and whatever was
 * allocated stays in the arena until it is reset.
 */
int lf_stix_pattern_parse(const char *s, size_t n, struct lf_arena *a,
			  struct lf_stix_pattern **out,
			  struct lf_stix_perr *err);

/*
 * Append the canonical text of p to out: single spaces around operators,
 * "=" and "!=" spellings, keys quoted only when they must be, literals in
 * one form (timestamps UTC with 0, 3 or 6 fraction digits, b'…' canonical
 * base64, h'…' lowercase), parentheses exactly where the tree needs them.
 * Parsing the output yields an equal tree. Returns 0, LF_ELIMIT (out's
 * maximum) or -ENOMEM; on error out holds a prefix.
 */
int lf_stix_pattern_format(const struct lf_stix_pattern *p, struct lf_buf *out);

/* Append an object path in canonical form ("file:hashes.'SHA-256'"). */
int lf_stix_path_format(const struct lf_stix_path *p, struct lf_buf *out);

/* "=", "!=", "<", …, "IN", "LIKE", "MATCHES", …, "EXISTS"; "?" if unknown. */
const char *lf_stix_op_name(enum lf_stix_op op);

/*
 * Is s[0..n) a reserved word of the language (AND, OR, …, LAST, true,
 * false)? Such a property name must be written quoted ("file:'IN'").
 * Case-sensitive, as the grammar is. Returns 1 or 0.
 */
int lf_stix_is_keyword(const char *s, size_t n);

/* ---- reduction to indicators ------------------------------------------ */

/*
 * One indicator value a pattern stands for. value is the literal as the
 * pattern gave it (unescaped, not normalised: the importer runs it through
 * lf_ioc_value_parse with `type` as the hint). type LF_IOC_NONE means the
 * pattern does not say (network-traffic:dst_ref.value with a literal that
 * is not plainly IPv4 or IPv6): the importer detects it. The validity
 * window comes from START/STOP qualifiers: [valid_from, valid_until),
 * LF_TIME_MIN / LF_TIME_MAX when unbounded.
 */
struct lf_stix_item {
	enum lf_ioc_type type;
	const char *value; /* NUL-terminated; in the tree's or the reducer's arena */
	size_t len;
	lf_time_t valid_from;
	lf_time_t valid_until;
};

struct lf_stix_reduction {
	struct lf_stix_item *items; /* in the arena */
	size_t n;
	char reason[200]; /* why not, when the result is not 0; else "" */
};

/*
 * Reduce p to the indicator values it matches, when it is exactly "any of
 * these values": one observation expression, or an OR of them (at the
 * observation level or inside the brackets), each comparison an "=" or
 * "IN (…)" on an indicator property (or ISSUBSET on an address property),
 * optionally qualified by START/STOP. See docs/stix-patterns.md for the
 * table. Items are deduplicated by (type, value); a value that appears
 * under several START/STOP windows gets the hull of those windows.
 *
 * Returns 0 with out->items / out->n (n >= 1); LF_EUNSUP with out->reason
 * saying what construct stops the reduction ("FOLLOWEDBY is temporal",
 * "AND across different objects (ipv4-addr, domain-name)", …); LF_ELIMIT
 * (more than LF_STIX_MAX_ITEMS items, or the arena's cap); -ENOMEM. On
 * failure out->n is 0 and out->reason says why.
 */
int lf_stix_pattern_reduce(const struct lf_stix_pattern *p, struct lf_arena *a,
			   struct lf_stix_reduction *out);

#endif
