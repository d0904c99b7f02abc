"""Pure rules of answering a survey — no Django import (tested on their own).

- :func:`window_state` / :func:`local_window`: when a survey accepts answers (DOMAIN.md §9:
  windows are local dates in the Pemda's zone, compared as UTC instants);
- :func:`check_answers`, :func:`check_profile`, :func:`check_suggestion`: validation of an
  answer sheet against the instrument (PermenPANRB 14/2017: every unsur 1–4; SPAK/SPKP: every
  item on the survey's scale). They return :class:`Problem` values; the services turn them
  into ``ValidationError`` in the active language (the messages are msgids, marked with
  :func:`gettext_noop` so that ``makemessages`` finds them here);
- the spellings of paper questionnaires (sex, education, occupation) read by the import;
- :func:`token_hash` of kiosk tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from integritas.surveys.instruments import age_band

#: Longest suggestion kept (characters).
SUGGESTION_MAX: Final = 2000

#: Profile keys a submission may carry.
PROFILE_KEYS: Final = ("age_band", "age", "sex", "education", "occupation", "service")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (read by ``makemessages``)."""
    return message


@dataclass(frozen=True)
class Problem:
    """One problem of a submission: an English msgid, its code and its parameters."""

    message: str
    code: str = "invalid"
    params: Mapping[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------------------------


def window_state(
    *, is_active: bool, opens_at: dt.datetime, closes_at: dt.datetime | None, now: dt.datetime
) -> str:
    """``"open"``, ``"not_yet"`` (before ``opens_at``) or ``"closed"`` at instant ``now``."""
    if not is_active:
        return "closed"
    if now < opens_at:
        return "not_yet"
    if closes_at is not None and now > closes_at:
        return "closed"
    return "open"


def local_window(
    zone: dt.tzinfo, opens_on: dt.date, closes_on: dt.date | None
) -> tuple[dt.datetime, dt.datetime | None]:
    """UTC instants of a window given as local dates in ``zone``.

    Opens at 00:00 local on ``opens_on``; closes at the end of the local day ``closes_on``
    (23:59:59.999999 local) — DOMAIN.md §9.
    """
    opens = dt.datetime.combine(opens_on, dt.time.min, tzinfo=zone).astimezone(dt.UTC)
    closes = (
        dt.datetime.combine(closes_on, dt.time.max, tzinfo=zone).astimezone(dt.UTC)
        if closes_on is not None
        else None
    )
    return opens, closes


# ---------------------------------------------------------------------------------------------
# Answer sheets
# ---------------------------------------------------------------------------------------------


def answer_value(value: object) -> int | None:
    """An answer as an integer (``"3"`` → 3); None for anything else (booleans included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def check_answers(
    codes: Sequence[str], low: int, high: int, answers: Mapping[str, object]
) -> tuple[dict[str, int], list[Problem]]:
    """Every code in ``codes`` answered with an integer ``low``–``high``; no other code."""
    problems: list[Problem] = []
    values: dict[str, int] = {}
    for key in answers:
        if key not in codes:
            problems.append(
                Problem(
                    gettext_noop("Unknown question %(code)s (expected %(first)s…%(last)s)."),
                    "unknown",
                    {"code": key, "first": codes[0], "last": codes[-1]},
                )
            )
    for code in codes:
        raw = answers.get(code)
        if raw is None or raw == "":
            problems.append(
                Problem(
                    gettext_noop("%(code)s is not answered: every question needs an answer."),
                    "missing",
                    {"code": code},
                )
            )
            continue
        value = answer_value(raw)
        if value is None or not low <= value <= high:
            problems.append(
                Problem(
                    gettext_noop("%(code)s: the answer %(value)s is outside %(low)s–%(high)s."),
                    "out_of_range",
                    {"code": code, "value": raw, "low": low, "high": high},
                )
            )
            continue
        values[code] = value
    return values, problems


def check_profile(
    profile: Mapping[str, object], choices: Mapping[str, Sequence[str]]
) -> tuple[dict[str, str], str | None, list[Problem]]:
    """Respondent profile: ``(clean profile, service reference or None, problems)``.

    ``choices`` maps ``age_band``/``sex``/``education``/``occupation`` to their values;
    ``age`` in years is stored as its band; ``service`` is returned as given (the caller
    resolves it).
    """
    problems: list[Problem] = []
    clean: dict[str, str] = {}
    service: str | None = None
    for key, raw in profile.items():
        if raw is None or raw == "":
            continue
        if key not in PROFILE_KEYS:
            problems.append(
                Problem(gettext_noop("Unknown profile field %(field)s."), "unknown", {"field": key})
            )
        elif key == "age":
            age = answer_value(raw)
            if age is None or not 0 < age < 150:
                problems.append(Problem(gettext_noop("The age must be a whole number of years.")))
            else:
                clean["age_band"] = age_band(age)
        elif key == "service":
            service = str(raw)
        elif str(raw) not in choices[key]:
            problems.append(
                Problem(
                    gettext_noop("%(field)s: %(value)s is not one of the choices."),
                    "invalid_choice",
                    {"field": key, "value": raw},
                )
            )
        else:
            clean[key] = str(raw)
    return clean, service, problems


def check_suggestion(suggestion: str | None) -> tuple[str, list[Problem]]:
    """The suggestion stripped; a problem when longer than :data:`SUGGESTION_MAX`."""
    text = (suggestion or "").strip()
    if len(text) > SUGGESTION_MAX:
        return text, [
            Problem(
                gettext_noop("The suggestion is longer than %(max)s characters."),
                params={"max": SUGGESTION_MAX},
            )
        ]
    return text, []


# ---------------------------------------------------------------------------------------------
# Paper questionnaires (the import)
# ---------------------------------------------------------------------------------------------

SEX_SPELLINGS: Final[Mapping[str, str]] = {
    "l": "L",
    "lk": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
}
EDUCATION_SPELLINGS: Final[Mapping[str, str]] = {
    "sd": "sd",
    "tidak sekolah": "sd",
    "smp": "smp",
    "sltp": "smp",
    "sma": "sma",
    "smk": "sma",
    "slta": "sma",
    "sma/smk": "sma",
    "d1": "diploma",
    "d2": "diploma",
    "d3": "diploma",
    "diploma": "diploma",
    "d4": "s1",
    "s1": "s1",
    "sarjana": "s1",
    "s2": "s2",
    "s3": "s2",
    "pascasarjana": "s2",
}
OCCUPATION_SPELLINGS: Final[Mapping[str, str]] = {
    "pns": "asn",
    "asn": "asn",
    "pppk": "asn",
    "tni": "tni_polri",
    "polri": "tni_polri",
    "tni/polri": "tni_polri",
    "swasta": "swasta",
    "pegawai swasta": "swasta",
    "karyawan": "swasta",
    "wiraswasta": "wirausaha",
    "wirausaha": "wirausaha",
    "pelajar": "pelajar",
    "mahasiswa": "pelajar",
    "pelajar/mahasiswa": "pelajar",
}


def token_hash(token: str) -> str:
    """SHA-256 hex of a kiosk token (only the hash is stored)."""
    return hashlib.sha256(token.encode()).hexdigest()
