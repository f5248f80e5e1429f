/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `lianfang intel` — the indicator engine from the command line:
 *   check   parse and validate feeds, report every rejected entry
 *   match   match values against feeds
 *   export  write a blocklist for a device (edl, nft, ipset, rpz, ...)
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/intel.h"
#include "core/err.h"
#include "core/num.h"

static const char intel_usage[] =
	"usage: lianfang intel <check|match|export> [options] ...\n"
	"\n"
	"  check   [--json] [feed options] FILE...\n"
	"          Parse and validate feeds: counts per type, and every rejected\n"
	"          or unsupported entry with its file:line or object id and why.\n"
	"  match   [--json] [feed options] --feed FILE... [VALUE... | -]\n"
	"          Match values (type detected) against the feeds; print every\n"
	"          hit with its source, id, type, confidence and TLP.\n"
	"  export  --format edl|nft|ipset|rpz|hosts|csv|stix [export options]\n"
	"          [feed options] --feed FILE...\n"
	"          Write a blocklist for a firewall or resolver.\n"
	"\n"
	"'lianfang intel <subcommand> --help' gives the details.\n";

/* ---- options shared by every subcommand that loads feeds ---- */

const char lf_intel_feed_opts_help[] =
	"Feed options:\n"
	"      --feed-format FMT   feed format: auto (default), stix, misp,\n"
	"                          misp-manifest, misp-hashes, list, hosts,\n"
	"                          iprep, csv (check and match: also -f/--format)\n"
	"      --source NAME       name the source of the next --feed/FILE\n"
	"                          (default: the file's base name)\n"
	"      --csv-column NAME   CSV: the column holding the value\n"
	"      --confidence N      confidence (0-100) for entries that carry\n"
	"                          none (default: the source default, 50)\n"
	"      --tlp TLP           TLP for entries that carry none\n"
	"      --decay SRC=DUR[:FLOOR]\n"
	"                          confidence of source SRC halves every DUR\n"
	"                          (e.g. 30d); below FLOOR it stops matching\n"
	"      --include-noids     import MISP attributes with to_ids=false\n"
	"      --include-revoked   import revoked STIX indicators (never match)\n"
	"      --now TIME          evaluate expiry and decay at TIME (RFC 3339)\n"
	"                          instead of the current time\n"
	"      --max-indicators N  refuse to load more than N (default 50M)\n"
	"      --quiet             report only feeds that fail to load (match and\n"
	"                          export otherwise report feeds with issues)\n"
	"  FILE may be a path, '-' for standard input, an http(s) URL, or a\n"
	"  directory / URL ending in '/' holding a MISP feed (manifest.json).\n";

int lf_intel_ctx_init(struct lf_intel_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->fopts.format = LF_FEED_AUTO;
	c->fopts.default_confidence = LF_CONF_UNSET;
	c->fopts.default_tlp = LF_TLP_UNSET;
	c->now = lf_time_now();
	return 0;
}

void lf_intel_ctx_free(struct lf_intel_ctx *c)
{
	lf_iocset_free(c->set);
	free(c->feeds);
	free(c->decays);
}

static int add_feed(struct lf_intel_ctx *c, const char *path)
{
	struct lf_intel_feed *p = realloc(c->feeds, (c->nfeeds + 1) * sizeof(*p));
	if (!p)
		return -1;
	c->feeds = p;
	p[c->nfeeds].path = path;
	p[c->nfeeds].source = c->pending_source;
	c->pending_source = NULL;
	c->nfeeds++;
	return 0;
}

