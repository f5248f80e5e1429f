/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"

static enum lf_log_level g_level = LF_LOG_INFO;
static lf_log_sink_fn g_sink;
static void *g_ctx;

static const char *const level_name[] = {"error", "warn", "info", "debug"};

void lf_log_set_level(enum lf_log_level lvl)
{
	g_level = lvl;
}

enum lf_log_level lf_log_get_level(void)
{
	return g_level;
}

void lf_log_set_sink(lf_log_sink_fn fn, void *ctx)
{
	g_sink = fn;
	g_ctx = ctx;
}

int lf_log_level_parse(const char *s, enum lf_log_level *out)
{
	for (unsigned i = 0; i < 4; i++) {
		if (strcmp(s, level_name[i]) == 0) {
			*out = (enum lf_log_level)i;
			return 0;
		}
	}
	if (strcmp(s, "err") == 0 || strcmp(s, "warning") == 0) {
		*out = s[0] == 'e' ? LF_LOG_ERR : LF_LOG_WARN;
		return 0;
	}
	return LF_EMALF;
}

/* See lf_buf_vprintf: fmt is a printf format passed through. */
__attribute__((format(printf, 2, 0)))
void lf_vlog(enum lf_log_level lvl, const char *fmt, va_list ap)
{
	if ((unsigned)lvl > LF_LOG_DEBUG) /* keeps level_name[] in bounds */
		lvl = LF_LOG_DEBUG;
	if (lvl > g_level)
		return;
	/* "longer than LF_LOG_MAX are truncated": room for LF_LOG_MAX + NUL */
	char msg[LF_LOG_MAX + 1];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		return;
	if (g_sink) {
		g_sink(g_ctx, lvl, msg);
		return;
	}
	fprintf(stderr, "lianfang: %s: %s\n", level_name[lvl], msg);
}

void lf_log(enum lf_log_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lf_vlog(lvl, fmt, ap);
	va_end(ap);
}
