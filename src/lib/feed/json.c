/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.c — jansson glue for the JSON importers. See json.h.
 */
#include "core/ascii.h"
#include "feed/json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/num.h"
#include "core/time.h"

static const char *where_name(const char *name)
{
	return name && *name ? name : "<input>";
}

int lf_feed_json_depth_check(const char *buf, size_t len, unsigned max,
			     size_t *line, size_t *col)
{
	size_t ln = 1, cl = 0;
	unsigned depth = 0;
	int in_str = 0, esc = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n') {
			ln++;
			cl = 0;
		} else {
			cl++;
		}
		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			break;
		case '[':
		case '{':
			if (++depth > max) {
				*line = ln;
				*col = cl;
				return LF_EDEPTH;
			}
			break;
		case ']':
		case '}':
			/* Unbalanced closers are the parser's business. */
			if (depth)
				depth--;
			break;
		default:
			break;
		}
	}
	return 0;
}

int lf_feed_json_load(const char *buf, size_t len, const char *name,
		      struct lf_feed_report *rep, json_t **out)
{
	char where[128];
	size_t line, col;
	json_error_t jerr;
	json_t *root;

	*out = NULL;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (len > LF_FEED_MAX_INPUT) {
		lf_feed_report_issue(rep, LF_FEED_REJECTED, where_name(name),
				     "input of %zu bytes exceeds the %zu byte limit",
				     len, LF_FEED_MAX_INPUT);
		return LF_ELIMIT;
	}
	if (lf_feed_json_depth_check(buf, len, LF_FEED_MAX_DEPTH, &line, &col)) {
		snprintf(where, sizeof(where), "%.100s:%zu:%zu", where_name(name),
			 line, col);
		lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
				     "JSON nested deeper than %d levels",
				     LF_FEED_MAX_DEPTH);
		return LF_EDEPTH;
	}
	/*
	 * No JSON_DISABLE_EOF_CHECK: text after the document is an error.
	 * No JSON_ALLOW_NUL: "\u0000" cannot hide a suffix from C strings.
	 * JSON_DECODE_ANY: a bare "string" is JSON, just not a feed; the
	 * importer says so (LF_EFORMAT) instead of calling it malformed.
	 */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			  &jerr);
	if (!root) {
		snprintf(where, sizeof(where), "%.100s:%d:%d", where_name(name),
			 jerr.line, jerr.column);
		if (json_error_code(&jerr) == json_error_out_of_memory)
			return -ENOMEM;
		lf_feed_report_issue(rep, LF_FEED_REJECTED, where,
				     "invalid JSON: %s", jerr.text);
		return LF_EMALF;
	}
	*out = root;
	return 0;
}

const char *lf_feed_json_type_name(const json_t *v)
{
	if (!v)
		return "nothing";
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "real";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

static json_t *member(const json_t *obj, const char *key)
{
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	v = json_object_get(obj, key);
	return json_is_null(v) ? NULL : v;
}

int lf_feed_json_get_str(const json_t *obj, const char *key, const char **s,
			 size_t *n)
{
	json_t *v = member(obj, key);

	if (!v)
		return LF_ENOENT;
	if (!json_is_string(v))
		return LF_ETYPE;
	*s = json_string_value(v);
	*n = json_string_length(v);
	return 0;
}

int lf_feed_json_get_bool(const json_t *obj, const char *key, int *out)
{
	json_t *v = member(obj, key);
	const char *s;

	if (!v)
		return LF_ENOENT;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i != 0 && i != 1)
			return LF_ETYPE;
		*out = (int)i;
		return 0;
	}
	if (!json_is_string(v))
		return LF_ETYPE;
	s = json_string_value(v);
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		*out = 0;
	else
		return LF_ETYPE;
	return 0;
}

