"""Serve the NL Design System CSS (from npm) and plotly.js (from the Python package) locally."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, abort, send_file

from planner.config import ROOT

bp = Blueprint("assets", __name__)

# A whitelist: only these files are reachable, never an arbitrary path under node_modules.
VENDOR_FILES = {
    "utrecht.css": ROOT / "node_modules/@utrecht/component-library-css/dist/index.css",
    "theme.css": ROOT / "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css",
    "plotly.min.js": Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
}


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico on pages that link no icon (and some ask regardless): the SVG.
    return send_file(ROOT / "planner" / "static" / "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.get("/vendor/<name>")
def vendor(name: str):
    path = VENDOR_FILES.get(name)
    if path is None or not path.exists():
        abort(404)
    return send_file(path, max_age=86400)
