#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server on 127.0.0.1, for the store's tests against both
# backends: installs Debian's postgresql when it is missing, starts a server in a temporary folder,
# exports CLAIMLEDGER_TEST_POSTGRES (a SQLAlchemy URL), runs the command, and stops the server after.
#   scripts/with-postgres.sh .venv/bin/python -m pytest
set -euo pipefail

find_bin() {
  command -v "$1" 2>/dev/null && return 0
  ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(find_bin initdb)" ]; then
  echo "installing PostgreSQL (Debian's postgresql package) for the tests…"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
INITDB=$(find_bin initdb)
PG_CTL=$(dirname "$INITDB")/pg_ctl
[ -x "$PG_CTL" ] || PG_CTL=$(find_bin pg_ctl)

DIR=$(mktemp -d /tmp/claimledger-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: the server runs as the postgres user
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
  AS_PG=(runuser -u postgres --)
else
  AS_PG=()
fi
"${AS_PG[@]}" "$INITDB" -D "$DIR/data" -A trust -U claimledger --no-sync >/dev/null
"${AS_PG[@]}" "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c full_page_writes=off" start >/dev/null
stop() { "${AS_PG[@]}" "$PG_CTL" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap stop EXIT
"${AS_PG[@]}" "$(dirname "$INITDB")/createdb" -h 127.0.0.1 -p "$PORT" -U claimledger claimledger_test 2>/dev/null \
  || "$(find_bin createdb)" -h 127.0.0.1 -p "$PORT" -U claimledger claimledger_test
export CLAIMLEDGER_TEST_POSTGRES="postgresql+psycopg://claimledger@127.0.0.1:$PORT/claimledger_test"
echo "PostgreSQL on 127.0.0.1:$PORT for the tests"
"$@"
