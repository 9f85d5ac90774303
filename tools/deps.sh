#!/bin/sh
# Installs the Debian packages a make target needs, or, when not root,
# prints the exact apt-get line to run and fails.
# Usage: tools/deps.sh build|check
set -eu

build="gcc libc6-dev make pkg-config libncurses-dev libsqlite3-dev libssh-dev libcjson-dev libcairo2-dev fonts-dejavu-core ncurses-base"
check="$build libcmocka-dev tmux groff-base man-db sqlite3 clang libclang-rt-14-dev openssh-client openssh-server python3-paramiko poppler-utils"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
*) echo "usage: tools/deps.sh build|check" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "Paquets Debian manquants. Installez-les en root, puis relancez make :" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "Installation des paquets manquants :$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