/* Returns 1 if the option was a feed option, 0 if not, -1 on a bad value. */
int lf_intel_feed_opt(struct lf_intel_ctx *c, int opt, const char *arg)
{
	switch (opt) {
	case 'f':
		if (lf_feed_format_parse(arg, &c->fopts.format)) {
			fprintf(stderr, "lianfang intel: unknown feed format '%s'\n", arg);
			return -1;
		}
		return 1;
	case OPT_SOURCE:
		c->pending_source = arg;
		return 1;
	case OPT_CSV_COLUMN:
		c->fopts.csv_column = arg;
		return 1;
	case OPT_CONFIDENCE:
		if (lf_num_u8(arg, strlen(arg), 0, 100, &c->fopts.default_confidence)) {
			fprintf(stderr, "lianfang intel: --confidence wants 0..100, not '%s'\n", arg);
			return -1;
		}
		return 1;
	case OPT_TLP: {
		enum lf_tlp t;
		if (lf_tlp_parse(arg, strlen(arg), &t)) {
			fprintf(stderr, "lianfang intel: unknown TLP '%s'\n", arg);
			return -1;
		}
		c->fopts.default_tlp = t;
		return 1;
	}
	case OPT_DECAY: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			fprintf(stderr, "lianfang intel: --decay wants SRC=DURATION[:FLOOR]\n");
			return -1;
		}
		struct lf_intel_decay d = {0};
		char dur[32];
		const char *colon = strchr(eq, ':');
		size_t dl = colon ? (size_t)(colon - eq - 1) : strlen(eq + 1);
		if (dl == 0 || dl >= sizeof(dur)) {
			fprintf(stderr, "lianfang intel: bad --decay '%s'\n", arg);
			return -1;
		}
		memcpy(dur, eq + 1, dl);
		dur[dl] = '\0';
		if (lf_cli_parse_duration(dur, &d.decay.half_life) ||
		    (colon && lf_num_u8(colon + 1, strlen(colon + 1), 0, 100,
					&d.decay.floor))) {
			fprintf(stderr, "lianfang intel: bad --decay '%s' (e.g. feed=30d:20)\n", arg);
			return -1;
		}
		size_t nl = (size_t)(eq - arg);
		if (nl >= sizeof(d.source))
			nl = sizeof(d.source) - 1;
		memcpy(d.source, arg, nl);
		d.source[nl] = '\0';
		struct lf_intel_decay *p = realloc(c->decays, (c->ndecays + 1) * sizeof(*p));
		if (!p)
			return -1;
		c->decays = p;
		p[c->ndecays++] = d;
		return 1;
	}
	case OPT_NOIDS:
		c->fopts.include_noids = 1;
		return 1;
	case OPT_REVOKED:
		c->fopts.include_revoked = 1;
		return 1;
	case OPT_NOW:
		if (lf_time_parse(arg, strlen(arg), &c->now)) {
			fprintf(stderr, "lianfang intel: --now wants an RFC 3339 time, not '%s'\n", arg);
			return -1;
		}
		return 1;
	case OPT_MAXIOC: {
		uint64_t v;
		if (lf_num_u64(arg, strlen(arg), 1, UINT32_MAX - 1, 0, &v)) {
			fprintf(stderr, "lianfang intel: bad --max-indicators '%s'\n", arg);
			return -1;
		}
		c->max_indicators = (size_t)v;
		return 1;
	}
	case OPT_FEED:
		return add_feed(c, arg) ? -1 : 1;
	case OPT_JSON:
		c->json = 1;
		return 1;
	case OPT_QUIET:
		c->quiet = 1;
		return 1;
	default:
		return 0;
	}
}

static const char *sev_name(enum lf_feed_severity s)
{
	switch (s) {
	case LF_FEED_REJECTED: return "rejected";
	case LF_FEED_UNSUPPORTED: return "unsupported";
	default: return "skipped";
	}
}

