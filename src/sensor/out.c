/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Output sinks for sightings and flow records: a file (appended), "-" for
 * stdout, or "unix:PATH" for a Unix stream socket (reconnected when it
 * goes away; lines written while it is away are dropped and counted). The
 * receive thread formats into the sink's buffer and flushes it after each
 * batch, so one write(2) carries many lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "sensor/sensor.h"

#define OUT_BUF_MAX ((size_t)64 << 20)

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

int lf_sensor_out_open(struct lf_sensor_out *o, const char *spec)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	lf_buf_init(&o->buf, OUT_BUF_MAX);
	o->spec = spec;
	if (!spec)
		return 0;
	signal(SIGPIPE, SIG_IGN);
	if (strcmp(spec, "-") == 0) {
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (strncmp(spec, "unix:", 5) == 0) {
		int fd = connect_unix(spec + 5);
		if (fd < 0)
			return fd;
		o->fd = fd;
		return 0;
	}
	o->fd = open(spec, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	return o->fd < 0 ? -errno : 0;
}

int lf_sensor_out_flush(struct lf_sensor_out *o)
{
	if (!o->spec || o->buf.len == 0)
		return 0;
	if (o->fd < 0 && strncmp(o->spec, "unix:", 5) == 0)
		o->fd = connect_unix(o->spec + 5);
	size_t off = 0;
	int rc = 0;
	while (o->fd >= 0 && off < o->buf.len) {
		ssize_t w = write(o->fd, o->buf.data + off, o->buf.len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		off += (size_t)w;
	}
	if (o->fd < 0 || rc) {
		o->errors++;
		if (rc && strncmp(o->spec, "unix:", 5) == 0) {
			close(o->fd);
			o->fd = -1;
		}
		if (rc == 0)
			rc = -ENOTCONN;
	}
	o->bytes += off;
	lf_buf_reset(&o->buf);
	return rc;
}

void lf_sensor_out_close(struct lf_sensor_out *o)
{
	lf_sensor_out_flush(o);
	if (o->fd > STDERR_FILENO)
		close(o->fd);
	o->fd = -1;
	lf_buf_free(&o->buf);
}
