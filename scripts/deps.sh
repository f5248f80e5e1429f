#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Install the Debian packages that Lianfang's build, tests and benchmarks need.
# Idempotent and quiet when everything is present; run by `make run` and `make test`.
set -eu

PKGS="
build-essential pkg-config clang libclang-rt-dev
libjansson-dev libcmocka-dev libxxhash-dev libsodium-dev libidn2-dev libcurl4-openssl-dev
libpcap-dev libmicrohttpd-dev
nftables ipset iproute2 unbound iprange bind9-dnsutils jq python3
softflowd nfdump
"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
