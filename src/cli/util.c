/* SPDX-License-Identifier: Apache-2.0 */
/* I/O helpers for the CLI: bounded file reads, HTTP fetches, durations. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/num.h"

int lf_cli_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	if (cap > max + 1)
		cap = max + 1;
	char *p = malloc(cap);
	size_t n = 0;
	int rc = 0;
	if (!p) {
		rc = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max) {
				rc = LF_ELIMIT;
				goto out;
			}
			size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *q = realloc(p, nc);
			if (!q) {
				rc = -ENOMEM;
				goto out;
			}
			p = q;
			cap = nc;
		}
		ssize_t r = read(fd, p + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			rc = LF_ELIMIT;
			goto out;
		}
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	p = NULL;
out:
	free(p);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

int lf_cli_is_url(const char *path)
{
	return strncmp(path, "http://", 7) == 0 || strncmp(path, "https://", 8) == 0;
}

struct fetch {
	char *p;
	size_t n, max;
	int over;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct fetch *f = ud;
	size_t add = size * nmemb;
	if (add > f->max - f->n) {
		f->over = 1;
		return 0;
	}
	char *q = realloc(f->p, f->n + add + 1);
	if (!q)
		return 0;
	memcpy(q + f->n, ptr, add);
	f->p = q;
	f->n += add;
	f->p[f->n] = '\0';
	return add;
}

int lf_cli_fetch_url(const char *url, size_t max, long timeout_s, char **buf,
		     size_t *len, char *err, size_t errcap)
{
	static int inited;
	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	CURL *c = curl_easy_init();
	if (!c)
		return -ENOMEM;
	struct fetch f = {.max = max};
	char ebuf[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "lianfang/" LF_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	int rc = 0;
	if (f.over) {
		snprintf(err, errcap, "larger than %zu bytes", max);
		rc = LF_ELIMIT;
	} else if (cc != CURLE_OK) {
		snprintf(err, errcap, "%s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
		rc = -EIO;
	} else if (status >= 400) {
		snprintf(err, errcap, "HTTP status %ld", status);
		rc = -EIO;
	}
	if (rc) {
		free(f.p);
		return rc;
	}
	if (!f.p)
		f.p = calloc(1, 1);
	*buf = f.p;
	*len = f.n;
	return 0;
}

int lf_cli_parse_duration(const char *s, lf_time_t *out)
{
	size_t n = strlen(s);
	if (n < 2)
		return LF_EMALF;
	int64_t unit;
	switch (s[n - 1]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return LF_EMALF;
	}
	uint64_t v;
	int rc = lf_num_u64(s, n - 1, 1, (uint64_t)(INT64_MAX / LF_USEC_PER_SEC / unit),
			    0, &v);
	if (rc)
		return rc;
	*out = (lf_time_t)v * unit * LF_USEC_PER_SEC;
	return 0;
}
