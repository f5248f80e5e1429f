/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lianfang — one binary, git-style subcommands. Each subcommand lives in
 * its own file of src/cli (or, for the daemons, in src/<daemon>/) and is
 * entered through a function of cli.h.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "sensor/sensor.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd cmds[] = {
	{"intel", lf_cmd_intel,
	 "indicators: check feeds, match values, export blocklists"},
	{"sensor", lf_cmd_sensor,
	 "collect NetFlow/IPFIX/sFlow and packets, match, write sightings"},
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lianfang [--version] [--help] <command> [<args>]\n"
		"\n"
		"Lianfang (聯防) is a joint cyber-defence platform: indicator\n"
		"engine, flow sensor, flow store, intelligence hub and blocklist\n"
		"bouncer in one binary.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f, "\n'lianfang <command> --help' describes a command.\n"
		   "Documentation: docs/ in the source tree.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return LF_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return LF_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("lianfang %s\n", LF_VERSION);
		return LF_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lianfang: '%s' is not a command. See 'lianfang --help'.\n",
		argv[1]);
	return LF_EXIT_USAGE;
}
