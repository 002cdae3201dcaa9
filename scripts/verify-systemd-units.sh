#!/usr/bin/env bash
# `systemd-analyze verify` on every unit of deploy/systemd/, with no running systemd needed: the units
# are checked inside a throwaway root that holds systemd's own units, the shipped ones in
# /etc/systemd/system, and stand-ins for the executables they name (/srv/extranet/app/.venv/bin/...),
# which verify requires to exist. Any message from verify fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/systemd/system" "$root/usr/lib/systemd"
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp deploy/systemd/* "$root/etc/systemd/system/"
# Every absolute executable the units start, as an empty executable file inside the root.
grep -hoE '^(ExecStart|ExecStartPre|ExecStartPost|ExecReload|ExecStop)=[-@+!:]*/[^ ]+' deploy/systemd/* \
  | sed -E 's/^[A-Za-z]+=[-@+!:]*//' | sort -u | while read -r exe; do
    mkdir -p "$root$(dirname "$exe")"
    printf '#!/bin/sh\n' >"$root$exe"
    chmod +x "$root$exe"
  done
units=$(cd deploy/systemd && ls)
out=$(cd "$root/etc/systemd/system" && systemd-analyze verify --root="$root" $units 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "$out"
  echo "systemd-analyze verify: the messages above concern the shipped units"
  exit 1
fi
echo "systemd-analyze verify: $(echo $units | wc -w) units of deploy/systemd/ verified ($(systemd-analyze --version | head -1))"
