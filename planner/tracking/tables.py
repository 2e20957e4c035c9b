"""The comparison's table bodies as HTML, built here rather than in Jinja.

A 70-ward comparison has some 2,000 cells; as Jinja macro calls, each with context lookups and
its own call of url_for, they cost more than computing the figures. The table heads, captions and
every translated word stay in templates/tracking/_comparison_body.html.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import url_for
from markupsafe import Markup, escape

TD = '<td class="utrecht-table__cell num">'
DASH = "–"


def _percent(value) -> str:
    return DASH if value is None else f"{value}%"


def ward_cells(c, row, fmt) -> Markup:
    """The figure cells of one ward row (or of the total row): the same cells as the table head."""
    by_status = row.by_status
    cells = [DASH if row.population is None else fmt.number(row.population, 0), str(row.total)]
    cells += [str(by_status.get(s, 0)) for s in c.statuses]
    cells += [str(row.late), str(row.corrected), _percent(row.on_schedule_pct), _percent(row.avg_progress)]
    if c.has_budget:
        budget = row.budget
        if budget is None:
            cells += [DASH, DASH]
        else:
            cells += [fmt.money(budget.toegekend), fmt.money(budget.gerealiseerd)]
        for value in (row.allocated_per_resident, row.realised_per_resident):
            cells.append(DASH if value is None else fmt.money(value))
    return Markup("".join(f"{TD}{cell}</td>" for cell in cells))


def ward_rows(c, fmt) -> Markup:
    """<tr>s of the wards table: the ward's name links to its ward page."""
    # One url_for for all rows: CBS ward codes are letters and digits, quoted all the same.
    href = url_for("tracking.ward", code="__code__")
    out = []
    for r in c.rows:
        link = escape(href.replace("__code__", quote(r.code, safe="")))
        out.append(
            f'<tr class="utrecht-table__row"><th class="utrecht-table__cell" scope="row">'
            f'<a class="utrecht-link" href="{link}">{escape(r.name)}</a></th>{ward_cells(c, r, fmt)}</tr>\n'
        )
    return Markup("".join(out))


def indicator_rows(c, fmt, t_target: str, t_in: str) -> Markup:
    """<tr>s of the indicators table: latest value and period, the target, the verdict in words."""
    t_target, t_in = escape(t_target), escape(t_in)
    out = []
    for r in c.rows:
        parts = [f'<tr class="utrecht-table__row"><th class="utrecht-table__cell" scope="row">{escape(r.name)}</th>']
        for i in c.indicators:
            cell = r.indicators.get(i.id, {})
            parts.append(TD)
            if "value" in cell:
                parts.append(f'{fmt.number(cell["value"])} <span class="meta">({escape(cell["period"])})</span>')
            else:
                parts.append(DASH)
            if "target" in cell:
                parts.append(
                    f'<br><span class="meta">{t_target} {fmt.number(cell["target"])} {t_in} '
                    f"{escape(cell['target_period'])}</span>"
                )
            if cell.get("verdict"):
                parts.append(f'<br><span class="verdict">{escape(fmt.label(cell["verdict"]))}</span>')
            parts.append("</td>")
        parts.append("</tr>\n")
        out.append("".join(parts))
    return Markup("".join(out))
