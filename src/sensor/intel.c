/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Indicators for the sensor: loaded at start, and rebuilt by a background
 * thread on SIGHUP or when a feed file changes (checked every second by
 * mtime and size). A new set is built completely aside and published with
 * one atomic store; the receive thread picks it up at its next flow. The
 * old set is freed by the receive thread itself at a batch boundary
 * (lf_sensor_quiesce), after which nothing can still hold a pointer into
 * it — so traffic is never paused for a reload. A feed that fails keeps
 * the old set in place and is logged.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/log.h"
#include "sensor/sensor.h"

static void report(void *ctx, const char *file, const struct lf_feed_report *rep,
		   int rc)
{
	struct lf_sensor *s = ctx;
	if (rc)
		lf_err("intel: %s: %s", file, lf_strerror(rc));
	else if (!s->quiet)
		lf_info("intel: %s: %s, %zu imported, %zu rejected, %zu unsupported, "
			"%zu skipped",
			file, lf_feed_format_name(rep->format), rep->imported,
			rep->rejected, rep->unsupported, rep->skipped);
}

int lf_sensor_load_intel(struct lf_sensor *s, struct lf_iocset **out)
{
	struct lf_iocset *set;
	int rc = lf_iocset_new(NULL, &set);
	if (rc)
		return rc;
	struct lf_feed_opts fo = {.format = LF_FEED_AUTO,
				  .default_confidence = LF_CONF_UNSET,
				  .now = lf_time_now()};
	for (int i = 0; i < s->nfeeds && rc == 0; i++)
		rc = lf_cli_load_feed(set, s->feeds[i], NULL, &fo, report, s);
	if (rc == 0)
		rc = lf_iocset_build(set);
	if (rc) {
		lf_iocset_free(set);
		return rc;
	}
	*out = set;
	return 0;
}

struct stamp {
	time_t mtime;
	long mtime_ns;
	off_t size;
};

static void stamps(struct lf_sensor *s, struct stamp *st)
{
	for (int i = 0; i < s->nfeeds; i++) {
		struct stat sb;
		memset(&st[i], 0, sizeof(st[i]));
		if (!lf_cli_is_url(s->feeds[i]) && stat(s->feeds[i], &sb) == 0) {
			st[i].mtime = sb.st_mtim.tv_sec;
			st[i].mtime_ns = sb.st_mtim.tv_nsec;
			st[i].size = sb.st_size;
		}
	}
}

static void *reload_main(void *arg)
{
	struct lf_sensor *s = arg;
	static struct stamp before[LF_SENSOR_MAX_FEEDS], now[LF_SENSOR_MAX_FEEDS];
	stamps(s, before);
	pthread_mutex_lock(&s->reload_mu);
	while (!atomic_load(&s->stop)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&s->reload_cv, &s->reload_mu, &ts);
		if (atomic_load(&s->stop))
			break;
		stamps(s, now);
		int changed = memcmp(before, now, sizeof(now[0]) * (size_t)s->nfeeds) != 0;
		if (!changed && !atomic_exchange(&s->want_reload, 0))
			continue;
		atomic_store(&s->want_reload, 0);
		memcpy(before, now, sizeof(now[0]) * (size_t)s->nfeeds);
		if (atomic_load(&s->retire_pending))
			continue; /* the previous swap is not collected yet */
		pthread_mutex_unlock(&s->reload_mu);
		struct lf_iocset *set = NULL;
		int rc = lf_sensor_load_intel(s, &set);
		pthread_mutex_lock(&s->reload_mu);
		if (rc) {
			atomic_fetch_add(&s->c.reload_failures, 1);
			lf_err("intel reload failed (%s): keeping the current indicators",
			       lf_strerror(rc));
			continue;
		}
		s->retired = atomic_exchange(&s->set, set);
		atomic_store(&s->retire_pending, 1);
		atomic_fetch_add(&s->c.reloads, 1);
		atomic_store(&s->c.indicators, (uint64_t)lf_iocset_count(set));
		lf_info("intel reloaded: %zu indicators", lf_iocset_count(set));
	}
	pthread_mutex_unlock(&s->reload_mu);
	return NULL;
}

void lf_sensor_quiesce(struct lf_sensor *s)
{
	if (!atomic_load(&s->retire_pending))
		return;
	pthread_mutex_lock(&s->reload_mu);
	lf_iocset_free(s->retired);
	s->retired = NULL;
	atomic_store(&s->retire_pending, 0);
	pthread_mutex_unlock(&s->reload_mu);
}

int lf_sensor_reload_start(struct lf_sensor *s)
{
	pthread_mutex_init(&s->reload_mu, NULL);
	pthread_cond_init(&s->reload_cv, NULL);
	int rc = pthread_create(&s->reload_thread, NULL, reload_main, s);
	if (rc)
		return -rc;
	s->reload_started = 1;
	return 0;
}

void lf_sensor_reload_stop(struct lf_sensor *s)
{
	if (!s->reload_started)
		return;
	pthread_mutex_lock(&s->reload_mu);
	atomic_store(&s->stop, 1);
	pthread_cond_signal(&s->reload_cv);
	pthread_mutex_unlock(&s->reload_mu);
	pthread_join(s->reload_thread, NULL);
	s->reload_started = 0;
	lf_iocset_free(s->retired);
	s->retired = NULL;
}
