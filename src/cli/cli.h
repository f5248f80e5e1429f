/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h — shared pieces of the `lianfang` command: subcommand entry points
 * and the I/O helpers the pure libraries deliberately lack.
 */
#ifndef LF_CLI_CLI_H
#define LF_CLI_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "core/time.h"
#include "feed/feed.h"
#include "ioc/iocset.h"

#define LF_VERSION "0.1.0"

/* Exit codes shared by every subcommand (documented in --help). */
#define LF_EXIT_OK 0
#define LF_EXIT_NOMATCH 1 /* `match`: no value matched; `check`: a file failed */
#define LF_EXIT_USAGE 2
#define LF_EXIT_FAIL 3 /* runtime failure: I/O, memory, a limit */

int lf_cmd_intel(int argc, char **argv);

/*
 * Read a whole file (or "-" for stdin) into a malloc'd, NUL-terminated
 * buffer of at most max bytes. 0, negative errno, or LF_ELIMIT.
 */
int lf_cli_read_file(const char *path, size_t max, char **buf, size_t *len);

/* Fetch an http(s) URL into memory (libcurl), at most max bytes, with a
 * timeout. 0, LF_ELIMIT, -EIO (transport or HTTP status >= 400). */
int lf_cli_fetch_url(const char *url, size_t max, long timeout_s, char **buf,
		     size_t *len, char *err, size_t errcap);

/* Is path an http:// or https:// URL? */
int lf_cli_is_url(const char *path);

/*
 * Load one feed into set: a file, "-" (stdin), a directory in the MISP feed
 * layout (manifest.json + <uuid>.json), or an http(s) URL (a file, or a
 * MISP feed base when it ends in '/'). The source is named `source` (NULL:
 * the file's base name). Each file's report is passed to `cb`. Returns 0
 * when every file could be parsed, else the first error (the others are
 * still loaded).
 */
typedef void (*lf_cli_report_fn)(void *ctx, const char *file,
				 const struct lf_feed_report *rep, int rc);
int lf_cli_load_feed(struct lf_iocset *set, const char *path,
		     const char *source, const struct lf_feed_opts *base,
		     lf_cli_report_fn cb, void *ctx);

/* Parse a duration "90s", "15m", "12h", "30d", "2w" into microseconds. */
int lf_cli_parse_duration(const char *s, lf_time_t *out);

#endif
