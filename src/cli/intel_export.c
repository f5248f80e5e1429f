/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `lianfang intel export` — load feeds and allowlists, run the export
 * pipeline of src/lib/export, write the list atomically (temp + rename)
 * and account on standard error for every indicator not written.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allow/allow.h"
#include "cli/cli.h"
#include "cli/intel.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/num.h"
#include "export/export.h"

static const char export_help[] =
	"usage: lianfang intel export --format FMT [export options]\n"
	"                             [feed options] --feed FILE...\n"
	"\n"
	"Write the blocklist a firewall or resolver loads. The pipeline:\n"
	"select active indicators of the wanted types at or above the minimum\n"
	"confidence, merge duplicates, apply allowlists (an allowed prefix cuts\n"
	"a hole in a listed one; allowed domains are removed), aggregate, trim\n"
	"to the device's capacity keeping the highest confidence, and write.\n"
	"What was left out, and why, is reported on standard error.\n"
	"\n"
	"Export options:\n"
	"      --format FMT        edl (Palo Alto / Fortinet external list), nft\n"
	"                          (nft -f script with interval sets), ipset\n"
	"                          (ipset restore), rpz (DNS response policy\n"
	"                          zone), hosts, csv, stix (STIX 2.1 bundle)\n"
	"      --type T[,T...]     ip, domain, url, hash, email, all (default:\n"
	"                          the format's natural type: ip for edl/nft/\n"
	"                          ipset, domain for rpz/hosts, all for csv/stix)\n"
	"      --aggregate         minimal set of prefixes covering exactly the\n"
	"                          same addresses (like iprange --optimize)\n"
	"      --min-confidence N  leave out indicators below N (0-100)\n"
	"      --max-tlp TLP       leave out indicators above this TLP\n"
	"      --max-entries N     trim to N entries (the device's capacity),\n"
	"                          keeping the highest confidence; report the cut\n"
	"      --allow FILE        an allowlist: addresses, prefixes, domains,\n"
	"                          one per line; action drop (repeatable)\n"
	"      --warninglist FILE  a MISP warninglist (JSON); action warn unless\n"
	"                          --warninglist-action or --allow-action says\n"
	"                          otherwise (repeatable)\n"
	"      --warninglist-action drop|warn|ignore\n"
	"                          action for the --warninglist files that follow\n"
	"      --allow-action NAME=drop|warn|ignore\n"
	"                          set the action of the list called NAME (a\n"
	"                          warninglist's \"name\", an --allow file's base\n"
	"                          name, rfc6890 or rfc6761)\n"
	"      --no-default-allow  do not load the built-in rfc6890 (special-\n"
	"                          purpose addresses) and rfc6761 (special-use\n"
	"                          names) allowlists\n"
	"      --name NAME         nft table / ipset set / RPZ zone / STIX\n"
	"                          producer name (default lianfang, rpz.lianfang.)\n"
	"      --rpz-policy P      nxdomain (default), nodata or drop\n"
	"      --serial N          RPZ SOA serial (default: now, Unix seconds)\n"
	"      --nft-rules         nft: also add chains that drop traffic to and\n"
	"                          from the sets (default: sets only)\n"
	"  -o, --output FILE       write to FILE atomically (default: stdout)\n"
	"      --json              the report as one JSON object on stderr\n"
	"\n%s\n"
	"Exit status: 0 written, 2 usage error, 3 a feed, an allowlist or the\n"
	"export failed.\n";

struct allow_src {
	const char *path;
	int warninglist;
	enum lf_allow_action act;
};

struct action_set {
	char name[256];
	enum lf_allow_action act;
};

static int parse_action(const char *s, enum lf_allow_action *a)
{
	if (strcmp(s, "drop") == 0)
		*a = LF_ALLOW_DROP;
	else if (strcmp(s, "warn") == 0)
		*a = LF_ALLOW_WARN;
	else if (strcmp(s, "ignore") == 0)
		*a = LF_ALLOW_IGNORE;
	else
		return LF_EMALF;
	return 0;
}

static const char *action_name(enum lf_allow_action a)
{
	return a == LF_ALLOW_DROP ? "drop" : a == LF_ALLOW_WARN ? "warn" : "ignore";
}

