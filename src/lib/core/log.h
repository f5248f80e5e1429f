/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h — leveled logging through one replaceable sink.
 *
 * Libraries may log (rarely: they return errors instead); programs choose
 * where it goes. The default sink writes "lianfang: LEVEL: message\n" to stderr; a
 * program may install a sink that writes JSON lines or to syslog. Messages
 * longer than LF_LOG_MAX are truncated, never allocated. The level and sink
 * are process-global and meant to be set once at start-up.
 */
#ifndef LF_CORE_LOG_H
#define LF_CORE_LOG_H

#include <stdarg.h>

enum lf_log_level { LF_LOG_ERR = 0, LF_LOG_WARN, LF_LOG_INFO, LF_LOG_DEBUG };

#define LF_LOG_MAX 1024

typedef void (*lf_log_sink_fn)(void *ctx, enum lf_log_level lvl,
			       const char *msg);

void lf_log_set_level(enum lf_log_level lvl);
enum lf_log_level lf_log_get_level(void);
/* NULL restores the stderr sink. */
void lf_log_set_sink(lf_log_sink_fn fn, void *ctx);
/* Parse "error|warn|info|debug". Returns 0 or LF_EMALF. */
int lf_log_level_parse(const char *s, enum lf_log_level *out);

void lf_log(enum lf_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void lf_vlog(enum lf_log_level lvl, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#define lf_err(...) lf_log(LF_LOG_ERR, __VA_ARGS__)
#define lf_warn(...) lf_log(LF_LOG_WARN, __VA_ARGS__)
#define lf_info(...) lf_log(LF_LOG_INFO, __VA_ARGS__)
#define lf_debug(...) lf_log(LF_LOG_DEBUG, __VA_ARGS__)

#endif