int lf_feed_json_get_int(const json_t *obj, const char *key, int64_t min,
			 int64_t max, int64_t *out)
{
	json_t *v = member(obj, key);
	int64_t i;
	int rc;

	if (!v)
		return LF_ENOENT;
	if (json_is_integer(v)) {
		i = (int64_t)json_integer_value(v);
		if (i < min || i > max)
			return LF_ERANGE;
		*out = i;
		return 0;
	}
	if (!json_is_string(v))
		return LF_ETYPE;
	rc = lf_num_i64(json_string_value(v), json_string_length(v), min, max,
			0, &i);
	if (rc == LF_ERANGE)
		return LF_ERANGE;
	if (rc)
		return LF_ETYPE;
	*out = i;
	return 0;
}

int lf_feed_json_get_time(const json_t *obj, const char *key, lf_time_t *out)
{
	const char *s;
	size_t n;
	int rc = lf_feed_json_get_str(obj, key, &s, &n);

	if (rc)
		return rc;
	return lf_time_parse(s, n, out);
}

void lf_feed_join_init(struct lf_feed_join *j)
{
	lf_buf_init(&j->buf, LF_FEED_LABELS_MAX + 1);
	j->items = 0;
	j->dropped = 0;
}

/* Append a sanitised copy of s[0..n) to dst at *len (cap bytes). */
static void put_clean(char *dst, size_t *len, size_t cap, const char *s,
		      size_t n)
{
	for (size_t i = 0; i < n && *len < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ',')
			c = ';';
		else if (c < 0x20 || c == 0x7f)
			c = ' ';
		dst[(*len)++] = (char)c;
	}
}

static int has_item(const struct lf_feed_join *j, const char *s, size_t n)
{
	const char *p = j->buf.data, *end;

	if (!p)
		return 0;
	end = p + j->buf.len;
	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t l = c ? (size_t)(c - p) : (size_t)(end - p);
		if (l == n && memcmp(p, s, n) == 0)
			return 1;
		p += l + 1;
	}
	return 0;
}

int lf_feed_join_add(struct lf_feed_join *j, const char *s, size_t n,
		     const char *b, size_t bn)
{
	char tmp[LF_FEED_LABELS_MAX + 1];
	size_t len = 0, start = 0;
	int rc;

	put_clean(tmp, &len, sizeof(tmp), s, n);
	if (b) {
		if (len < sizeof(tmp))
			tmp[len++] = ':';
		put_clean(tmp, &len, sizeof(tmp), b, bn);
	}
	while (start < len && tmp[start] == ' ')
		start++;
	while (len > start && tmp[len - 1] == ' ')
		len--;
	if (len == start || (b && len - start == 1 && tmp[start] == ':'))
		return 0;
	if (has_item(j, tmp + start, len - start))
		return 0;
	if (j->buf.len + (j->items ? 1 : 0) + (len - start) > LF_FEED_LABELS_MAX) {
		j->dropped++;
		return 0;
	}
	if (j->items && (rc = lf_buf_putc(&j->buf, ',')) != 0)
		return rc;
	if ((rc = lf_buf_append(&j->buf, tmp + start, len - start)) != 0)
		return rc;
	j->items++;
	return 0;
}

const char *lf_feed_join_str(const struct lf_feed_join *j)
{
	return j->items ? j->buf.data : NULL;
}

void lf_feed_join_reset(struct lf_feed_join *j)
{
	lf_buf_reset(&j->buf);
	j->items = 0;
	j->dropped = 0;
}

void lf_feed_join_free(struct lf_feed_join *j)
{
	lf_buf_free(&j->buf);
	j->items = 0;
}

int lf_feed_is_uuid(const char *s, size_t n)
{
	if (n != 36)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!lf_is_hex(s[i])) {
			return 0;
		}
	}
	return 1;
}

void lf_feed_where(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i, lim;

	if (!cap)
		return;
	lim = n < cap - 1 ? n : cap - 1;
	for (i = 0; i < lim; i++) {
		unsigned char c = (unsigned char)s[i];
		dst[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[i] = '\0';
	if (n > cap - 1 && cap > 4)
		memcpy(dst + cap - 4, "...", 4);
}