static const char *file_base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int load_allow(struct lf_allow *al, const struct allow_src *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *buf = NULL;
		size_t len = 0;
		int rc = lf_cli_read_file(src[i].path, LF_FEED_MAX_INPUT, &buf, &len);
		if (rc) {
			fprintf(stderr, "lianfang intel export: %s: %s\n", src[i].path,
				lf_strerror(rc));
			return rc;
		}
		if (src[i].warninglist) {
			char err[256];
			rc = lf_allow_add_warninglist(al, buf, len, src[i].act, NULL, err,
						      sizeof(err));
			if (rc == LF_EUNSUP) {
				fprintf(stderr, "lianfang intel export: %s: %s (loaded empty)\n",
					src[i].path, err);
				rc = 0;
			} else if (rc) {
				fprintf(stderr, "lianfang intel export: %s: %s: %s\n",
					src[i].path, lf_strerror(rc), err);
			}
		} else {
			size_t bad = 0;
			rc = lf_allow_add_list(al, file_base(src[i].path), src[i].act, buf,
					       len, &bad);
			if (rc)
				fprintf(stderr, "lianfang intel export: %s: %s\n", src[i].path,
					lf_strerror(rc));
			else if (bad)
				fprintf(stderr, "lianfang intel export: %s: %zu lines are not "
						"addresses, prefixes or domains; ignored\n",
					src[i].path, bad);
		}
		free(buf);
		if (rc)
			return rc;
	}
	return 0;
}

static int write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			close(fd);
			unlink(tmp);
			return e;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int e = -errno;
		unlink(tmp);
		return e;
	}
	if (rename(tmp, path) != 0) {
		int e = -errno;
		unlink(tmp);
		return e;
	}
	return 0;
}

static void report_text(const struct lf_export_report *r, const struct lf_allow *al,
			const char *fmt)
{
	fprintf(stderr,
		"export %s: %zu written; %zu indicators of the wanted types, %zu inactive "
		"(%zu revoked, %zu to_ids=false, %zu not yet valid, %zu expired, %zu "
		"decayed), %zu above the TLP ceiling, %zu below the minimum confidence, "
		"%zu not expressible, %zu duplicates merged\n",
		fmt, r->written, r->considered, r->inactive, r->revoked, r->noids,
		r->not_yet_valid, r->expired, r->decayed, r->above_tlp,
		r->below_confidence, r->unexpressible, r->duplicates);
	if (r->allow_dropped || r->allow_cut || r->allow_warned)
		fprintf(stderr, "  allowlists: %zu removed, %zu cut, %zu warned\n",
			r->allow_dropped, r->allow_cut, r->allow_warned);
	for (size_t i = 0; i < r->n_lists; i++) {
		const struct lf_export_list_stat *l = &r->lists[i];
		if (!l->removed && !l->cut && !l->warned)
			continue;
		fprintf(stderr, "    %s (%s): %zu removed, %zu cut, %llu IPv4 addresses "
				"taken out, %zu warned\n",
			lf_allow_name(al, i), action_name(lf_allow_action_of(al, i)),
			l->removed, l->cut, (unsigned long long)l->addrs4, l->warned);
	}
	if (r->aggregated_from)
		fprintf(stderr, "  aggregated %zu prefixes into %zu\n", r->aggregated_from,
			r->aggregated_to);
	if (r->redundant)
		fprintf(stderr, "  %zu prefixes left out as covered by another\n",
			r->redundant);
	if (r->narrowed)
		fprintf(stderr, "  %zu entries written only in part (format cannot say "
				"\"and subdomains\")\n",
			r->narrowed);
	if (r->cut_by_max)
		fprintf(stderr, "  WARNING: %zu entries cut to fit --max-entries; lowest "
				"confidence kept: %u\n",
			r->cut_by_max, r->cut_min_kept_conf);
}

static void report_json(const struct lf_export_report *r, const struct lf_allow *al,
			const char *fmt)
{
	json_t *o = json_pack(
		"{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,"
		"s:I,s:I,s:I,s:I,s:I,s:i}",
		"format", fmt, "written", (json_int_t)r->written, "considered",
		(json_int_t)r->considered, "inactive", (json_int_t)r->inactive, "revoked",
		(json_int_t)r->revoked, "noids", (json_int_t)r->noids, "not_yet_valid",
		(json_int_t)r->not_yet_valid, "expired", (json_int_t)r->expired, "decayed",
		(json_int_t)r->decayed, "above_tlp", (json_int_t)r->above_tlp,
		"below_confidence", (json_int_t)r->below_confidence, "unexpressible",
		(json_int_t)r->unexpressible, "selected", (json_int_t)r->selected,
		"duplicates", (json_int_t)r->duplicates, "narrowed", (json_int_t)r->narrowed,
		"allow_dropped", (json_int_t)r->allow_dropped, "allow_cut",
		(json_int_t)r->allow_cut, "allow_warned", (json_int_t)r->allow_warned,
		"candidates", (json_int_t)r->candidates, "cut_by_max",
		(json_int_t)r->cut_by_max, "aggregated_from", (json_int_t)r->aggregated_from,
		"aggregated_to", (json_int_t)r->aggregated_to, "cut_min_kept_conf",
		(int)r->cut_min_kept_conf);
	if (!o)
		return;
	json_t *lists = json_array();
	for (size_t i = 0; i < r->n_lists; i++) {
		const struct lf_export_list_stat *l = &r->lists[i];
		json_array_append_new(
			lists, json_pack("{s:s,s:s,s:I,s:I,s:I,s:f,s:I}", "name",
					 lf_allow_name(al, i), "action",
					 action_name(lf_allow_action_of(al, i)), "removed",
					 (json_int_t)l->removed, "cut", (json_int_t)l->cut,
					 "addrs4", (json_int_t)l->addrs4, "addrs6", l->addrs6,
					 "warned", (json_int_t)l->warned));
	}
	json_object_set_new(o, "allowlists", lists);
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (s)
		fprintf(stderr, "%s\n", s);
	free(s);
	json_decref(o);
}

