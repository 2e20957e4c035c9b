# Shared steps for scripts/serve.sh and scripts/test.sh (sourced, not run).
# Each step is idempotent and skips work already done, so a second run is fast and offline.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive

section() { printf '\n==== %s ====\n' "$*"; }
note() { printf '  %s\n' "$*"; }
die() { printf 'FOUT: %s\n' "$*" >&2; exit 1; }

# apt-get as root, or through sudo when we are not root.
apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || die "$* ontbreekt en zonder root of sudo kan ik het niet installeren."
        sudo="sudo"
    fi
    note "apt-get install $*"
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$@" >/dev/null
}

# Create .venv when missing and (re)install when pyproject.toml changed since the last install.
# $1: the pip target, "." for the app or ".[test]" for the test run.
ensure_venv() {
    local target="$1" stamp
    stamp="$VENV/.installed-$(printf '%s' "$target" | tr -c 'a-z' '_')"
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
        note "python3 -m venv .venv"
        python3 -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
        note "pip install -e '$target'"
        (cd "$ROOT" && "$VENV/bin/pip" install -q -e "$target") || die "pip install mislukt"
        touch "$stamp"
    else
        note ".venv is bij (pyproject.toml niet gewijzigd)"
    fi
}

# npm ci when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
    command -v npm >/dev/null || die "npm ontbreekt: installeer Node.js (bijvoorbeeld apt-get install -y nodejs npm)."
    if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
        note "npm ci"
        (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci mislukt"
    else
        note "node_modules is bij (package-lock.json niet gewijzigd)"
    fi
}

compile_translations() {
    if [ -d "$ROOT/planner/translations" ]; then
        # pybabel reports on stderr, e.g. that it skips a catalogue marked fuzzy (the committed .mo stays).
        "$VENV/bin/pybabel" compile -d "$ROOT/planner/translations" 2>&1 | sed 's/^/  pybabel: /' \
            || die "pybabel compile mislukt"
    fi
}
