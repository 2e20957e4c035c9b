#!/usr/bin/env bash
# Load test of the production setup, by hand (not in CI): bench/load.sh [sqlite|postgresql|both]
#
# For each database: a fresh database with the demo (`flask db upgrade`, `flask demo load`), an API key
# (`flask api token`), gunicorn as in production (README, "In productie"), and wrk at CONNECTIONS connections
# for DURATION seconds over a mix of pages, API calls and form posts (bench/load_prepare.py picks them,
# bench/load.lua draws them and counts answers), with the job worker beside it (`flask jobs worker`, its queue in
# a SQLite file as on one server). A budget workbook of IMPORT_ROWS rows (default 100000; 0: none) is uploaded,
# previewed and confirmed through the web while the load runs (bench/load_import.py); the worker checks and
# imports it.
# gunicorn runs WORKERS sync workers as in production (README); GUNICORN_THREADS > 1 makes them gthread workers
# with that many threads each, to compare.
# The API key is made with a limit (API_LIMIT a minute) above what the mix asks, so no answer is a 429.
# Prints one RESULT line per database: requests/s, answers per status class (429 apart), socket errors,
# p50/p90/p99/max; then per kind the time in the app and its answers per status from gunicorn's access log.
# Target: 0 socket errors, 0 5xx, p99 <= 1 s. Figures go into bench/RESULTS.md.
#
# Needs wrk and, for postgresql, the PostgreSQL server binaries: installed with apt-get when missing (as
# scripts/test.sh does); a throwaway PostgreSQL cluster is started on a socket in a temp folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

WHICH="${1:-both}"
DURATION="${DURATION:-60}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-4}"
GUNICORN_THREADS="${GUNICORN_THREADS:-1}"
API_LIMIT="${API_LIMIT:-100000}"
PORT="${PORT:-8800}"
IMPORT_ROWS="${IMPORT_ROWS:-100000}"
WORKER_NICE="${WORKER_NICE:-10}"  # the job worker's priority, as the README's production section advises
# LOGS: a folder to keep each run's gunicorn, access, worker and import logs in (default: none kept)

command -v wrk >/dev/null || apt_install wrk
if [ "$WHICH" != sqlite ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then apt_install postgresql; fi
[ -x "$VENV/bin/gunicorn" ] || { echo "$VENV ontbreekt: draai eerst scripts/serve.sh of scripts/test.sh" >&2; exit 2; }

WORK=""
GUNICORN_PID=""
WORKER_PID=""
PGBIN=""
RUN=()
cleanup() {
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
    GUNICORN_PID=""
    [ -n "$WORKER_PID" ] && kill "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null
    WORKER_PID=""
    if [ -n "$PGBIN" ] && [ -n "$WORK" ] && [ -d "$WORK/pg" ]; then
        "${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$WORK" ] && rm -rf "$WORK"
    WORK=""
}
trap cleanup EXIT

start_postgres() {
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$PGBIN" ] || { echo "PostgreSQL ontbreekt: apt-get install -y postgresql" >&2; exit 2; }
    mkdir -p "$WORK/pg"
    RUN=()
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK/pg"; RUN=(runuser -u postgres --); fi
    "${RUN[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Settings as a small production server would have them (durable: fsync stays on).
    "${RUN[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start \
        -o "-k $WORK/pg -c listen_addresses='' -c max_connections=100" >/dev/null
    "${RUN[@]}" "$PGBIN/createdb" -h "$WORK/pg" -U app wijkplanner
    DATABASE_URL="postgresql+psycopg://app@/wijkplanner?host=$WORK/pg"
}