int lf_intel_export(int argc, char **argv)
{
	static const struct option lo[] = {
		FEED_LONGOPTS,
		{"feed", required_argument, NULL, OPT_FEED},
		{"format", required_argument, NULL, OPT_EXPORT_FORMAT},
		{"type", required_argument, NULL, OPT_TYPE},
		{"aggregate", no_argument, NULL, OPT_AGGREGATE},
		{"min-confidence", required_argument, NULL, OPT_MINCONF},
		{"max-entries", required_argument, NULL, OPT_MAXENT},
		{"max-tlp", required_argument, NULL, OPT_MAXTLP},
		{"allow", required_argument, NULL, OPT_ALLOW},
		{"warninglist", required_argument, NULL, OPT_WARNINGLIST},
		{"warninglist-action", required_argument, NULL, OPT_WL_ACTION},
		{"allow-action", required_argument, NULL, OPT_ALLOW_ACTION},
		{"no-default-allow", no_argument, NULL, OPT_NO_DEFAULT_ALLOW},
		{"output", required_argument, NULL, 'o'},
		{"name", required_argument, NULL, OPT_NAME},
		{"rpz-policy", required_argument, NULL, OPT_RPZ_POLICY},
		{"serial", required_argument, NULL, OPT_SERIAL},
		{"nft-rules", no_argument, NULL, OPT_NFT_RULES},
		{0, 0, 0, 0}};
	struct lf_intel_ctx c;
	struct lf_export_opts eo;
	struct allow_src *asrc = NULL;
	struct action_set *acts = NULL;
	size_t nasrc = 0, nacts = 0;
	enum lf_allow_action wl_act = LF_ALLOW_WARN;
	int defaults = 1, have_format = 0, rc = LF_EXIT_USAGE, opt;
	const char *output = NULL;
	struct lf_allow *al = NULL;
	struct lf_buf out;
	struct lf_export_report rep;

	memset(&eo, 0, sizeof(eo));
	memset(&rep, 0, sizeof(rep));
	lf_buf_init(&out, 0);
	lf_intel_ctx_init(&c);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", lo, NULL)) != -1) {
		const char *a = optarg;
		switch (opt) {
		case OPT_HELP:
			printf(export_help, lf_intel_feed_opts_help);
			rc = LF_EXIT_OK;
			goto done;
		case OPT_EXPORT_FORMAT:
			if (lf_export_format_parse(a, strlen(a), &eo.format)) {
				fprintf(stderr, "lianfang intel export: unknown --format '%s'\n", a);
				goto done;
			}
			have_format = 1;
			continue;
		case OPT_TYPE:
			if (lf_export_types_parse(a, strlen(a), &eo.types)) {
				fprintf(stderr, "lianfang intel export: bad --type '%s'\n", a);
				goto done;
			}
			continue;
		case OPT_AGGREGATE:
			eo.aggregate = 1;
			continue;
		case OPT_MINCONF:
			if (lf_num_u8(a, strlen(a), 0, 100, &eo.min_confidence)) {
				fprintf(stderr, "lianfang intel export: --min-confidence wants 0..100\n");
				goto done;
			}
			continue;
		case OPT_MAXENT: {
			uint64_t v;
			if (lf_num_u64(a, strlen(a), 1, SIZE_MAX, 0, &v)) {
				fprintf(stderr, "lianfang intel export: bad --max-entries '%s'\n", a);
				goto done;
			}
			eo.max_entries = (size_t)v;
			continue;
		}
		case OPT_MAXTLP:
			if (lf_tlp_parse(a, strlen(a), &eo.max_tlp)) {
				fprintf(stderr, "lianfang intel export: bad --max-tlp '%s'\n", a);
				goto done;
			}
			continue;
		case OPT_ALLOW:
		case OPT_WARNINGLIST: {
			struct allow_src *p = realloc(asrc, (nasrc + 1) * sizeof(*p));
			if (!p)
				goto fail;
			asrc = p;
			asrc[nasrc].path = a;
			asrc[nasrc].warninglist = opt == OPT_WARNINGLIST;
			asrc[nasrc].act = opt == OPT_WARNINGLIST ? wl_act : LF_ALLOW_DROP;
			nasrc++;
			continue;
		}
		case OPT_WL_ACTION:
			if (parse_action(a, &wl_act)) {
				fprintf(stderr, "lianfang intel export: action is drop, warn or ignore\n");
				goto done;
			}
			continue;
		case OPT_ALLOW_ACTION: {
			const char *eq = strrchr(a, '=');
			struct action_set s;
			if (!eq || eq == a || (size_t)(eq - a) >= sizeof(s.name) ||
			    parse_action(eq + 1, &s.act)) {
				fprintf(stderr, "lianfang intel export: --allow-action wants "
						"NAME=drop|warn|ignore\n");
				goto done;
			}
			memcpy(s.name, a, (size_t)(eq - a));
			s.name[eq - a] = '\0';
			struct action_set *p = realloc(acts, (nacts + 1) * sizeof(*p));
			if (!p)
				goto fail;
			acts = p;
			acts[nacts++] = s;
			continue;
		}
		case OPT_NO_DEFAULT_ALLOW:
			defaults = 0;
			continue;
		case 'o':
			output = a;
			continue;
		case OPT_NAME:
			eo.name = a;
			continue;
		case OPT_RPZ_POLICY:
			if (lf_export_rpz_policy_parse(a, strlen(a), &eo.rpz_policy)) {
				fprintf(stderr, "lianfang intel export: --rpz-policy is nxdomain, "
						"nodata or drop\n");
				goto done;
			}
			continue;
		case OPT_SERIAL: {
			uint32_t v;
			if (lf_num_u32(a, strlen(a), 1, UINT32_MAX, &v)) {
				fprintf(stderr, "lianfang intel export: bad --serial '%s'\n", a);
				goto done;
			}
			eo.serial = v;
			continue;
		}
		case OPT_NFT_RULES:
			eo.flags |= LF_EXPORT_F_NFT_RULES;
			continue;
		default:
			break;
		}
		int r = lf_intel_feed_opt(&c, opt, a);
		if (r <= 0) {
			if (r == 0)
				fprintf(stderr, "usage: lianfang intel export --format FMT --feed FILE...\n");
			goto done;
		}
	}
	if (!have_format) {
		fprintf(stderr, "lianfang intel export: --format is required "
				"(edl, nft, ipset, rpz, hosts, csv, stix)\n");
		goto done;
	}
	for (int i = optind; i < argc; i++) {
		fprintf(stderr, "lianfang intel export: unexpected argument '%s' (feeds "
				"are given with --feed)\n",
			argv[i]);
		goto done;
	}
	if (c.nfeeds == 0) {
		fprintf(stderr, "lianfang intel export: no --feed given\n");
		goto done;
	}
	rc = LF_EXIT_FAIL;
	if (lf_allow_new(&al))
		goto fail;
	if (defaults && lf_allow_add_defaults(al))
		goto fail;
	if (load_allow(al, asrc, nasrc))
		goto done;
	for (size_t i = 0; i < nacts; i++) {
		int r = lf_allow_set_action(al, acts[i].name, acts[i].act);
		if (r) {
			fprintf(stderr, "lianfang intel export: --allow-action: no allowlist "
					"called '%s'\n",
				acts[i].name);
			goto done;
		}
	}
	c.quiet_reports = 1;
	int r = lf_intel_load(&c);
	if (r == 0)
		r = lf_iocset_build(c.set);
	if (r) {
		fprintf(stderr, "lianfang intel export: %s\n", lf_strerror(r));
		goto done;
	}
	eo.now = c.now;
	r = lf_export(c.set, al, &eo, &out, &rep);
	if (r) {
		fprintf(stderr, "lianfang intel export: %s\n", lf_strerror(r));
		goto done;
	}
	const char *fname = lf_export_format_name(eo.format);
	if (c.json)
		report_json(&rep, al, fname);
	else
		report_text(&rep, al, fname);
	if (output) {
		r = write_atomic(output, out.data ? out.data : "", out.len);
		if (r) {
			fprintf(stderr, "lianfang intel export: %s: %s\n", output, lf_strerror(r));
			goto done;
		}
	} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
		fprintf(stderr, "lianfang intel export: write error\n");
		goto done;
	}
	if (fflush(stdout) != 0)
		goto done;
	rc = LF_EXIT_OK;
	goto done;
fail:
	fprintf(stderr, "lianfang intel export: out of memory\n");
	rc = LF_EXIT_FAIL;
done:
	lf_export_report_free(&rep);
	lf_buf_free(&out);
	lf_allow_free(al);
	free(asrc);
	free(acts);
	lf_intel_ctx_free(&c);
	return rc;
}
