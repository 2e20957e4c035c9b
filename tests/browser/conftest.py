"""Browser tests: a live server on the test database, Chromium from apt, and axe-core on every page.

Every test in this folder is marked `browser` (deselect with `-m "not browser"`). The live server is
a second app on the same database as the `app` fixture, with CSRF checks ON as in production, so
data made with the builder fixtures is what the browser sees. `page.goto("/inloggen")` works:
`base_url` points at the live server.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from planner import create_app

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never `playwright install`: drive the Chromium that apt installed.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class LiveServer:
    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(app, database_url, upload_folder):
    """The app served over HTTP on 127.0.0.1 and a free port, sharing the test database."""
    live_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "WTF_CSRF_ENABLED": True,
        }
    )
    server = LiveServer(live_app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'impact onbekend'}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … en nog {len(v['nodes']) - 5} elementen")
    return "\n".join(lines)


@pytest.fixture
def axe_check(_axe):
    """`axe_check(page)`: run axe-core on the page as it is now; fail with a readable list of violations."""

    def check(page, context: str = "") -> None:
        page.wait_for_load_state()  # axe cannot run on a document that is still being replaced
        violations = _axe.run(page).response["violations"]
        if violations:
            where = context or page.url
            pytest.fail(
                f"axe-core: toegankelijkheidsfouten ({len(violations)}) op {where}:\n" + format_violations(violations),
                pytrace=False,
            )

    return check