run_one() {
    local kind="$1"
    WORK=$(mktemp -d)
    chmod 755 "$WORK"
    echo "==== $kind: database met demo ===="
    if [ "$kind" = postgresql ]; then start_postgres; else DATABASE_URL="sqlite:///$WORK/wijkplanner.db"; fi
    export DATABASE_URL
    export SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')"
    export SESSION_COOKIE_SECURE=0 UPLOAD_FOLDER="$WORK/uploads" HUEY_SQLITE_PATH="$WORK/jobs.db" JOBS_IMMEDIATE=0
    unset WIJKPLANNER_DEV FLASK_DEBUG
    local flask=("$VENV/bin/flask" --app wsgi)
    "${flask[@]}" db upgrade 2>/dev/null
    "${flask[@]}" demo load >/dev/null
    local key
    key=$("${flask[@]}" api token gebiedsmanager@wijkplanner.demo --name belastingtest --limit "$API_LIMIT" | tail -1)

    local threading=()
    [ "$GUNICORN_THREADS" -gt 1 ] && threading=(--worker-class gthread --threads "$GUNICORN_THREADS")
    echo "==== $kind: gunicorn ($WORKERS workers x $GUNICORN_THREADS threads) op 127.0.0.1:$PORT ===="
    "$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers "$WORKERS" "${threading[@]}" --timeout 120 \
        --access-logfile "$WORK/access.log" --access-logformat '%(m)s %(U)s %(s)s %(D)s' wsgi:app \
        >"$WORK/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { tail -30 "$WORK/gunicorn.log"; exit 1; }
    nice -n "$WORKER_NICE" "${flask[@]}" jobs worker >"$WORK/worker.log" 2>&1 &
    WORKER_PID=$!
    "$VENV/bin/python" bench/load_prepare.py "http://127.0.0.1:$PORT" "$key" >"$WORK/spec.lua"

    local import_pid=""
    if [ "$IMPORT_ROWS" -gt 0 ]; then
        "$VENV/bin/python" -c 'import sys; sys.path.insert(0, "bench"); from pathlib import Path
from import_bench import generate; generate(Path(sys.argv[1]), int(sys.argv[2]))' "$WORK/begroting.xlsx" "$IMPORT_ROWS"
        echo "==== $kind: import van $IMPORT_ROWS begrotingsregels (upload, voorbeeld, inlezen) tijdens de belasting ===="
        ( sleep 5; started=$SECONDS
          rc=0; "$VENV/bin/python" bench/load_import.py "http://127.0.0.1:$PORT" "$WORK/begroting.xlsx" GM0794 \
            >"$WORK/import.log" 2>&1 || rc=$?
          echo "import: exitcode $rc na $((SECONDS - started)) s" >>"$WORK/import.log" ) &
        import_pid=$!
    fi

    echo "==== $kind: wrk ${DURATION} s, $CONNECTIONS verbindingen ===="
    LOAD_SPEC="$WORK/spec.lua" wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s \
        -s bench/load.lua "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt" | grep -E "RESULT|Requests/sec" || true
    if [ -n "$import_pid" ]; then wait "$import_pid" || true; tail -4 "$WORK/import.log"; fi
    # Time in the app (gunicorn's access log, from the first byte read to the last written), apart from
    # the wait for a free worker that wrk's latency includes.
    "$VENV/bin/python" - "$WORK/access.log" <<'PY'
import re, statistics, sys
from collections import Counter
kinds, statuses = {}, {}
for line in open(sys.argv[1]):
    method, path, status, micros = line.split()
    if path == "/healthz" or path.startswith(("/inloggen", "/static", "/vendor")):
        continue
    kind = "POST" if method == "POST" else "API" if path.startswith("/api/") else "pagina"
    kinds.setdefault(kind, []).append(int(micros) / 1000)
    statuses.setdefault(kind, Counter())[status] += 1
for kind, times in sorted(kinds.items()):
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    answers = ", ".join(f"{n} x {s}" for s, n in sorted(statuses[kind].items()))
    print(f"RESULT in de app, {kind}: {len(times)} verzoeken, mediaan {statistics.median(times):.0f} ms, "
          f"p99 {p99:.0f} ms, max {times[-1]:.0f} ms ({answers})")
PY
    local locked tracebacks
    locked=$(grep -c "database is locked" "$WORK/gunicorn.log" || true)
    tracebacks=$(grep -c "Traceback" "$WORK/gunicorn.log" || true)
    echo "RESULT $kind: gunicorn-log: $tracebacks tracebacks, $locked x 'database is locked'"
    echo "RESULT $kind: takenverwerker-log: $(grep -c "Traceback" "$WORK/worker.log" || true) tracebacks"
    [ "$tracebacks" = 0 ] || grep -A30 -m3 Traceback "$WORK/gunicorn.log" | tail -40
    grep -E "CRITICAL|WORKER TIMEOUT|Booting worker" "$WORK/gunicorn.log" | tail -5 || true
    if [ -n "${LOGS:-}" ]; then  # LOGS=folder: keep the server, access and import logs of each run there
        mkdir -p "$LOGS/$kind" && cp "$WORK"/*.log "$WORK/wrk.txt" "$LOGS/$kind/" 2>/dev/null || true
    fi
    cleanup
}

case "$WHICH" in
    sqlite | postgresql) run_one "$WHICH" ;;
    both) run_one sqlite; run_one postgresql ;;
    *) echo "gebruik: bench/load.sh [sqlite|postgresql|both]" >&2; exit 2 ;;
esac
