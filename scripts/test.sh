#!/usr/bin/env bash
# The whole test suite, twice: on SQLite, then on a throwaway PostgreSQL cluster. Non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
exec </dev/null  # never wait for input (CI)
started=$SECONDS

section "Afhankelijkheden"
ensure_venv ".[test]"
ensure_node_modules
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# The programme workbook round trip is tested through LibreOffice (soffice --headless --convert-to xlsx).
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; else note "chromium, postgresql en LibreOffice zijn aanwezig"; fi
compile_translations

# pytest-xdist: one worker per core (PYTEST_WORKERS=0: no workers, one process); each worker has its
# own SQLite file or PostgreSQL database (tests/conftest.py).
section "Code: ruff en import-linter"
lint_rc=0
"$VENV/bin/ruff" check . || lint_rc=$?
"$VENV/bin/ruff" format --check . || lint_rc=$?
"$VENV/bin/lint-imports" --no-cache || lint_rc=$?

PYTEST=("$VENV/bin/pytest" -q -n "${PYTEST_WORKERS:-auto}" "$@")

section "pytest op SQLite"
sqlite_rc=0
(unset DATABASE_URL; "${PYTEST[@]}") || sqlite_rc=$?

section "PostgreSQL-cluster starten"
# initdb and pg_ctl refuse to run as root: run them as the postgres user, on a socket in a temp dir.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGTMP=$(mktemp -d)
RUN=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGTMP"; RUN=(runuser -u postgres --); fi
stop_postgres() {
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGTMP"
}
trap stop_postgres EXIT
"${RUN[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w start \
    -o "-k $PGTMP -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
"${RUN[@]}" "$PGBIN/createdb" -h "$PGTMP" -U app planner_test
note "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') op socket $PGTMP"

section "pytest op PostgreSQL"
pg_rc=0
DATABASE_URL="postgresql+psycopg://app@/planner_test?host=$PGTMP" "${PYTEST[@]}" || pg_rc=$?

section "Resultaat ($((SECONDS - started)) s)"
verdict() { if [ "$1" = 0 ]; then echo "geslaagd"; else echo "MISLUKT (exitcode $1)"; fi; }
echo "  Code:       $(verdict $lint_rc)"
echo "  SQLite:     $(verdict $sqlite_rc)"
echo "  PostgreSQL: $(verdict $pg_rc)"
[ "$lint_rc" = 0 ] && [ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
