/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pattern.c — lexer and recursive-descent parser for the
 * STIX 2.1 patterning language (STIX 2.1 §9; the OASIS ANTLR grammar
 * STIXPattern.g4 is the reference for every token and rule named below).
 *
 * The lexer is hand-written and produces the grammar's tokens one at a
 * time; the parser needs one token of lookahead. Where the ANTLR lexer
 * would split bad input into several tokens that the parser then rejects
 * ("1.2.3.4" is FloatPos 1.2, FloatPos .3, FloatPos .4; "t'2016-13-01…'"
 * is an identifier and a string), this lexer rejects the same input at
 * once with a message that names the real mistake. The set of accepted
 * patterns is the grammar's, with these documented exceptions: b64'…' is
 * accepted as a spelling of b'…'; a NUL byte or invalid UTF-8 anywhere is
 * an error; integers must fit int64 and float literals 64 characters.
 *
 * Operator precedence follows the grammar: observation level FOLLOWEDBY <
 * OR < AND, then qualifiers bind to the observation expression they
 * follow; comparison level OR < AND. All binary operators associate left;
 * a chain of one operator becomes one n-ary node (see pattern.h).
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/err.h"
#include "core/num.h"
#include "stix/pattern.h"

/* ---- tokens ----------------------------------------------------------- */

enum tk {
	T_EOF = 0,
	T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_COLON, T_DOT, T_COMMA,
	T_STAR,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	/* keywords (case-sensitive) */
	T_AND, T_OR, T_NOT, T_FOLLOWEDBY, T_LIKE, T_MATCHES, T_ISSUPERSET,
	T_ISSUBSET, T_EXISTS, T_LAST, T_IN, T_START, T_STOP, T_SECONDS,
	T_WITHIN, T_REPEATS, T_TIMES, T_BOOL,
	/* identifiers and literals */
	T_IDENT,        /* IdentifierWithoutHyphen */
	T_IDENT_HYPHEN, /* IdentifierWithHyphen (and not without) */
	T_INT_POS, T_INT_NEG, T_FLOAT_POS, T_FLOAT_NEG, T_STRING, T_BINARY,
	T_HEX, T_TIMESTAMP,
};

#define KW(w, t) {w, sizeof(w) - 1, t}
static const struct {
	const char *word;
	size_t len;
	enum tk tk;
} keywords[] = {
	KW("AND", T_AND),         KW("OR", T_OR),
	KW("NOT", T_NOT),         KW("FOLLOWEDBY", T_FOLLOWEDBY),
	KW("LIKE", T_LIKE),       KW("MATCHES", T_MATCHES),
	KW("ISSUPERSET", T_ISSUPERSET), KW("ISSUBSET", T_ISSUBSET),
	KW("EXISTS", T_EXISTS),   KW("LAST", T_LAST),
	KW("IN", T_IN),           KW("START", T_START),
	KW("STOP", T_STOP),       KW("SECONDS", T_SECONDS),
	KW("WITHIN", T_WITHIN),   KW("REPEATS", T_REPEATS),
	KW("TIMES", T_TIMES),     KW("true", T_BOOL),
	KW("false", T_BOOL),
};
#undef KW

/* The keyword spelled s[0..n), or T_EOF if none. */
static enum tk keyword(const char *s, size_t n)
{
	if (n == 0)
		return T_EOF;
	/* Keywords are upper case but for true/false: most words skip this. */
	if (!((s[0] >= 'A' && s[0] <= 'Z') || s[0] == 't' || s[0] == 'f'))
		return T_EOF;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
		if (keywords[k].len == n && memcmp(keywords[k].word, s, n) == 0)
			return keywords[k].tk;
	return T_EOF;
}

struct tok {
	enum tk type;
	size_t off, len;         /* span in the source */
	struct lf_stix_lit *lit; /* literal tokens: the decoded value */
};

struct parser {
	const char *s;
	size_t n;
	size_t pos; /* lexer cursor: first byte after the current token */
	struct lf_arena *a;
	uint64_t cap_hits0;
	struct tok tok; /* the lookahead */
	unsigned depth;
	int err; /* first error, sticky */
	struct lf_stix_perr *perr;
	struct lf_stix_pattern *pat;
};

