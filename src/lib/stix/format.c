/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.c — the canonical printer for STIX pattern trees
 * (lf_stix_pattern_format, lf_stix_path_format; see pattern.h).
 *
 * The tree has no node for parentheses, so the printer decides where they
 * go from binding strength alone: a child is wrapped when it binds no
 * tighter than its parent. A child of the same operator therefore keeps
 * the parentheses the source must have had ("a OR (b OR c)"), and
 * redundant ones ("(([a:b = 1]))") disappear. Observation level, loosest
 * first: FOLLOWEDBY, OR, AND, a qualified expression, "[...]". Comparison
 * level: OR, AND, a test. Literals are written in one form each, so two
 * trees print the same text exactly when they are equal.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "stix/pattern.h"

const char *lf_stix_op_name(enum lf_stix_op op)
{
	switch (op) {
	case LF_STIX_OP_EQ: return "=";
	case LF_STIX_OP_NE: return "!=";
	case LF_STIX_OP_LT: return "<";
	case LF_STIX_OP_LE: return "<=";
	case LF_STIX_OP_GT: return ">";
	case LF_STIX_OP_GE: return ">=";
	case LF_STIX_OP_IN: return "IN";
	case LF_STIX_OP_LIKE: return "LIKE";
	case LF_STIX_OP_MATCHES: return "MATCHES";
	case LF_STIX_OP_ISSUBSET: return "ISSUBSET";
	case LF_STIX_OP_ISSUPERSET: return "ISSUPERSET";
	case LF_STIX_OP_EXISTS: return "EXISTS";
	}
	return "?";
}

#define TRY(x)                                                                 \
	do {                                                                   \
		int rc_ = (x);                                                 \
		if (rc_)                                                       \
			return rc_;                                            \
	} while (0)

static int put_quoted(struct lf_buf *b, const char *s, size_t n)
{
	TRY(lf_buf_putc(b, '\''));
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\'' && s[i] != '\\')
			continue;
		TRY(lf_buf_append(b, s + run, i - run));
		TRY(lf_buf_putc(b, '\\'));
		run = i; /* the quote or backslash itself goes with the next run */
	}
	TRY(lf_buf_append(b, s + run, n - run));
	return lf_buf_putc(b, '\'');
}

