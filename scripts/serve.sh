#!/usr/bin/env bash
# Install, upgrade the database, load the demo on first start, and serve on http://127.0.0.1:5000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

section "Afhankelijkheden"
ensure_venv "."
ensure_node_modules
compile_translations

# A random SECRET_KEY, generated once and kept in instance/ (never committed), unless one is given.
mkdir -p instance
if [ -z "${SECRET_KEY:-}" ]; then
    if [ ! -s instance/secret_key ]; then
        (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key)
        note "nieuwe SECRET_KEY in instance/secret_key"
    fi
    SECRET_KEY="$(cat instance/secret_key)"
    export SECRET_KEY
fi

# This script serves plain http on the loopback address: the session cookie may not demand HTTPS there.
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"

FLASK=("$VENV/bin/flask" --app wsgi)

section "Database"
"${FLASK[@]}" db upgrade

section "Wijkplanner starten"
# Loads the demo into an empty database; either way it ends by printing the demo logins.
"${FLASK[@]}" demo load --if-empty
# The job worker runs imports and the periodic tasks (stale runs, uploads, the purge) beside the web server.
# At a lower priority than the web server: checking a large file takes a core, and pages go first.
nice -n 10 "${FLASK[@]}" jobs worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
echo
echo "Wijkplanner draait op http://127.0.0.1:5000  (stoppen met Ctrl+C)"
"$VENV/bin/gunicorn" --bind 127.0.0.1:5000 --workers 2 --access-logfile - wsgi:app