/* Print one file's import report, as text to stderr or JSON to stdout. */
static void print_report(void *ctx, const char *file,
			 const struct lf_feed_report *rep, int rc)
{
	struct lf_intel_ctx *c = ctx;
	FILE *out = c->report_out ? c->report_out : stderr;
	if (rc)
		c->failed_files++;
	if (!rc && (c->quiet || (c->quiet_reports && rep->n_issues == 0)))
		return;
	if (c->json) {
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(file));
		json_object_set_new(o, "format", json_string(lf_feed_format_name(rep->format)));
		json_object_set_new(o, "ok", json_boolean(rc == 0));
		if (rc)
			json_object_set_new(o, "error", json_string(lf_strerror(rc)));
		json_object_set_new(o, "entries", json_integer((json_int_t)rep->entries));
		json_object_set_new(o, "imported", json_integer((json_int_t)rep->imported));
		json_t *pt = json_object();
		for (int t = 1; t < LF_IOC__COUNT; t++)
			if (rep->per_type[t])
				json_object_set_new(pt, lf_ioc_type_name((enum lf_ioc_type)t),
						    json_integer((json_int_t)rep->per_type[t]));
		json_object_set_new(o, "per_type", pt);
		json_object_set_new(o, "rejected", json_integer((json_int_t)rep->rejected));
		json_object_set_new(o, "unsupported", json_integer((json_int_t)rep->unsupported));
		json_object_set_new(o, "skipped", json_integer((json_int_t)rep->skipped));
		json_t *is = json_array();
		for (size_t i = 0; i < rep->n_issues; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "severity", json_string(sev_name(rep->issues[i].severity)));
			json_object_set_new(e, "where", json_string(rep->issues[i].where));
			json_object_set_new(e, "reason", json_string(rep->issues[i].reason));
			json_array_append_new(is, e);
		}
		json_object_set_new(o, "issues", is);
		json_object_set_new(o, "issues_dropped", json_integer((json_int_t)rep->issues_dropped));
		char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (s)
			fprintf(out, "%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	if (rc) {
		fprintf(out, "%s: error: %s (%s)\n", file, lf_strerror(rc),
			lf_feed_format_name(rep->format));
	} else {
		fprintf(out, "%s: %s, %zu entries, %zu imported", file,
			lf_feed_format_name(rep->format), rep->entries, rep->imported);
		const char *sep = " (";
		for (int t = 1; t < LF_IOC__COUNT; t++) {
			if (!rep->per_type[t])
				continue;
			fprintf(out, "%s%s %zu", sep, lf_ioc_type_name((enum lf_ioc_type)t),
				rep->per_type[t]);
			sep = ", ";
		}
		if (sep[0] == ',')
			fputc(')', out);
		if (rep->rejected)
			fprintf(out, ", %zu rejected", rep->rejected);
		if (rep->unsupported)
			fprintf(out, ", %zu unsupported", rep->unsupported);
		if (rep->skipped)
			fprintf(out, ", %zu skipped", rep->skipped);
		fputc('\n', out);
	}
	for (size_t i = 0; i < rep->n_issues; i++)
		fprintf(out, "  %s: %s: %s\n", rep->issues[i].where,
			sev_name(rep->issues[i].severity), rep->issues[i].reason);
	if (rep->issues_dropped)
		fprintf(out, "  ... and %zu more issues not shown\n", rep->issues_dropped);
}

int lf_intel_load(struct lf_intel_ctx *c)
{
	struct lf_iocset_limits lim = {.max_indicators = c->max_indicators};
	int rc = lf_iocset_new(&lim, &c->set);
	if (rc) {
		fprintf(stderr, "lianfang intel: %s\n", lf_strerror(rc));
		return rc;
	}
	c->fopts.now = c->now;
	int first = 0;
	for (size_t i = 0; i < c->nfeeds; i++) {
		rc = lf_cli_load_feed(c->set, c->feeds[i].path, c->feeds[i].source,
				      &c->fopts, print_report, c);
		if (rc && !first)
			first = rc;
	}
	for (size_t i = 0; i < c->ndecays; i++) {
		uint16_t id;
		if (lf_iocset_source(c->set, c->decays[i].source, &id) == 0)
			lf_iocset_source_get(c->set, id)->decay = c->decays[i].decay;
	}
	if (lf_iocset_cap_hits(c->set))
		fprintf(stderr, "lianfang intel: indicator limit reached: %llu indicators "
				"not loaded (see --max-indicators)\n",
			(unsigned long long)lf_iocset_cap_hits(c->set));
	return first;
}

/* ---- check ---- */

static int cmd_check(int argc, char **argv)
{
	static const struct option lo[] = {FEED_LONGOPTS,
					   {"format", required_argument, NULL, 'f'},
					   {0, 0, 0, 0}};
	struct lf_intel_ctx c;
	lf_intel_ctx_init(&c);
	int opt, rc = LF_EXIT_OK;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:", lo, NULL)) != -1) {
		if (opt == OPT_HELP) {
			printf("usage: lianfang intel check [--json] [feed options] FILE...\n\n"
			       "Parse and validate feeds. For each file: its detected format, how\n"
			       "many entries it held and how many indicators were imported per\n"
			       "type, then every rejected, unsupported or skipped entry with its\n"
			       "file:line or object id and the reason. With --json, one JSON object\n"
			       "per file on standard output.\n\n%s\n"
			       "Exit status: 0 every file parsed (entries may still be rejected),\n"
			       "1 a file could not be parsed at all, 2 usage error.\n",
			       lf_intel_feed_opts_help);
			lf_intel_ctx_free(&c);
			return LF_EXIT_OK;
		}
		int r = lf_intel_feed_opt(&c, opt, optarg);
		if (r <= 0) {
			if (r == 0)
				fprintf(stderr, "usage: lianfang intel check [--json] FILE...\n");
			lf_intel_ctx_free(&c);
			return LF_EXIT_USAGE;
		}
	}
	for (int i = optind; i < argc; i++)
		add_feed(&c, argv[i]);
	if (c.nfeeds == 0) {
		fprintf(stderr, "lianfang intel check: no FILE given\n");
		lf_intel_ctx_free(&c);
		return LF_EXIT_USAGE;
	}
	c.report_out = stdout;
	lf_intel_load(&c);
	if (c.failed_files)
		rc = LF_EXIT_NOMATCH;
	lf_intel_ctx_free(&c);
	return rc;
}