static int is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Can key be written bare: IdentifierWithoutHyphen and not a keyword? */
static int bare_key(const char *k, size_t n)
{
	if (n == 0 || !is_ident_start(k[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_ident_start(k[i]) && !(k[i] >= '0' && k[i] <= '9'))
			return 0;
	return !lf_stix_is_keyword(k, n);
}

static int put_key(struct lf_buf *b, const char *k, size_t n)
{
	return bare_key(k, n) ? lf_buf_append(b, k, n) : put_quoted(b, k, n);
}

int lf_stix_path_format(const struct lf_stix_path *p, struct lf_buf *b)
{
	TRY(lf_buf_append(b, p->type, p->type_len));
	TRY(lf_buf_putc(b, ':'));
	for (const struct lf_stix_step *st = p->steps; st; st = st->next) {
		switch (st->type) {
		case LF_STIX_STEP_KEY:
			if (st != p->steps)
				TRY(lf_buf_putc(b, '.'));
			TRY(put_key(b, st->key, st->key_len));
			break;
		case LF_STIX_STEP_INDEX:
			TRY(lf_buf_printf(b, "[%" PRId64 "]", st->index));
			break;
		case LF_STIX_STEP_ANY:
			TRY(lf_buf_puts(b, "[*]"));
			break;
		}
	}
	return 0;
}

static int put_b64(struct lf_buf *b, const unsigned char *s, size_t n)
{
	static const char al[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {al[v >> 18 & 63], al[v >> 12 & 63],
			     i + 1 < n ? al[v >> 6 & 63] : '=',
			     i + 2 < n ? al[v & 63] : '='};
		TRY(lf_buf_append(b, q, 4));
	}
	return 0;
}

static int put_time(struct lf_buf *b, lf_time_t t)
{
	int64_t us = t % LF_USEC_PER_SEC;
	if (us < 0)
		us += LF_USEC_PER_SEC;
	unsigned digits = us == 0 ? 0 : us % 1000 == 0 ? 3 : 6;
	char ts[LF_TIME_STRLEN];
	int n = lf_time_format(t, digits, ts, sizeof(ts));
	if (n < 0)
		return n;
	TRY(lf_buf_puts(b, "t'"));
	TRY(lf_buf_append(b, ts, (size_t)n));
	return lf_buf_putc(b, '\'');
}

static int put_lit(struct lf_buf *b, const struct lf_stix_lit *l)
{
	switch (l->type) {
	case LF_STIX_LIT_INT:
		return lf_buf_printf(b, "%" PRId64, l->i);
	case LF_STIX_LIT_FLOAT:
		return lf_buf_append(b, l->s, l->len);
	case LF_STIX_LIT_STRING:
		return put_quoted(b, l->s, l->len);
	case LF_STIX_LIT_BOOL:
		return lf_buf_puts(b, l->i ? "true" : "false");
	case LF_STIX_LIT_BINARY:
		TRY(lf_buf_puts(b, "b'"));
		TRY(put_b64(b, (const unsigned char *)l->s, l->len));
		return lf_buf_putc(b, '\'');
	case LF_STIX_LIT_HEX:
		TRY(lf_buf_puts(b, "h'"));
		for (size_t i = 0; i < l->len; i++)
			TRY(lf_buf_printf(b, "%02x", (unsigned char)l->s[i]));
		return lf_buf_putc(b, '\'');
	case LF_STIX_LIT_TIMESTAMP:
		return put_time(b, l->t);
	}
	return LF_EMALF;
}

/* Binding strength, for deciding where parentheses are needed. */
static int cmp_prec(const struct lf_stix_cmp *c)
{
	return c->type == LF_STIX_CMP_OR ? 1 : c->type == LF_STIX_CMP_AND ? 2 : 3;
}

static int put_cmp(struct lf_buf *b, const struct lf_stix_cmp *c, int outer)
{
	int prec = cmp_prec(c);
	int paren = prec <= outer;
	if (paren)
		TRY(lf_buf_putc(b, '('));
	if (c->type == LF_STIX_CMP_TEST && c->op == LF_STIX_OP_EXISTS) {
		TRY(lf_buf_puts(b, c->negated ? "NOT EXISTS " : "EXISTS "));
		TRY(lf_stix_path_format(&c->path, b));
	} else if (c->type == LF_STIX_CMP_TEST) {
		TRY(lf_stix_path_format(&c->path, b));
		TRY(lf_buf_printf(b, "%s %s ", c->negated ? " NOT" : "",
				  lf_stix_op_name(c->op)));
		if (c->op == LF_STIX_OP_IN) {
			TRY(lf_buf_putc(b, '('));
			for (const struct lf_stix_lit *l = c->value; l;
			     l = l->next) {
				if (l != c->value)
					TRY(lf_buf_puts(b, ", "));
				TRY(put_lit(b, l));
			}
			TRY(lf_buf_putc(b, ')'));
		} else {
			TRY(put_lit(b, c->value));
		}
	} else {
		const char *sep = c->type == LF_STIX_CMP_OR ? " OR " : " AND ";
		for (const struct lf_stix_cmp *k = c->kids; k; k = k->next) {
			if (k != c->kids)
				TRY(lf_buf_puts(b, sep));
			TRY(put_cmp(b, k, prec));
		}
	}
	return paren ? lf_buf_putc(b, ')') : 0;
}

static int obs_prec(const struct lf_stix_obs *o)
{
	switch (o->type) {
	case LF_STIX_OBS_FOLLOWEDBY: return 1;
	case LF_STIX_OBS_OR: return 2;
	case LF_STIX_OBS_AND: return 3;
	case LF_STIX_OBS_QUAL: return 4;
	default: return 5;
	}
}

static int put_qual(struct lf_buf *b, const struct lf_stix_qual *q)
{
	switch (q->type) {
	case LF_STIX_QUAL_WITHIN:
		TRY(lf_buf_puts(b, " WITHIN "));
		TRY(put_lit(b, q->within));
		return lf_buf_puts(b, " SECONDS");
	case LF_STIX_QUAL_REPEATS:
		return lf_buf_printf(b, " REPEATS %" PRId64 " TIMES", q->repeats);
	case LF_STIX_QUAL_STARTSTOP:
		TRY(lf_buf_puts(b, " START "));
		TRY(put_time(b, q->start));
		TRY(lf_buf_puts(b, " STOP "));
		return put_time(b, q->stop);
	}
	return LF_EMALF;
}

static int put_obs(struct lf_buf *b, const struct lf_stix_obs *o, int outer)
{
	int prec = obs_prec(o);
	int paren = prec <= outer;
	if (paren)
		TRY(lf_buf_putc(b, '('));
	switch (o->type) {
	case LF_STIX_OBS_CMP:
		TRY(lf_buf_putc(b, '['));
		TRY(put_cmp(b, o->cmp, 0));
		TRY(lf_buf_putc(b, ']'));
		break;
	case LF_STIX_OBS_QUAL:
		TRY(put_obs(b, o->kids, prec));
		for (const struct lf_stix_qual *q = o->quals; q; q = q->next)
			TRY(put_qual(b, q));
		break;
	default: {
		const char *sep = o->type == LF_STIX_OBS_AND   ? " AND "
				  : o->type == LF_STIX_OBS_OR ? " OR "
							      : " FOLLOWEDBY ";
		for (const struct lf_stix_obs *k = o->kids; k; k = k->next) {
			if (k != o->kids)
				TRY(lf_buf_puts(b, sep));
			TRY(put_obs(b, k, prec));
		}
	}
	}
	return paren ? lf_buf_putc(b, ')') : 0;
}

int lf_stix_pattern_format(const struct lf_stix_pattern *p, struct lf_buf *out)
{
	return put_obs(out, p->root, 0);
}
