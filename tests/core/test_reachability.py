"""Every page can be found: for each demo role, follow the links from the start page (same-origin GETs,
a few pages per route) and check that no link leads to a page the role may not use, and that every page
route is reached by some role's links."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from urllib.parse import urljoin, urlsplit

from flask import g
from werkzeug.exceptions import HTTPException

from planner.demo import content

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.IGNORECASE)
PAGES_PER_ROUTE = 2  # enough to see a route's links; the demo has dozens of actions behind one route

# Routes no link is meant to reach, each with why. Extend with care: a page users need belongs behind a link.
NOT_LINKED = {
    "static": "style sheets and scripts, not pages",
    "assets.vendor": "style sheets from npm, not pages",
    "health.healthz": "for monitoring",
    "assets.favicon": "browsers ask for /favicon.ico themselves; pages link the SVG icon",
    "auth.login": "reached by the redirect of every page when signed out",
    "cycle.ics": "the calendar feed: its personal address goes into Outlook, not a link",
    "budget.allocate": "the allocation form on the action page posts here",
    "budget.add_finance_code": "the finance code form on the action page posts here",
    "budget.add_funding": "the funding form on the action page posts here",
    "budget.opgave_frame": "the kader form on the opgave page posts here",
    "budget.programme_frame": "the kader form on the programme page posts here",
    "budget.record_spending": "the realisation form on the action page posts here",
    "programmes.compare": "reached by the version picker (a GET form) on the versions page",
    "imports.preview": "after submitting the upload form",
    "imports.mapping": "after an upload whose layout no profile knows",
    "imports.progress": "after confirming an import",
    "imports.preview_errors": "the error list of a preview with errors (after submitting the upload form)",
    "imports.run_errors": "linked from a run's page when the run has errors (the demo has no runs)",
    "imports.progress_json": "polled by the progress page's script",
    "imports.result": "linked from the run list once there are runs (the demo has none)",
    "participation.attachment": "linked from a meeting's page once a file is attached (the demo has none)",
    "inspraak.photo": "an image on the public feedback page, not a link",
    "inspraak.thanks": "after submitting a resident's reaction",
    "inspraak.signal_thanks": "after submitting a resident's signal",
    "signals.triage": "linked from the ward's signals once a resident has sent one (the demo has none)",
    "areas_admin.edit": "linked from the division list once a stadsdeel exists (the Helmond demo has none)",
    "rollout.revise": "linked from the page of a programme in execution for who may adopt it; the crawl opens two "
    "programme pages per role, neither of them in execution",
}
# The JSON API is for programs with a token; its OpenAPI document is linked from the API keys page.
NOT_LINKED_BLUEPRINTS = {"api"}


def _crawl(app, email: str) -> tuple[set[str], list[str]]:
    """The endpoints reached by links from the start page, and every link that answered 4xx/5xx."""
    g.pop("_login_user", None)
    client = app.test_client()
    assert client.post("/inloggen", data={"email": email, "password": content.PASSWORD}).status_code == 302
    adapter = app.url_map.bind("localhost")
    seen, reached, dead, visits = set(), set(), [], defaultdict(int)
    queue = deque([("/", "(start)")])
    while queue:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            endpoint, _ = adapter.match(urlsplit(url).path, method="GET")
        except HTTPException:
            dead.append(f"{url} (no such page; linked from {source})")
            continue
        reached.add(endpoint)
        if visits[endpoint] >= PAGES_PER_ROUTE:
            continue
        visits[endpoint] += 1
        response = client.get(url)
        if response.status_code >= 400:
            dead.append(f"{url} answers {response.status_code} (linked from {source})")
            continue
        if not response.content_type.startswith("text/html"):
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if target.scheme in ("", "http") and target.netloc in ("", "localhost"):
                queue.append((target.path + (f"?{target.query}" if target.query else ""), url))
    return reached, dead


def test_every_page_route_is_reached_by_links_and_no_link_is_refused(app, demo):
    emails = [email for _, email, *_ in content.USERS] + [f"partner.woonpartners@{content.DOMAIN}"]
    reached, problems = set(), []
    for email in emails:
        found, dead = _crawl(app, email)
        reached |= found
        problems += [f"{email}: {link}" for link in dead]
    assert not problems, "Links to pages the role may not use:\n" + "\n".join(problems)

    unreachable = sorted(
        f"{rule.rule}  ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in reached
        and rule.endpoint not in NOT_LINKED
        and rule.endpoint.partition(".")[0] not in NOT_LINKED_BLUEPRINTS
    )
    assert not unreachable, (
        "No link reaches these page routes for any demo role. Link them from a page the role uses, or add "
        "them to NOT_LINKED with the reason:\n" + "\n".join(unreachable)
    )
