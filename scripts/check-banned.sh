#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fail when C sources call functions that STYLE.md bans: use the bounded
# ones (lf_num_*, lf_buf_*, snprintf, memcpy with a checked length).
set -eu
pat='\b(strcpy|strcat|sprintf|vsprintf|sscanf|atoi|atol|atoll|strtok|gets)[[:space:]]*\('
hits=$(grep -rnE "$pat" src tests bench --include='*.c' --include='*.h' 2>/dev/null || true)
if [ -n "$hits" ]; then
	echo "banned functions (see STYLE.md):" >&2
	echo "$hits" >&2
	exit 1
fi