__attribute__((format(printf, 4, 5))) static int
fail(struct parser *p, int err, size_t off, const char *fmt, ...)
{
	if (p->err)
		return p->err;
	p->err = err;
	if (p->perr) {
		va_list ap;
		va_start(ap, fmt);
		p->perr->offset = off;
		vsnprintf(p->perr->msg, sizeof(p->perr->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

/* The arena said no: its cap (LF_ELIMIT) or malloc (-ENOMEM). */
static int fail_alloc(struct parser *p, size_t off)
{
	if (p->a->cap_hits != p->cap_hits0)
		return fail(p, LF_ELIMIT, off, "arena limit reached");
	return fail(p, -ENOMEM, off, "out of memory");
}

static void *alloc(struct parser *p, size_t size, size_t off)
{
	void *m = lf_arena_calloc(p->a, 1, size);
	if (!m)
		fail_alloc(p, off);
	return m;
}

static char *dup_text(struct parser *p, const char *s, size_t n, size_t off)
{
	char *m = lf_arena_strndup(p->a, s, n);
	if (!m)
		fail_alloc(p, off);
	return m;
}

/*
 * A short, printable rendering of source bytes for error messages: at most
 * 24 bytes, anything outside printable ASCII as '?'.
 */
static const char *snippet(const char *s, size_t n, char *buf, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 4 < cap && i < 24; i++)
		buf[k++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (n > 24 && k + 4 < cap) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

/* "'AND'", "end of pattern", … for "found %s". */
static const char *describe(const struct parser *p, const struct tok *t,
			    char *buf, size_t cap)
{
	if (t->type == T_EOF)
		return "end of pattern";
	char tmp[40];
	snippet(p->s + t->off, t->len, tmp, sizeof(tmp));
	snprintf(buf, cap, "'%s'", tmp);
	return buf;
}

/* ---- lexer: whitespace, comments, text checks ------------------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident_char(char c)
{
	return is_ident_start(c) || is_digit(c);
}

/*
 * Length of the whitespace character at s[i], or 0. The grammar's WS set:
 * ASCII space, \t \r \n \v \f, and U+0085 U+00A0 U+1680 U+2000..U+200A
 * U+2028 U+2029 U+202F U+205F U+3000 as UTF-8.
 */
static size_t ws_len(const char *str, size_t n, size_t i)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[i];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (c == 0xc2 && i + 1 < n && (s[i + 1] == 0x85 || s[i + 1] == 0xa0))
		return 2;
	if (i + 2 >= n)
		return 0;
	unsigned c1 = s[i + 1], c2 = s[i + 2];
	if (c == 0xe1 && c1 == 0x9a && c2 == 0x80)
		return 3; /* U+1680 */
	if (c == 0xe2 && c1 == 0x80 &&
	    (c2 <= 0x8a || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf) && c2 >= 0x80)
		return 3; /* U+2000..200A, 2028, 2029, 202F */
	if (c == 0xe2 && c1 == 0x81 && c2 == 0x9f)
		return 3; /* U+205F */
	if (c == 0xe3 && c1 == 0x80 && c2 == 0x80)
		return 3; /* U+3000 */
	return 0;
}

/*
 * Decode one UTF-8 sequence at s[i] (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF). Returns its length, 0 if invalid.
 */
static size_t utf8_len(const char *str, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str + i;
	size_t left = n - i;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (left < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* A pattern is text: no NUL byte, valid UTF-8 throughout. */
static int check_text(struct parser *p)
{
	for (size_t i = 0; i < p->n;) {
		uint32_t cp;
		if (p->s[i] == '\0')
			return fail(p, LF_ESYNTAX, i, "NUL byte in pattern");
		size_t l = utf8_len(p->s, p->n, i, &cp);
		if (l == 0)
			return fail(p, LF_ESYNTAX, i, "invalid UTF-8 in pattern");
		i += l;
	}
	return 0;
}

/* Skip whitespace and comments ("/" "*" … "*" "/" and "//" to end of line). */
static int skip_space(struct parser *p)
{
	while (p->pos < p->n) {
		size_t w = ws_len(p->s, p->n, p->pos);
		if (w) {
			p->pos += w;
			continue;
		}
		if (p->s[p->pos] != '/' || p->pos + 1 >= p->n)
			return 0;
		if (p->s[p->pos + 1] == '/') {
			while (p->pos < p->n && p->s[p->pos] != '\n' &&
			       p->s[p->pos] != '\r')
				p->pos++;
		} else if (p->s[p->pos + 1] == '*') {
			size_t start = p->pos;
			size_t i = p->pos + 2;
			while (i + 1 < p->n &&
			       !(p->s[i] == '*' && p->s[i + 1] == '/'))
				i++;
			if (i + 1 >= p->n)
				return fail(p, LF_ESYNTAX, start,
					    "unterminated comment");
			p->pos = i + 2;
		} else {
			return 0;
		}
	}
	return 0;
}

/* ---- lexer: literals -------------------------------------------------- */

static struct lf_stix_lit *new_lit(struct parser *p, enum lf_stix_lit_type type,
				   size_t off)
{
	struct lf_stix_lit *l = alloc(p, sizeof(*l), off);
	if (l) {
		l->type = type;
		l->offset = off;
	}
	return l;
}

/*
 * StringLiteral: "'" ( ~['\\] | "\'" | "\\" )* "'". Unescape into the
 * arena. Returns the position after the closing quote, or 0 on error.
 */
static size_t lex_string(struct parser *p, size_t q, struct lf_stix_lit **out)
{
	size_t i = q + 1, outlen = 0;
	for (;;) {
		if (i >= p->n) {
			fail(p, LF_ESYNTAX, q, "unterminated string literal");
			return 0;
		}
		char c = p->s[i];
		if (c == '\'')
			break;
		if (c == '\\') {
			if (i + 1 >= p->n) {
				fail(p, LF_ESYNTAX, q,
				     "unterminated string literal");
				return 0;
			}
			char e = p->s[i + 1];
			if (e != '\'' && e != '\\') {
				char sn[8];
				fail(p, LF_ESYNTAX, i,
				     "invalid escape '\\%s' in string literal "
				     "(only \\' and \\\\ are allowed)",
				     snippet(p->s + i + 1, 1, sn, sizeof(sn)));
				return 0;
			}
			i += 2;
		} else {
			i++;
		}
		outlen++;
	}
	size_t end = i + 1;
	struct lf_stix_lit *l = new_lit(p, LF_STIX_LIT_STRING, q);
	char *buf = l ? alloc(p, outlen + 1, q) : NULL;
	if (!buf)
		return 0;
	size_t k = 0;
	for (i = q + 1; i < end - 1; i++) {
		if (p->s[i] == '\\')
			i++;
		buf[k++] = p->s[i];
	}
	buf[k] = '\0';
	l->s = buf;
	l->len = k;
	*out = l;
	return end;
}

static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * BinaryLiteral body: groups of four Base64Char, the last one possibly
 * "xxx=" or "xx=="; at least one group (the grammar has no b'').
 */
static int decode_b64(struct parser *p, const char *s, size_t n, size_t off,
		      struct lf_stix_lit *l)
{
	if (n == 0 || n % 4 != 0)
		return fail(p, LF_ESYNTAX, off,
			    "invalid base64 literal: length must be a "
			    "non-zero multiple of 4");
	size_t pad = s[n - 1] == '=' ? (s[n - 2] == '=' ? 2 : 1) : 0;
	for (size_t i = 0; i < n - pad; i++)
		if (b64_val(s[i]) < 0)
			return fail(p, LF_ESYNTAX, off,
				    "invalid base64 literal: bad character at "
				    "position %zu",
				    i);
	size_t outlen = n / 4 * 3 - pad;
	unsigned char *buf = alloc(p, outlen + 1, off);
	if (!buf)
		return p->err;
	size_t k = 0;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		for (size_t j = 0; j < 4; j++) {
			int d = i + j < n - pad ? b64_val(s[i + j]) : 0;
			v = (v << 6) | (uint32_t)d;
		}
		unsigned char tri[3] = {(unsigned char)(v >> 16),
					(unsigned char)(v >> 8),
					(unsigned char)v};
		for (size_t j = 0; j < 3 && k < outlen; j++)
			buf[k++] = tri[j];
	}
	buf[k] = '\0';
	l->s = (const char *)buf;
	l->len = k;
	return 0;
}

/* HexLiteral body: TwoHexDigits* (h'' is allowed). */
static int decode_hex(struct parser *p, const char *s, size_t n, size_t off,
		      struct lf_stix_lit *l)
{
	if (n % 2 != 0)
		return fail(p, LF_ESYNTAX, off,
			    "invalid hex literal: odd number of digits");
	for (size_t i = 0; i < n; i++)
		if (lf_hexval(s[i]) < 0)
			return fail(p, LF_ESYNTAX, off,
				    "invalid hex literal: bad character at "
				    "position %zu",
				    i);
	unsigned char *buf = alloc(p, n / 2 + 1, off);
	if (!buf)
		return p->err;
	for (size_t i = 0; i < n; i += 2)
		buf[i / 2] = (unsigned char)(lf_hexval(s[i]) << 4 | lf_hexval(s[i + 1]));
	buf[n / 2] = '\0';
	l->s = (const char *)buf;
	l->len = n / 2;
	return 0;
}

static int two(const char *s, size_t at, char lo0, char hi0, char lo1, char hi1)
{
	return s[at] >= lo0 && s[at] <= hi0 && s[at + 1] >= lo1 &&
	       s[at + 1] <= hi1;
}

/*
 * TimestampLiteral body, the grammar's strict shape:
 * YYYY-MM-DD "T" HH:MM:SS [.fraction] "Z", month 01..12, day 01..31,
 * hour 00..23, minute 00..59, second 00..60; then lf_time_parse checks
 * the day against the month (no 2023-02-29).
 */
static int decode_ts(struct parser *p, const char *s, size_t n, size_t off,
		     struct lf_stix_lit *l)
{
	const char *why = NULL;
	if (n < 20 || s[n - 1] != 'Z')
		why = "expected YYYY-MM-DDTHH:MM:SS[.s]Z";
	else if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) ||
		 !is_digit(s[3]) || s[4] != '-' || s[7] != '-' ||
		 s[10] != 'T' || s[13] != ':' || s[16] != ':')
		why = "expected YYYY-MM-DDTHH:MM:SS[.s]Z";
	else if (!two(s, 5, '0', '0', '1', '9') &&
		 !two(s, 5, '1', '1', '0', '2'))
		why = "month must be 01..12";
	else if (!two(s, 8, '0', '0', '1', '9') &&
		 !two(s, 8, '1', '2', '0', '9') &&
		 !two(s, 8, '3', '3', '0', '1'))
		why = "day must be 01..31";
	else if (!two(s, 11, '0', '1', '0', '9') &&
		 !two(s, 11, '2', '2', '0', '3'))
		why = "hour must be 00..23";
	else if (!two(s, 14, '0', '5', '0', '9'))
		why = "minute must be 00..59";
	else if (!two(s, 17, '0', '5', '0', '9') &&
		 !two(s, 17, '6', '6', '0', '0'))
		why = "second must be 00..60";
	size_t fd = 0; /* fraction digits */
	if (!why && n > 20) {
		if (s[19] != '.' || n == 21)
			why = "expected '.fraction' or 'Z' after the seconds";
		for (size_t i = 20; !why && i < n - 1; i++, fd++)
			if (!is_digit(s[i]))
				why = "fraction must be digits";
	}
	if (why)
		return fail(p, LF_ESYNTAX, off, "invalid timestamp: %s", why);
	/* lf_time_parse keeps microseconds; give it at most 9 digits. */
	char tmp[32];
	size_t k = 19;
	memcpy(tmp, s, 19);
	if (fd) {
		size_t take = fd > 9 ? 9 : fd;
		tmp[k++] = '.';
		memcpy(tmp + k, s + 20, take);
		k += take;
	}
	tmp[k++] = 'Z';
	if (lf_time_parse(tmp, k, &l->t) != 0)
		return fail(p, LF_ESYNTAX, off,
			    "invalid timestamp: no such day in that month");
	return 0;
}

/*
 * A typed literal t'…', h'…', b'…' or b64'…': the prefix is s[off..q),
 * the quote at q. The body has no escapes; it ends at the next quote.
 */
static int lex_typed(struct parser *p, size_t off, size_t q, char kind)
{
	size_t i = q + 1;
	while (i < p->n && p->s[i] != '\'')
		i++;
	if (i >= p->n)
		return fail(p, LF_ESYNTAX, off, "unterminated %s literal",
			    kind == 't' ? "timestamp"
			    : kind == 'h' ? "hex" : "binary");
	const char *body = p->s + q + 1;
	size_t blen = i - q - 1;
	enum lf_stix_lit_type lt = kind == 't'   ? LF_STIX_LIT_TIMESTAMP
				   : kind == 'h' ? LF_STIX_LIT_HEX
						 : LF_STIX_LIT_BINARY;
	struct lf_stix_lit *l = new_lit(p, lt, off);
	if (!l)
		return p->err;
	int rc = kind == 't'   ? decode_ts(p, body, blen, off, l)
		 : kind == 'h' ? decode_hex(p, body, blen, off, l)
			       : decode_b64(p, body, blen, off, l);
	if (rc)
		return rc;
	p->tok.type = kind == 't'   ? T_TIMESTAMP
		      : kind == 'h' ? T_HEX : T_BINARY;
	p->tok.lit = l;
	p->tok.len = i + 1 - off;
	p->pos = i + 1;
	return 0;
}

/*
 * IntPosLiteral / IntNegLiteral: [+-]? ('0' | [1-9][0-9]*);
 * FloatPosLiteral / FloatNegLiteral: [+-]? [0-9]* '.' [0-9]+.
 */
static int lex_number(struct parser *p)
{
	size_t off = p->pos, i = off;
	int neg = 0;
	if (p->s[i] == '+' || p->s[i] == '-') {
		neg = p->s[i] == '-';
		i++;
	}
	size_t ds = i;
	while (i < p->n && is_digit(p->s[i]))
		i++;
	size_t idig = i - ds;
	int is_float = 0;
	if (i + 1 < p->n && p->s[i] == '.' && is_digit(p->s[i + 1])) {
		is_float = 1;
		i++;
		while (i < p->n && is_digit(p->s[i]))
			i++;
	}
	if (!is_float && idig == 0)
		return fail(p, LF_ESYNTAX, off, "unexpected '%c'", p->s[off]);
	if (i < p->n && p->s[i] == '.') {
		/* 1.2.3.4, 10.0.0.0/8, 1.: never a token sequence the
		 * grammar accepts after a literal. */
		size_t j = i;
		while (j < p->n && (is_digit(p->s[j]) || p->s[j] == '.' ||
				    p->s[j] == '/'))
			j++;
		char sn[40];
		return fail(p, LF_ESYNTAX, off,
			    "malformed number '%s' (string values need single "
			    "quotes)",
			    snippet(p->s + off, j - off, sn, sizeof(sn)));
	}
	if (!is_float && idig > 1 && p->s[ds] == '0')
		return fail(p, LF_ESYNTAX, off,
			    "integer literal with a leading zero");
	p->tok.len = i - off;
	if (!is_float) {
		struct lf_stix_lit *l = new_lit(p, LF_STIX_LIT_INT, off);
		if (!l)
			return p->err;
		/* lf_num_i64 takes '-' but not '+'. */
		size_t from = p->s[off] == '+' ? off + 1 : off;
		if (lf_num_i64(p->s + from, i - from, INT64_MIN, INT64_MAX, 0,
			       &l->i) != 0)
			return fail(p, LF_ESYNTAX, off,
				    "integer literal out of range (64-bit)");
		p->tok.type = neg ? T_INT_NEG : T_INT_POS;
		p->tok.lit = l;
		p->pos = i;
		return 0;
	}
	/* Canonical float text: no '+', a '0' before a bare '.'. */
	char tmp[80];
	size_t k = 0;
	if (neg)
		tmp[k++] = '-';
	if (idig == 0)
		tmp[k++] = '0';
	size_t body = i - ds;
	if (k + body > 64)
		return fail(p, LF_ESYNTAX, off,
			    "float literal longer than 64 characters");
	memcpy(tmp + k, p->s + ds, body);
	k += body;
	struct lf_stix_lit *l = new_lit(p, LF_STIX_LIT_FLOAT, off);
	if (!l)
		return p->err;
	if (lf_num_double(tmp, k, -DBL_MAX, DBL_MAX, &l->f) != 0)
		return fail(p, LF_ESYNTAX, off, "float literal out of range");
	if (!(l->s = dup_text(p, tmp, k, off)))
		return p->err;
	l->len = k;
	p->tok.type = neg ? T_FLOAT_NEG : T_FLOAT_POS;
	p->tok.lit = l;
	p->pos = i;
	return 0;
}

static int lex_word(struct parser *p)
{
	size_t off = p->pos, i = off;
	int hyphen = 0;
	while (i < p->n && (is_ident_char(p->s[i]) || p->s[i] == '-')) {
		hyphen |= p->s[i] == '-';
		i++;
	}
	size_t len = i - off;
	const char *w = p->s + off;
	if (i < p->n && p->s[i] == '\'') {
		/*
		 * An identifier followed by a quote is never valid in the
		 * grammar, so reading t'…' h'…' b'…' (and b64'…') as typed
		 * literals accepts exactly what the grammar accepts.
		 */
		if (len == 1 && (w[0] == 't' || w[0] == 'h' || w[0] == 'b'))
			return lex_typed(p, off, i, w[0]);
		if (len == 3 && memcmp(w, "b64", 3) == 0)
			return lex_typed(p, off, i, 'b');
	}
	p->tok.len = len;
	p->pos = i;
	p->tok.type = hyphen ? T_IDENT_HYPHEN : T_IDENT;
	if (!hyphen) {
		enum tk kw = keyword(w, len);
		if (kw != T_EOF)
			p->tok.type = kw;
	}
	if (p->tok.type == T_BOOL) {
		struct lf_stix_lit *l = new_lit(p, LF_STIX_LIT_BOOL, off);
		if (!l)
			return p->err;
		l->i = w[0] == 't';
		p->tok.lit = l;
	}
	return 0;
}

/* Read the next token into p->tok. Returns 0 or the (sticky) error. */
static int advance(struct parser *p)
{
	if (p->err || skip_space(p))
		return p->err;
	p->tok.off = p->pos;
	p->tok.len = 1;
	p->tok.lit = NULL;
	if (p->pos >= p->n) {
		p->tok.type = T_EOF;
		p->tok.len = 0;
		return 0;
	}
	char c = p->s[p->pos];
	char c1 = p->pos + 1 < p->n ? p->s[p->pos + 1] : '\0';
	enum tk t;
	switch (c) {
	case '[': t = T_LBRACK; break;
	case ']': t = T_RBRACK; break;
	case '(': t = T_LPAREN; break;
	case ')': t = T_RPAREN; break;
	case ':': t = T_COLON; break;
	case ',': t = T_COMMA; break;
	case '*': t = T_STAR; break;
	case '=':
		t = T_EQ;
		if (c1 == '=')
			p->tok.len = 2;
		break;
	case '!':
		if (c1 != '=')
			return fail(p, LF_ESYNTAX, p->pos,
				    "unexpected '!' (did you mean '!='?)");
		t = T_NE;
		p->tok.len = 2;
		break;
	case '<':
		t = T_LT;
		if (c1 == '=' || c1 == '>') {
			t = c1 == '=' ? T_LE : T_NE;
			p->tok.len = 2;
		}
		break;
	case '>':
		t = T_GT;
		if (c1 == '=') {
			t = T_GE;
			p->tok.len = 2;
		}
		break;
	case '.':
		if (is_digit(c1))
			return lex_number(p);
		t = T_DOT;
		break;
	case '\'': {
		struct lf_stix_lit *l = NULL;
		size_t end = lex_string(p, p->pos, &l);
		if (!end)
			return p->err;
		p->tok.type = T_STRING;
		p->tok.len = end - p->pos;
		p->tok.lit = l;
		p->pos = end;
		return 0;
	}
	default:
		if (is_digit(c) || c == '+' || c == '-')
			return lex_number(p);
		if (is_ident_start(c))
			return lex_word(p);
		uint32_t cp = 0;
		if (utf8_len(p->s, p->n, p->pos, &cp) > 1)
			return fail(p, LF_ESYNTAX, p->pos,
				    "unexpected character U+%04" PRIX32, cp);
		if (c == '"')
			return fail(p, LF_ESYNTAX, p->pos,
				    "unexpected '\"' (string literals use "
				    "single quotes)");
		if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
			return fail(p, LF_ESYNTAX, p->pos,
				    "unexpected character '%c'", c);
		return fail(p, LF_ESYNTAX, p->pos,
			    "unexpected byte 0x%02x", (unsigned char)c);
	}
	p->tok.type = t;
	p->pos += p->tok.len;
	return 0;
}

/* ---- parser ----------------------------------------------------------- */

static int fail_tok(struct parser *p, const char *expected)
{
	char d[48];
	return fail(p, LF_ESYNTAX, p->tok.off, "expected %s, found %s",
		    expected, describe(p, &p->tok, d, sizeof(d)));
}

static int expect(struct parser *p, enum tk t, const char *what)
{
	if (p->tok.type != t)
		return fail_tok(p, what);
	return advance(p);
}

static int enter(struct parser *p)
{
	if (++p->depth > LF_STIX_MAX_DEPTH)
		return fail(p, LF_EDEPTH, p->tok.off,
			    "brackets and parentheses nested deeper than %d",
			    LF_STIX_MAX_DEPTH);
	return 0;
}

static int tok_is_keyword(enum tk t)
{
	return t >= T_AND && t <= T_BOOL;
}

/* A key of an object path: IdentifierWithoutHyphen or StringLiteral. */
static int parse_key(struct parser *p, struct lf_stix_step **out)
{
	struct lf_stix_step *st = alloc(p, sizeof(*st), p->tok.off);
	if (!st)
		return p->err;
	st->type = LF_STIX_STEP_KEY;
	if (p->tok.type == T_IDENT) {
		st->key = dup_text(p, p->s + p->tok.off, p->tok.len, p->tok.off);
		if (!st->key)
			return p->err;
		st->key_len = p->tok.len;
	} else if (p->tok.type == T_STRING) {
		st->key = p->tok.lit->s;
		st->key_len = p->tok.lit->len;
	} else if (p->tok.type == T_IDENT_HYPHEN || tok_is_keyword(p->tok.type)) {
		char sn[40];
		return fail(p, LF_ESYNTAX, p->tok.off,
			    "property name '%s' must be quoted (%s)",
			    snippet(p->s + p->tok.off, p->tok.len, sn, sizeof(sn)),
			    p->tok.type == T_IDENT_HYPHEN ? "it has a '-'"
							  : "it is a keyword");
	} else {
		return fail_tok(p, "a property name");
	}
	*out = st;
	return advance(p);
}

/*
 * objectPath: objectType ':' firstPathComponent objectPathComponent*,
 * components being '.' key or '[' (int | '*') ']'.
 */
static int parse_path(struct parser *p, struct lf_stix_path *path)
{
	path->offset = p->tok.off;
	if (p->tok.type != T_IDENT && p->tok.type != T_IDENT_HYPHEN)
		return fail_tok(p, "an object type");
	path->type = dup_text(p, p->s + p->tok.off, p->tok.len, p->tok.off);
	if (!path->type)
		return p->err;
	path->type_len = p->tok.len;
	if (advance(p))
		return p->err;
	if (p->tok.type != T_COLON) {
		char d[48];
		return fail(p, LF_ESYNTAX, p->tok.off,
			    "expected ':' after object type '%s', found %s",
			    path->type, describe(p, &p->tok, d, sizeof(d)));
	}
	if (advance(p) || parse_key(p, &path->steps))
		return p->err;
	struct lf_stix_step *tail = path->steps;
	path->n_steps = 1;
	for (;;) {
		struct lf_stix_step *st;
		if (p->tok.type == T_DOT) {
			if (advance(p) || parse_key(p, &st))
				return p->err;
		} else if (p->tok.type == T_LBRACK) {
			size_t off = p->tok.off;
			if (advance(p))
				return p->err;
			if (!(st = alloc(p, sizeof(*st), off)))
				return p->err;
			if (p->tok.type == T_STAR) {
				st->type = LF_STIX_STEP_ANY;
			} else if (p->tok.type == T_INT_POS ||
				   p->tok.type == T_INT_NEG) {
				st->type = LF_STIX_STEP_INDEX;
				st->index = p->tok.lit->i;
			} else {
				return fail_tok(p, "an integer or '*' as list "
						   "index");
			}
			if (advance(p) ||
			    expect(p, T_RBRACK, "']' after the list index"))
				return p->err;
		} else {
			return 0;
		}
		tail->next = st;
		tail = st;
		path->n_steps++;
	}
}

static int is_literal(enum tk t, int orderable_only)
{
	switch (t) {
	case T_INT_POS: case T_INT_NEG: case T_FLOAT_POS: case T_FLOAT_NEG:
	case T_STRING: case T_BINARY: case T_HEX: case T_TIMESTAMP:
		return 1;
	case T_BOOL:
		return !orderable_only;
	default:
		return 0;
	}
}

/* Take the current literal token (after op), or explain what was wanted. */
static int take_literal(struct parser *p, int orderable_only, enum lf_stix_op op,
			struct lf_stix_lit **out)
{
	if (!is_literal(p->tok.type, orderable_only)) {
		char d[48], sn[40], after[24];
		if (op == LF_STIX_OP_IN)
			snprintf(after, sizeof(after), "IN (");
		else
			snprintf(after, sizeof(after), "'%s'", lf_stix_op_name(op));
		if (p->tok.type == T_IDENT || p->tok.type == T_IDENT_HYPHEN)
			return fail(p, LF_ESYNTAX, p->tok.off,
				    "expected a literal after %s, found '%s' "
				    "(string values need single quotes)",
				    after,
				    snippet(p->s + p->tok.off, p->tok.len, sn,
					    sizeof(sn)));
		return fail(p, LF_ESYNTAX, p->tok.off,
			    "expected %s literal after %s, found %s",
			    orderable_only ? "an orderable" : "a", after,
			    describe(p, &p->tok, d, sizeof(d)));
	}
	*out = p->tok.lit;
	return advance(p);
}

static enum lf_stix_op tok_op(enum tk t)
{
	switch (t) {
	case T_EQ: return LF_STIX_OP_EQ;
	case T_NE: return LF_STIX_OP_NE;
	case T_LT: return LF_STIX_OP_LT;
	case T_LE: return LF_STIX_OP_LE;
	case T_GT: return LF_STIX_OP_GT;
	case T_GE: return LF_STIX_OP_GE;
	case T_IN: return LF_STIX_OP_IN;
	case T_LIKE: return LF_STIX_OP_LIKE;
	case T_MATCHES: return LF_STIX_OP_MATCHES;
	case T_ISSUBSET: return LF_STIX_OP_ISSUBSET;
	case T_ISSUPERSET: return LF_STIX_OP_ISSUPERSET;
	default: return 0;
	}
}

/* setLiteral: '(' ')' | '(' primitiveLiteral (',' primitiveLiteral)* ')' */
static int parse_set(struct parser *p, struct lf_stix_cmp *c)
{
	if (expect(p, T_LPAREN, "'(' to open the IN set"))
		return p->err;
	struct lf_stix_lit *tail = NULL;
	if (p->tok.type == T_RPAREN)
		return advance(p);
	for (;;) {
		struct lf_stix_lit *l;
		if (take_literal(p, 0, LF_STIX_OP_IN, &l))
			return p->err;
		if (tail)
			tail->next = l;
		else
			c->value = l;
		tail = l;
		c->n_values++;
		if (p->tok.type == T_RPAREN)
			return advance(p);
		if (expect(p, T_COMMA, "',' or ')' in the IN set"))
			return p->err;
	}
}

/* propTest without the parenthesised form. */
static int parse_test(struct parser *p, struct lf_stix_cmp **out)
{
	struct lf_stix_cmp *c = alloc(p, sizeof(*c), p->tok.off);
	if (!c)
		return p->err;
	c->type = LF_STIX_CMP_TEST;
	c->offset = p->tok.off;
	p->pat->n_tests++;
	*out = c;
	if (p->tok.type == T_NOT || p->tok.type == T_EXISTS) {
		c->negated = p->tok.type == T_NOT;
		if (c->negated && (advance(p) || p->tok.type != T_EXISTS))
			return p->err ? p->err
				      : fail_tok(p, "EXISTS after a leading NOT "
						    "(NOT before another operator "
						    "goes after the path)");
		c->op = LF_STIX_OP_EXISTS;
		if (advance(p))
			return p->err;
		return parse_path(p, &c->path);
	}
	if (parse_path(p, &c->path))
		return p->err;
	if (p->tok.type == T_NOT) {
		c->negated = 1;
		if (advance(p))
			return p->err;
	}
	c->op = tok_op(p->tok.type);
	if (!c->op)
		return fail_tok(p, "a comparison operator");
	if (advance(p))
		return p->err;
	switch (c->op) {
	case LF_STIX_OP_EQ:
	case LF_STIX_OP_NE:
		c->n_values = 1;
		return take_literal(p, 0, c->op, &c->value);
	case LF_STIX_OP_LT:
	case LF_STIX_OP_LE:
	case LF_STIX_OP_GT:
	case LF_STIX_OP_GE:
		c->n_values = 1;
		return take_literal(p, 1, c->op, &c->value);
	case LF_STIX_OP_IN:
		return parse_set(p, c);
	default:
		if (p->tok.type != T_STRING) {
			char d[48];
			return fail(p, LF_ESYNTAX, p->tok.off,
				    "%s takes a string literal, found %s",
				    lf_stix_op_name(c->op),
				    describe(p, &p->tok, d, sizeof(d)));
		}
		c->value = p->tok.lit;
		c->n_values = 1;
		return advance(p);
	}
}

static int parse_cmp_level(struct parser *p, int level, struct lf_stix_cmp **out);

/* propTest, including '(' comparisonExpression ')'. */
static int parse_cmp_primary(struct parser *p, struct lf_stix_cmp **out)
{
	switch (p->tok.type) {
	case T_LPAREN: {
		size_t open = p->tok.off;
		if (enter(p) || advance(p) || parse_cmp_level(p, 0, out))
			return p->err;
		if (p->tok.type != T_RPAREN) {
			char d[48];
			return fail(p, LF_ESYNTAX, p->tok.off,
				    "expected ')' to close '(' at offset %zu, "
				    "found %s",
				    open, describe(p, &p->tok, d, sizeof(d)));
		}
		p->depth--;
		return advance(p);
	}
	case T_NOT:
	case T_EXISTS:
	case T_IDENT:
	case T_IDENT_HYPHEN:
		return parse_test(p, out);
	default:
		return fail_tok(p, "an object path, '(' or EXISTS");
	}
}

/* comparisonExpression (level 0, OR) and comparisonExpressionAnd (1). */
static int parse_cmp_level(struct parser *p, int level, struct lf_stix_cmp **out)
{
	enum tk op = level == 0 ? T_OR : T_AND;
	struct lf_stix_cmp *first;
	if (level == 1 ? parse_cmp_primary(p, &first)
		       : parse_cmp_level(p, level + 1, &first))
		return p->err;
	if (p->tok.type != op) {
		*out = first;
		return 0;
	}
	struct lf_stix_cmp *node = alloc(p, sizeof(*node), first->offset);
	if (!node)
		return p->err;
	node->type = level == 0 ? LF_STIX_CMP_OR : LF_STIX_CMP_AND;
	node->offset = first->offset;
	node->kids = first;
	node->n_kids = 1;
	struct lf_stix_cmp *tail = first;
	while (p->tok.type == op) {
		struct lf_stix_cmp *k;
		if (advance(p) || (level == 1 ? parse_cmp_primary(p, &k)
					      : parse_cmp_level(p, level + 1, &k)))
			return p->err;
		tail->next = k;
		tail = k;
		node->n_kids++;
	}
	*out = node;
	return 0;
}

/* withinQualifier, repeatedQualifier, startStopQualifier. */
static int parse_qual(struct parser *p, struct lf_stix_qual **out)
{
	struct lf_stix_qual *q = alloc(p, sizeof(*q), p->tok.off);
	if (!q)
		return p->err;
	q->offset = p->tok.off;
	enum tk kw = p->tok.type;
	if (advance(p))
		return p->err;
	if (kw == T_WITHIN) {
		q->type = LF_STIX_QUAL_WITHIN;
		if (p->tok.type != T_INT_POS && p->tok.type != T_FLOAT_POS)
			return fail_tok(p, "a positive number of seconds after "
					   "WITHIN");
		q->within = p->tok.lit;
		if (advance(p) ||
		    expect(p, T_SECONDS, "SECONDS after WITHIN <n>"))
			return p->err;
	} else if (kw == T_REPEATS) {
		q->type = LF_STIX_QUAL_REPEATS;
		if (p->tok.type != T_INT_POS)
			return fail_tok(p, "a positive integer after REPEATS");
		q->repeats = p->tok.lit->i;
		if (advance(p) || expect(p, T_TIMES, "TIMES after REPEATS <n>"))
			return p->err;
	} else {
		q->type = LF_STIX_QUAL_STARTSTOP;
		if (p->tok.type != T_TIMESTAMP)
			return fail_tok(p, "a t'…' timestamp after START");
		q->start = p->tok.lit->t;
		if (advance(p) || expect(p, T_STOP, "STOP after START t'…'"))
			return p->err;
		if (p->tok.type != T_TIMESTAMP)
			return fail_tok(p, "a t'…' timestamp after STOP");
		q->stop = p->tok.lit->t;
		if (advance(p))
			return p->err;
	}
	*out = q;
	return 0;
}

static int parse_obs_level(struct parser *p, int level, struct lf_stix_obs **out);

/*
 * observationExpression: '[' comparisonExpression ']' or
 * '(' observationExpressions ')', followed by any qualifiers.
 */
static int parse_obs_primary(struct parser *p, struct lf_stix_obs **out)
{
	struct lf_stix_obs *o;
	size_t open = p->tok.off;
	if (p->tok.type == T_LBRACK) {
		if (enter(p) || !(o = alloc(p, sizeof(*o), open)) || advance(p))
			return p->err;
		o->type = LF_STIX_OBS_CMP;
		o->offset = open;
		p->pat->n_obs++;
		if (parse_cmp_level(p, 0, &o->cmp))
			return p->err;
		if (p->tok.type != T_RBRACK) {
			char d[48];
			return fail(p, LF_ESYNTAX, p->tok.off,
				    "expected ']' to close '[' at offset %zu, "
				    "found %s",
				    open, describe(p, &p->tok, d, sizeof(d)));
		}
	} else if (p->tok.type == T_LPAREN) {
		if (enter(p) || advance(p) || parse_obs_level(p, 0, &o))
			return p->err;
		if (p->tok.type != T_RPAREN) {
			char d[48];
			return fail(p, LF_ESYNTAX, p->tok.off,
				    "expected ')' to close '(' at offset %zu, "
				    "found %s",
				    open, describe(p, &p->tok, d, sizeof(d)));
		}
	} else {
		return fail_tok(p, "'[' or '(' to start an observation "
				   "expression");
	}
	p->depth--;
	if (advance(p))
		return p->err;
	if (p->tok.type != T_START && p->tok.type != T_WITHIN &&
	    p->tok.type != T_REPEATS) {
		*out = o;
		return 0;
	}
	struct lf_stix_obs *q = alloc(p, sizeof(*q), p->tok.off);
	if (!q)
		return p->err;
	q->type = LF_STIX_OBS_QUAL;
	q->offset = o->offset;
	q->kids = o;
	q->n_kids = 1;
	struct lf_stix_qual *tail = NULL;
	while (p->tok.type == T_START || p->tok.type == T_WITHIN ||
	       p->tok.type == T_REPEATS) {
		struct lf_stix_qual *ql = NULL;
		if (parse_qual(p, &ql))
			return p->err;
		if (tail)
			tail->next = ql;
		else
			q->quals = ql;
		tail = ql;
		q->n_quals++;
	}
	*out = q;
	return 0;
}

/* observationExpressions (FOLLOWEDBY, level 0), …Or (1), …And (2). */
static int parse_obs_level(struct parser *p, int level, struct lf_stix_obs **out)
{
	static const enum tk ops[] = {T_FOLLOWEDBY, T_OR, T_AND};
	static const enum lf_stix_obs_type types[] = {
		LF_STIX_OBS_FOLLOWEDBY, LF_STIX_OBS_OR, LF_STIX_OBS_AND};
	struct lf_stix_obs *first;
	if (level == 2 ? parse_obs_primary(p, &first)
		       : parse_obs_level(p, level + 1, &first))
		return p->err;
	if (p->tok.type != ops[level]) {
		*out = first;
		return 0;
	}
	struct lf_stix_obs *node = alloc(p, sizeof(*node), first->offset);
	if (!node)
		return p->err;
	node->type = types[level];
	node->offset = first->offset;
	node->kids = first;
	node->n_kids = 1;
	struct lf_stix_obs *tail = first;
	while (p->tok.type == ops[level]) {
		struct lf_stix_obs *k;
		if (advance(p) || (level == 2 ? parse_obs_primary(p, &k)
					      : parse_obs_level(p, level + 1, &k)))
			return p->err;
		tail->next = k;
		tail = k;
		node->n_kids++;
	}
	*out = node;
	return 0;
}

int lf_stix_pattern_parse(const char *s, size_t n, struct lf_arena *a,
			  struct lf_stix_pattern **out,
			  struct lf_stix_perr *err)
{
	struct parser p = {
		.s = s, .n = s ? n : 0, .a = a, .cap_hits0 = a->cap_hits,
		.perr = err,
	};
	*out = NULL;
	if (err) {
		err->offset = 0;
		err->msg[0] = '\0';
	}
	if (p.n > LF_STIX_PATTERN_MAX)
		return fail(&p, LF_ELIMIT, LF_STIX_PATTERN_MAX,
			    "pattern longer than %d bytes", LF_STIX_PATTERN_MAX);
	if (check_text(&p))
		return p.err;
	if (!(p.pat = alloc(&p, sizeof(*p.pat), 0)) || advance(&p))
		return p.err;
	if (p.tok.type == T_EOF)
		return fail(&p, LF_ESYNTAX, p.tok.off, "empty pattern");
	if (parse_obs_level(&p, 0, &p.pat->root))
		return p.err;
	if (p.tok.type != T_EOF) {
		char d[48];
		const char *hint = "";
		if (p.tok.type == T_IDENT) /* e.g. "within 5 seconds" */
			hint = " (keywords are upper case)";
		return fail(&p, LF_ESYNTAX, p.tok.off,
			    "expected AND, OR, FOLLOWEDBY, a qualifier or the "
			    "end, found %s%s",
			    describe(&p, &p.tok, d, sizeof(d)), hint);
	}
	*out = p.pat;
	return 0;
}

int lf_stix_is_keyword(const char *s, size_t n)
{
	return keyword(s, n) != T_EOF;
}
