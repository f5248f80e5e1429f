/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feedload.c — the I/O half of importing: files, stdin, MISP feed
 * directories and URLs, handed to the pure importers of src/lib/feed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/err.h"

#define MAX_MISP_EVENTS 100000
#define FETCH_TIMEOUT_S 60

static const char *base_name(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	const char *s = path;
	for (size_t i = 0; i + 1 < n; i++)
		if (path[i] == '/')
			s = path + i + 1;
	return s;
}

/* Source name: the base name without a trailing slash. */
static void source_name(const char *path, char *out, size_t cap)
{
	const char *b = base_name(path);
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, b, n);
	out[n] = '\0';
	if (n == 0)
		snprintf(out, cap, "%s", "feed");
}

static int get(const char *path, char **buf, size_t *len, char *err, size_t errcap)
{
	if (lf_cli_is_url(path))
		return lf_cli_fetch_url(path, LF_FEED_MAX_INPUT, FETCH_TIMEOUT_S, buf,
					len, err, errcap);
	int rc = lf_cli_read_file(path, LF_FEED_MAX_INPUT, buf, len);
	if (rc)
		snprintf(err, errcap, "%s", lf_strerror(rc));
	return rc;
}

static int import_one(struct lf_iocset *set, const char *path,
		      const struct lf_feed_opts *opts, lf_cli_report_fn cb,
		      void *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	char err[256] = "";
	struct lf_feed_report rep;
	lf_feed_report_init(&rep);
	int rc = get(path, &buf, &len, err, sizeof(err));
	if (rc) {
		lf_feed_report_issue(&rep, LF_FEED_REJECTED, path, "cannot read: %s", err);
	} else {
		struct lf_feed_opts o = *opts;
		o.name = path;
		rc = lf_feed_import(&o, buf, len, set, &rep);
	}
	if (cb)
		cb(ctx, path, &rep, rc);
	lf_feed_report_free(&rep);
	free(buf);
	return rc;
}

/* A MISP feed: <base>/manifest.json lists the events <base>/<uuid>.json. */
static int import_misp_feed(struct lf_iocset *set, const char *base,
			    const struct lf_feed_opts *opts, lf_cli_report_fn cb,
			    void *ctx)
{
	char path[4096], err[256] = "";
	const char *sep = base[strlen(base) - 1] == '/' ? "" : "/";
	snprintf(path, sizeof(path), "%s%smanifest.json", base, sep);
	char *buf = NULL;
	size_t len = 0;
	struct lf_feed_report rep;
	lf_feed_report_init(&rep);
	int rc = get(path, &buf, &len, err, sizeof(err));
	char **uuids = NULL;
	size_t n = 0;
	if (rc)
		lf_feed_report_issue(&rep, LF_FEED_REJECTED, path, "cannot read: %s", err);
	else
		rc = lf_feed_misp_manifest(buf, len, MAX_MISP_EVENTS, &uuids, &n, &rep);
	free(buf);
	if (cb)
		cb(ctx, path, &rep, rc);
	lf_feed_report_free(&rep);
	if (rc)
		return rc;
	int first = 0;
	struct lf_feed_opts o = *opts;
	o.format = LF_FEED_MISP;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s%s%s.json", base, sep, uuids[i]);
		int r = import_one(set, path, &o, cb, ctx);
		if (r && !first)
			first = r;
	}
	lf_feed_strv_free(uuids, n);
	return first;
}

int lf_cli_load_feed(struct lf_iocset *set, const char *path,
		     const char *source, const struct lf_feed_opts *base,
		     lf_cli_report_fn cb, void *ctx)
{
	char name[256];
	if (source)
		snprintf(name, sizeof(name), "%s", source);
	else
		source_name(path, name, sizeof(name));
	struct lf_feed_opts opts = *base;
	int rc = lf_iocset_source(set, name, &opts.source);
	if (rc)
		return rc;
	struct stat st;
	int is_dir = !lf_cli_is_url(path) && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	int is_base = lf_cli_is_url(path) && path[strlen(path) - 1] == '/';
	if (is_dir || is_base)
		return import_misp_feed(set, path, &opts, cb, ctx);
	return import_one(set, path, &opts, cb, ctx);
}
