"""E-mail to a resident about their own reaction: the team's answer, or the moderation decision.

Only to an address the resident gave with consent (a ContributionContact exists only with consent,
and disappears at its retention date). The mail holds the resident's own text, the answer and a link
to the public feedback page; it leaves only when the transaction that stored the answer commits.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import force_locale, gettext

from planner.core import mail
from planner.extensions import db
from planner.participation import consultation


def _recipient(contribution) -> str | None:
    contact = contribution.contact
    if contact is None or not contact.email or contact.consent_at is None:
        return None
    return contact.email


def _feedback_link(contribution) -> str:
    if not has_request_context():
        return ""
    return url_for("inspraak.feedback", programme_id=contribution.programme_id, _external=True) + (
        f"#inbreng-{contribution.id}" if contribution.moderation == "gepubliceerd" else ""
    )


def _send(contribution, subject: str, lines: list[str]) -> bool:
    to = _recipient(contribution)
    if to is None or contribution.programme is None:
        return False
    programme = contribution.programme
    with force_locale("nl"):  # residents' mail in Dutch, whatever language the team member reads in
        sender = consultation.branding(programme.area)["name"] or gettext("Het opgaveteam")
        greeting = (
            gettext("Beste %(name)s,", name=contribution.contact.name)
            if contribution.contact.name
            else gettext("Beste bewoner,")
        )
        body = "\n\n".join(
            [
                greeting,
                *lines,
                gettext("Uw reactie:") + "\n" + contribution.text,
                *(
                    [gettext("Alle reacties en antwoorden: %(link)s", link=link)]
                    if (link := _feedback_link(contribution))
                    else []
                ),
                gettext(
                    "U krijgt dit bericht omdat u uw e-mailadres met toestemming bij uw reactie gaf. "
                    "Wij bewaren het tot %(date)s en gebruiken het alleen voor berichten over deze reactie.",
                    date=contribution.contact.keep_until.strftime("%d-%m-%Y"),
                ),
                f"{sender}",
            ]
        )
        mail.queue(
            db.session, to=to, subject=f"{subject}: {programme.title}", body=body, scope_path=programme.area.path
        )
    return True


def answered(contribution) -> bool:
    """The team wrote or changed its answer."""
    with force_locale("nl"):
        return _send(
            contribution,
            gettext("Antwoord op uw reactie"),
            [
                gettext("Het opgaveteam heeft uw reactie op %(title)s beantwoord.", title=contribution.programme.title),
                gettext("Wat het team met uw reactie doet: %(status)s.", status=gettext(contribution.status_label)),
                gettext("Antwoord van het opgaveteam:") + "\n" + contribution.response,
            ],
        )


def moderated(contribution) -> bool:
    """The reaction was published, or not."""
    with force_locale("nl"):
        if contribution.moderation == "gepubliceerd":
            lines = [gettext("Uw reactie op %(title)s staat nu op de website.", title=contribution.programme.title)]
        else:
            lines = [
                gettext(
                    "Uw reactie op %(title)s is niet gepubliceerd, omdat zij niet voldoet aan de regels voor reacties "
                    "(bijvoorbeeld omdat er persoonsgegevens van anderen of beledigingen in staan). "
                    "Het team leest haar wel.",
                    title=contribution.programme.title,
                )
            ]
        if contribution.response:
            lines.append(gettext("Antwoord van het opgaveteam:") + "\n" + contribution.response)
        return _send(contribution, gettext("Uw reactie is behandeld"), lines)


def signal_answered(signal) -> bool:
    """The ward's team answered a signal; only to an address given with consent."""
    contact = signal.contact
    if contact is None or not contact.email or contact.consent_at is None:
        return False
    with force_locale("nl"):
        sender = consultation.branding(signal.area)["name"] or gettext("Het wijkteam")
        greeting = gettext("Beste %(name)s,", name=contact.name) if contact.name else gettext("Beste bewoner,")
        body = "\n\n".join(
            [
                greeting,
                gettext("Het team van %(ward)s heeft uw signaal gelezen en beantwoord.", ward=signal.area.name),
                gettext("Antwoord van het team:") + "\n" + signal.answer,
                gettext("Uw signaal:") + "\n" + signal.text,
                gettext(
                    "U krijgt dit bericht omdat u uw e-mailadres met toestemming bij uw signaal gaf. "
                    "Wij bewaren het tot %(date)s en gebruiken het alleen voor berichten over dit signaal.",
                    date=contact.keep_until.strftime("%d-%m-%Y"),
                ),
                sender,
            ]
        )
        mail.queue(
            db.session,
            to=contact.email,
            subject=gettext("Antwoord op uw signaal: %(ward)s", ward=signal.area.name),
            body=body,
            scope_path=signal.area.path,
        )
    return True
