"""Configuration read from the environment, with safe defaults for development."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str) -> bool | None:
    value = os.environ.get(name, "").strip().lower()
    return None if not value else value in ("1", "true", "ja", "yes", "on")


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'instance' / 'wijkplanner.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # SQLite only (planner.core.sqlite): how long a request waits for a lock, and write-ahead logging
    SQLITE_BUSY_SECONDS = float(os.environ.get("SQLITE_BUSY_SECONDS", "30"))
    SQLITE_WAL = os.environ.get("SQLITE_WAL", "").lower() in ("1", "true", "ja", "yes")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "20"))
    # uploads kept between preview and commit (planner.excel.uploads): per user, and how long unused
    # Uploads and the import runs' error lists (default instance/uploads): shared by all servers and job workers.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", "")
    UPLOAD_MAX_PER_USER = int(os.environ.get("UPLOAD_MAX_PER_USER", "20"))
    UPLOAD_RETENTION_HOURS = float(os.environ.get("UPLOAD_RETENTION_HOURS", "24"))
    # The job queue (planner.core.jobs): Redis when several servers share it, else a SQLite file (default
    # instance/jobs.db). JOBS_IMMEDIATE runs each task at once in the web request (tests, debugging).
    HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL", "")
    HUEY_SQLITE_PATH = os.environ.get("HUEY_SQLITE_PATH", "")
    JOBS_IMMEDIATE = _flag("JOBS_IMMEDIATE")
    # Where rate limits (API keys) count (planner.core.counter): Redis at this URL (else HUEY_REDIS_URL), else a
    # SQLite file of their own beside a SQLite database (this path, else <database>-counts.db).
    RATELIMIT_REDIS_URL = os.environ.get("RATELIMIT_REDIS_URL", "")
    RATELIMIT_SQLITE_PATH = os.environ.get("RATELIMIT_SQLITE_PATH", "")
    # A running import writes a heartbeat this often; one silent for IMPORT_STALE_SECONDS lost its worker.
    IMPORT_HEARTBEAT_SECONDS = float(os.environ.get("IMPORT_HEARTBEAT_SECONDS", "5"))
    IMPORT_STALE_SECONDS = float(os.environ.get("IMPORT_STALE_SECONDS", "120"))
    # The most rows one import reads (default: the most an Excel sheet holds); a sheet that says it has
    # more is refused before its rows are read. 0: no limit.
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "1048576"))
    # Memory stays bounded whatever the file: an xlsx sheet or CSV file of more cells (rows × columns, as
    # its dimension or first line says) than IMPORT_STREAM_CELLS is read row by row from the file (slower
    # than the fast reader, which holds the whole sheet, about 85 bytes a cell), and beyond
    # IMPORT_SPOOL_RECORDS the checked rows wait in a temporary file until they are written.
    IMPORT_STREAM_CELLS = int(os.environ.get("IMPORT_STREAM_CELLS", "1000000"))
    IMPORT_SPOOL_RECORDS = int(os.environ.get("IMPORT_SPOOL_RECORDS", "50000"))
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # Cookies only over HTTPS: on by default, off in development and tests (see load_config).
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    # A session ends after this long without a request, and this long after the login whatever happens.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    # Sign-in throttling (planner.core.throttle): after this many failures within the window, per typed address
    # and per client address, each further try waits, starting at LOGIN_BACKOFF_SECONDS and doubling per failure.
    LOGIN_MAX_FAILURES_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_ACCOUNT", "5"))
    LOGIN_MAX_FAILURES_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_ADDRESS", "20"))
    LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))
    LOGIN_BACKOFF_SECONDS = int(os.environ.get("LOGIN_BACKOFF_SECONDS", "60"))
    LOGIN_BACKOFF_MAX_MINUTES = int(os.environ.get("LOGIN_BACKOFF_MAX_MINUTES", "60"))
    # Behind a reverse proxy: how many proxies set each X-Forwarded-* header (werkzeug's ProxyFix). 0: the
    # headers are ignored and the client address is the connection's, as it must be without a proxy.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))
    PROXY_FIX_X_PROTO = int(os.environ.get("PROXY_FIX_X_PROTO", "0"))
    PROXY_FIX_X_HOST = int(os.environ.get("PROXY_FIX_X_HOST", "0"))
    PROXY_FIX_X_PORT = int(os.environ.get("PROXY_FIX_X_PORT", "0"))
    PROXY_FIX_X_PREFIX = int(os.environ.get("PROXY_FIX_X_PREFIX", "0"))
    WTF_CSRF_TIME_LIMIT = None  # a stale form is handled by version counters, not by expiring tokens
    PREFERRED_URL_SCHEME = "https"
    # Where the demo and the reference lists read their public files (shipped in the repo).
    SAMPLES_DIR = ROOT / "imports" / "samples"
    PROFILES_DIR = ROOT / "imports"
    # Outgoing mail (planner.core.mail): without MAIL_SERVER, messages go to the outbox folder instead.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "ja", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "")
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX", "")
    # The public pages: the municipality's name and logo (a file in planner/static or a path on this
    # site). Empty: the name of the programme's gemeente in the area tree.
    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "")
    MUNICIPALITY_LOGO = os.environ.get("MUNICIPALITY_LOGO", "")


def load_config(overrides: dict | None = None) -> dict:
    cfg = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    cfg.update(overrides or {})
    cfg["MAX_CONTENT_LENGTH"] = cfg["MAX_UPLOAD_MB"] * 1024 * 1024
    development = bool(os.environ.get("FLASK_DEBUG") or cfg.get("TESTING") or os.environ.get("WIJKPLANNER_DEV"))
    if cfg.get("SESSION_COOKIE_SECURE") is None:
        cfg["SESSION_COOKIE_SECURE"] = not development
    cfg.setdefault("REMEMBER_COOKIE_SECURE", cfg["SESSION_COOKIE_SECURE"])
    if not cfg.get("SECRET_KEY"):
        if development:
            cfg["SECRET_KEY"] = "dev-only-not-secret"
        else:
            raise RuntimeError(
                "SECRET_KEY ontbreekt: zet de omgevingsvariabele SECRET_KEY (verplicht buiten ontwikkeling)."
            )
    return cfg
