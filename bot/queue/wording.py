"""What the user reads: an `Answer` or a `Refusal` in the user's language.

Replies never repeat the diary number: they are kept in the database until
the platform confirms delivery, and no number may be stored in plain text.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_time

from bot.i18n import Translator
from bot.queue.dates import HELSINKI
from bot.queue.guard import Refusal
from bot.queue.rules import SHORTLY_BELOW, Answer

EXAMPLE = "31275/110/2022"


def type_name(t: Translator, code: str) -> str:
    """The display name of a queue; a code without one is shown as written."""
    names = {
        "work": t.pgettext("application type", "residence permit for work"),
        "family": t.pgettext("application type", "residence permit on the basis of family ties"),
        "study": t.pgettext("application type", "residence permit for studies"),
        "eu_registration": t.pgettext("application type", "registration of an EU citizen's right of residence"),
        "citizenship": t.pgettext("application type", "citizenship application"),
    }
    return names.get(code, code)


def processing_times_link(t: Translator) -> str:
    # Translators: the processing-time page in your language, if Migri has one.
    return t.gettext("https://migri.fi/en/processing-times")


def no_number(t: Translator) -> str:
    return t.gettext(
        "I could not find a diary number in your message. A diary number looks like {example}: "
        "a running number, a three-digit code and the year."
    ).format(example=EXAMPLE)


def answer_text(t: Translator, answer: Answer, today: dt.date) -> str:
    if answer.status == "invalid":
        return no_number(t)
    parts = [_status_text(t, answer)]
    if "citizenship" in answer.caveats:
        parts.append(
            t.gettext(
                "Please note: because of the backlog in citizenship applications, the position shown "
                "can stay the same or even go back for a long time, and your real position is further "
                "back. Your application is still processed normally."
            )
        )
    if answer.snapshot_date is not None:
        parts.append(t.gettext("Positions updated on {date}.").format(date=t.date(answer.snapshot_date)))
        age = answer.days_old(today)
        if age is not None:
            parts.append(
                t.ngettext(
                    "The queue data is {days} day old: a newer update has not arrived yet.",
                    "The queue data is {days} days old: a newer update has not arrived yet.",
                    age,
                ).format(days=t.number(age))
            )
    if answer.status != "too_old":
        parts.append(t.gettext("Processing times: {link}").format(link=processing_times_link(t)))
    return "\n\n".join(parts)


def _status_text(t: Translator, answer: Answer) -> str:
    if answer.status == "not_found":
        return t.gettext(
            "I did not find this diary number in the queue. Please check the number. If it is right, "
            "the decision may already have been made: you can see it in Enter Finland. The queue covers "
            "only residence permit, EU registration and citizenship applications."
        )
    kind = type_name(t, answer.application_type or "")
    submitted = t.date(answer.submitted_on) if answer.submitted_on else ""
    if answer.status == "not_yet":
        return t.gettext(
            "Your application ({type}) was submitted on {date}. The queue position can be shown one day "
            "after the application was submitted. Please ask again tomorrow."
        ).format(type=kind, date=submitted)
    if answer.status == "too_old":
        return t.gettext(
            "Your application ({type}) was submitted on {date} and has waited more than 18 months, so I "
            "cannot show a queue position for it. Please read about the processing times: {link}"
        ).format(type=kind, date=submitted, link=processing_times_link(t))
    if answer.status == "shortly":
        return t.gettext(
            "Your application ({type}), submitted on {date}, will be processed shortly: fewer than {limit} "
            "applications of the same type are ahead of it."
        ).format(type=kind, date=submitted, limit=t.number(SHORTLY_BELOW))
    ahead = answer.ahead or 0
    return "\n\n".join(
        [
            t.ngettext(
                "{count} application of the same type is ahead of yours in the queue.",
                "{count} applications of the same type are ahead of yours in the queue.",
                ahead,
            ).format(count=t.number(ahead)),
            t.gettext("Your application: {type}, submitted on {date}.").format(type=kind, date=submitted),
            t.gettext(
                "The positions are updated once a day; checking weekly or monthly is enough. "
                "The position does not tell when the decision will be made."
            ),
        ]
    )


def refusal_text(t: Translator, refusal: Refusal, today: dt.date) -> str:
    when = _moment(t, refusal.retry_at, today)
    if refusal.reason == "quota":
        return t.gettext(
            "Sorry, you have already looked up the largest number of different diary numbers allowed in "
            "24 hours. You can look up a new number again from {when}. Numbers you have already looked "
            "up can be checked again at any time."
        ).format(when=when)
    return t.gettext(
        "Sorry, I cannot look up new diary numbers close to this one right now, because very many numbers "
        "near it have been looked up in a short time. Please try again from {when}. If you have looked up "
        "this number before, you can still check it."
    ).format(when=when)


def _moment(t: Translator, timestamp: float, today: dt.date) -> str:
    # Rounded up to the minute: "from 14:05" must never be too early.
    moment = dt.datetime.fromtimestamp(math.ceil(timestamp / 60) * 60, HELSINKI)
    clock = format_time(moment, "short", tzinfo=HELSINKI, locale=t.babel_locale)
    if moment.date() == today:
        return t.gettext("today at {time}").format(time=clock)
    return t.gettext("{date} at {time}").format(date=t.date(moment.date()), time=clock)
