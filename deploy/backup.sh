#!/bin/sh
# Nightly backup of the archive's database (docs/deploy.md): a compressed custom-format
# dump, kept for 14 days. Run by cron or a systemd timer as the postgres user.
set -eu
DB="${1:-archive}"
DIR="${BACKUP_DIR:-/var/backups/archive}"
KEEP_DAYS="${KEEP_DAYS:-14}"
mkdir -p "$DIR"
FILE="$DIR/$DB-$(date +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --compress=6 --no-owner --file="$FILE.partial" "$DB"
mv "$FILE.partial" "$FILE"    # a dump cut short is never taken for a good one
find "$DIR" -name "$DB-*.dump" -mtime +"$KEEP_DAYS" -delete
echo "$FILE"