/* ---- match ---- */

#define MAX_HITS 4096

static void print_hits(struct lf_intel_ctx *c, const char *input,
		       const struct lf_ioc_value *v, const uint32_t *hits,
		       size_t nh, size_t total)
{
	if (c->json) {
		json_t *o = json_object();
		json_object_set_new(o, "value", json_string(input));
		json_object_set_new(o, "type", json_string(lf_ioc_type_name(v->type)));
		json_object_set_new(o, "normalized", json_string(v->text));
		json_object_set_new(o, "matched", json_boolean(total > 0));
		json_t *arr = json_array();
		for (size_t i = 0; i < nh; i++) {
			const struct lf_ioc *h = lf_iocset_get(c->set, hits[i]);
			const struct lf_source *s = lf_iocset_source_cget(c->set, h->source);
			json_t *e = json_object();
			json_object_set_new(e, "indicator", json_string(h->value));
			json_object_set_new(e, "type", json_string(lf_ioc_type_name(h->type)));
			json_object_set_new(e, "source", json_string(s ? s->name : ""));
			json_object_set_new(e, "id", h->ref ? json_string(h->ref) : json_null());
			json_object_set_new(e, "confidence",
					    json_integer(lf_iocset_confidence(c->set, h, c->now)));
			json_object_set_new(e, "tlp", h->tlp ? json_string(lf_tlp_name(h->tlp))
							     : json_null());
			if (h->flags & LF_IOC_F_SUBDOMAINS)
				json_object_set_new(e, "subdomains", json_true());
			if (h->labels)
				json_object_set_new(e, "labels", json_string(h->labels));
			if (h->kill_chain)
				json_object_set_new(e, "kill_chain", json_string(h->kill_chain));
			json_array_append_new(arr, e);
		}
		json_object_set_new(o, "hits", arr);
		if (total > nh)
			json_object_set_new(o, "hits_omitted", json_integer((json_int_t)(total - nh)));
		char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	if (total == 0) {
		printf("%s\t%s\tno match\n", input, lf_ioc_type_name(v->type));
		return;
	}
	for (size_t i = 0; i < nh; i++) {
		const struct lf_ioc *h = lf_iocset_get(c->set, hits[i]);
		const struct lf_source *s = lf_iocset_source_cget(c->set, h->source);
		printf("%s\t%s\tMATCH %s%s\tsource=%s id=%s confidence=%u tlp=%s\n", input,
		       lf_ioc_type_name(h->type), h->value,
		       (h->flags & LF_IOC_F_SUBDOMAINS) ? " (and subdomains)" : "",
		       s ? s->name : "", h->ref ? h->ref : "-",
		       lf_iocset_confidence(c->set, h, c->now),
		       h->tlp ? lf_tlp_name(h->tlp) : "unset");
	}
	if (total > nh)
		printf("%s\t...\t%zu more matches not shown\n", input, total - nh);
}

/* Returns 1 on a hit, 0 on none, -1 on an invalid value. */
static int match_one(struct lf_intel_ctx *c, const char *s, size_t n,
		     uint32_t *hits)
{
	static struct lf_ioc_value v;
	char input[512];
	size_t il = n < sizeof(input) - 1 ? n : sizeof(input) - 1;
	memcpy(input, s, il);
	input[il] = '\0';
	int rc = lf_ioc_value_parse(LF_IOC_NONE, s, n, &v);
	if (rc) {
		if (c->json) {
			json_t *o = json_pack("{s:s,s:s}", "value", input, "error", lf_strerror(rc));
			char *js = o ? json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
			if (js)
				printf("%s\n", js);
			free(js);
			json_decref(o);
		} else {
			printf("%s\t-\tinvalid: %s\n", input, lf_strerror(rc));
		}
		return -1;
	}
	size_t total = 0;
	lf_iocset_match_value(c->set, &v, c->now, hits, MAX_HITS, &total);
	print_hits(c, input, &v, hits, total < MAX_HITS ? total : MAX_HITS, total);
	return total > 0;
}

static int cmd_match(int argc, char **argv)
{
	static const struct option lo[] = {FEED_LONGOPTS,
					   {"format", required_argument, NULL, 'f'},
					   {"feed", required_argument, NULL, OPT_FEED},
					   {0, 0, 0, 0}};
	struct lf_intel_ctx c;
	lf_intel_ctx_init(&c);
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "f:", lo, NULL)) != -1) {
		if (opt == OPT_HELP) {
			printf("usage: lianfang intel match [--json] [feed options] --feed FILE...\n"
			       "                            [VALUE... | -]\n\n"
			       "Load the feeds, then match each VALUE (or each line of standard\n"
			       "input with '-'). The type of a value is detected: IPv4/IPv6\n"
			       "address or prefix, URL, e-mail address, MD5/SHA-1/SHA-256 hash,\n"
			       "domain name. An address matches every indicator whose prefix\n"
			       "covers it; a prefix those covering the whole prefix; a domain its\n"
			       "exact indicators and those of parent domains that cover their\n"
			       "subdomains; URLs (normalised), hashes and e-mail addresses match\n"
			       "exactly. Revoked, expired and decayed indicators do not match.\n\n"
			       "Output: one line per hit (value, type, indicator, source, id,\n"
			       "confidence, TLP), or one JSON object per value with --json.\n"
			       "Import reports go to standard error.\n\n%s\n"
			       "Exit status: 0 at least one value matched, 1 none matched,\n"
			       "2 usage error, 3 a feed could not be loaded.\n",
			       lf_intel_feed_opts_help);
			lf_intel_ctx_free(&c);
			return LF_EXIT_OK;
		}
		int r = lf_intel_feed_opt(&c, opt, optarg);
		if (r <= 0) {
			if (r == 0)
				fprintf(stderr, "usage: lianfang intel match --feed FILE... [VALUE...|-]\n");
			lf_intel_ctx_free(&c);
			return LF_EXIT_USAGE;
		}
	}
	if (c.nfeeds == 0) {
		fprintf(stderr, "lianfang intel match: no --feed given\n");
		lf_intel_ctx_free(&c);
		return LF_EXIT_USAGE;
	}
	c.quiet_reports = 1;
	int rc = lf_intel_load(&c);
	if (rc == 0)
		rc = lf_iocset_build(c.set);
	if (rc) {
		fprintf(stderr, "lianfang intel match: %s\n", lf_strerror(rc));
		lf_intel_ctx_free(&c);
		return LF_EXIT_FAIL;
	}
	uint32_t *hits = malloc(MAX_HITS * sizeof(*hits));
	if (!hits) {
		lf_intel_ctx_free(&c);
		return LF_EXIT_FAIL;
	}
	int any = 0;
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			char *line = NULL;
			size_t cap = 0;
			ssize_t n;
			while ((n = getline(&line, &cap, stdin)) > 0) {
				while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
					n--;
				if (n == 0 || line[0] == '#')
					continue;
				any |= match_one(&c, line, (size_t)n, hits) > 0;
			}
			free(line);
		} else {
			any |= match_one(&c, argv[i], strlen(argv[i]), hits) > 0;
		}
	}
	fflush(stdout);
	free(hits);
	lf_intel_ctx_free(&c);
	return any ? LF_EXIT_OK : LF_EXIT_NOMATCH;
}

int lf_cmd_intel(int argc, char **argv)
{
	if (argc < 2) {
		fputs(intel_usage, stderr);
		return LF_EXIT_USAGE;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		fputs(intel_usage, stdout);
		return LF_EXIT_OK;
	}
	if (strcmp(sub, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(sub, "match") == 0)
		return cmd_match(argc - 1, argv + 1);
	if (strcmp(sub, "export") == 0)
		return lf_intel_export(argc - 1, argv + 1);
	fprintf(stderr, "lianfang intel: unknown subcommand '%s'\n\n%s", sub, intel_usage);
	return LF_EXIT_USAGE;
}
