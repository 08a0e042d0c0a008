#!/usr/bin/env bash
# How release-0.4/ was made: the kiosk as released before migrations were tested (0.4.0, commit
# 2318d13), run as a service point would: init, a roster, staff, a contact change, a death, a
# fingerprint enrolled and certified on libfprint's virtual reader, a photo certification approved
# by a second supervisor, home visits booked and scheduled. UpgradeTests opens it with today's code.
# Run once with the old binary: make-release-0.4.sh OLD_KIOSK_BINARY OUTPUT_DIR
set -euo pipefail
kiosk=$(realpath "$1"); out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export KIOSK_CONFIG="$here/kiosk-config" KIOSK_DATA_DIR="$work/data" KIOSK_TODAY=2026-11-29T10:00
echo admin-password-1 > "$work/password"
as_admin=(--staff admin --password-file "$work/password")
"$kiosk" init --admin admin --password-file "$work/password"
"$kiosk" roster generate --rows 40 --out "$work/roster.csv" >/dev/null
ids=($(tail -n +2 "$work/roster.csv" | cut -d, -f1))
"$kiosk" roster import "$work/roster.csv" "${as_admin[@]}" >/dev/null
echo supervisor-pass-2 > "$work/password2"
"$kiosk" staff add super2 --role supervisor --new-password-file "$work/password2" "${as_admin[@]}" >/dev/null
"$kiosk" resident contact "${ids[1]}" --phone 13912345678 "${as_admin[@]}" >/dev/null || true
"$kiosk" resident death "${ids[2]}" --date 2026-11-20 --reporter 王小明 --relation 子 --certificate C-0001 "${as_admin[@]}" >/dev/null || true
# A finger on the virtual device: press whenever the kiosk asks.
socket="$work/device.socket"
press() { python3 - "$socket" "$1" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); break
    except OSError: time.sleep(0.05)
try:
    s.sendall((sys.argv[2] + "\n").encode()); s.shutdown(socket.SHUT_WR); s.recv(4096)
except OSError:
    pass
PY
}
with_finger() {
    FP_VIRTUAL_DEVICE=$socket FP_DRIVERS_WHITELIST=virtual_device "$kiosk" "$@" --lang en "${as_admin[@]}" 2>&1 >/dev/null |
        while IFS= read -r line; do case "$line" in Place*|Swipe*) press "SCAN fixture-finger" ;; esac; done
}
for id in "${ids[@]}"; do
    if "$kiosk" resident show "$id" --json | grep -q '"status" : "due"'; then due=$id; break; fi
done
with_finger enroll "$due" --finger right-index
with_finger certify "$due" --fingerprint
for id in "${ids[@]}"; do
    if [ "$id" != "$due" ] && "$kiosk" resident show "$id" --json | grep -q '"status" : "overdue"'; then photo=$id; break; fi
done
ffmpeg -loglevel error -f lavfi -i testsrc=size=640x480 -frames:v 1 "$work/photo.png"
"$kiosk" certify "$photo" --photo --file "$work/photo.png" "${as_admin[@]}" >/dev/null
pending=$("$kiosk" review list --json "${as_admin[@]}" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' | head -n 1)
"$kiosk" review show "$pending" --staff super2 --password-file "$work/password2" >/dev/null
"$kiosk" review approve "$pending" --staff super2 --password-file "$work/password2" >/dev/null
for id in "${ids[@]:10}"; do
    "$kiosk" visit book "$id" --booker 家属 --relation 子女 --phone 13800138000 --reason ill --evidence 诊断书 "${as_admin[@]}" >/dev/null 2>&1 && break
done
"$kiosk" visit schedule --from 2026-11-30 --days 7 "${as_admin[@]}" >/dev/null
"$kiosk" audit verify
rm -rf "$out"; mkdir -p "$out"
sqlite3 "$work/data/kiosk.sqlite" ".backup '$out/kiosk.sqlite'"
cp "$work/data/prints.key" "$out/prints.key"; chmod 600 "$out/prints.key"
cp -r "$work/data/photos" "$out/photos"
echo "fingerprint: $due; photo: $photo" > "$out/README"
