"""The signaal mensenhandel (issue 18): which questions of the annex apply, what is wrong with a
typed signal, and its export as labelled lines (Mensenhandel annex, footnote 12: no tables,
for automatic import). The annex itself is data in signal_annex.py.

A signal is a plain dict: annex field code -> text ("" when empty; a vermoeden box "ja" or "").

Anonymised by default for chain recipients (Mensenhandel 6.2, 9.5): every field follows the
rule of its sharing kind (sharing.anonymise): names become initials, a birth date its year,
an address and a phone number are left out, the municipality stays. Free texts cannot be
anonymised by a rule: they stay, and the export says at the top that Blijf Groep wrote them
for the chain. Identifiable only with a stated reason. The Handhaving section is criminal
personal data (Mensenhandel 21.8): it goes only when the kinds allowed include
sharing.SIGNAL_ENFORCEMENT."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Collection, Mapping

from blijf_desktop.domain import sharing
from blijf_desktop.domain import validation as v
from blijf_desktop.domain.signal_annex import (
    CHECK, DATE, DATETIME, ECONOMIC, FIELDS, LINE, MAX_LINE, MAX_SUMMARY_CHARS,
    MAX_SUMMARY_LINES, MAX_TEXT, PHONE, QUESTION_1, QUESTION_2, REQUIRED, SECTIONS, SEXUAL,
    SUMMARY, TEXT, YESNO, YESNO_VALUES, Field, Section,
)

# Footnotes 5 and 13: some municipalities call it jeugdprostitutie up to 23 years.
YOUTH_AGE = 23
_DATETIME = re.compile(r"(.+?)\s+([0-9]{1,2})[:.]([0-9]{2})")


def blank() -> dict[str, str]:
    return {code: "" for code in FIELDS}


# -- dates and the questions that apply ---------------------------------------------------------
def parse_datetime(raw: str) -> datetime | None:
    """"12-3-2026 14:30" (the date as validation.parse_date reads it, then hours:minutes)."""
    match = _DATETIME.fullmatch(v.trim(raw or ""))
    if not match:
        return None
    day = v.parse_date(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if day is None or hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute)


def datetime_text(value: datetime) -> str:
    return f"{v.date_text(value.date())} {value.hour:02d}:{value.minute:02d}"


def signal_day(signal: Mapping[str, str]) -> date | None:
    """The date of the signal (15.2), else the date it was filled in."""
    moment = parse_datetime(signal.get("signaal.datum_tijd", ""))
    return moment.date() if moment else v.parse_date(signal.get("ingevuld.datum", ""))


def victim_age(signal: Mapping[str, str]) -> int | None:
    """The victim's age on the date of the signal; None when either date is unknown."""
    born = v.parse_date(signal.get("slachtoffer.geboortedatum", ""))
    day = signal_day(signal)
    if born is None or day is None or born > day:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def applicable_questions(signal: Mapping[str, str]) -> frozenset[str]:
    """Vraag 1 for sexual exploitation of a victim younger than 23 on the signal's date (an
    unknown age does not rule it out); vraag 2 for economic exploitation. Several may apply."""
    found = set()
    age = victim_age(signal)
    if signal.get(SEXUAL) == "ja" and (age is None or age < YOUTH_AGE):
        found.add(QUESTION_1)
    if signal.get(ECONOMIC) == "ja":
        found.add(QUESTION_2)
    return frozenset(found)


def asked_only(signal: Mapping[str, str]) -> dict[str, str]:
    """Every field, with the answers to questions that do not apply emptied: what is not asked
    is not recorded (Mensenhandel 9.4)."""
    applies = applicable_questions(signal)
    result = blank()
    for section in SECTIONS:
        if section.question and section.question not in applies:
            continue
        for spec in section.fields:
            result[spec.code] = signal.get(spec.code, "")
    return result


# -- checking what was typed --------------------------------------------------------------------
def summary_lines(text: str) -> int:
    """The lines of the summary as typed (a line the window wraps still counts as one)."""
    value = v.trim(text or "")
    return len(value.split("\n")) if value else 0


def _check_value(spec: Field, raw: str, today: date) -> v.Checked:
    if spec.kind == LINE:
        return v.text(raw, MAX_LINE)
    if spec.kind == TEXT:
        return v.description(raw, MAX_TEXT)
    if spec.kind == DATE:
        found = v.past_date(raw, today)
        return v.Checked(v.date_text(found.value) if found.value else "", found.error)
    if spec.kind == DATETIME:
        if not v.trim(raw):
            return v.Checked("")
        moment = parse_datetime(raw)
        if moment is None:
            return v.Checked(error="datetime_format")
        if moment.date() > today:
            return v.Checked(error="date_future")
        return v.Checked(datetime_text(moment))
    if spec.kind == PHONE:
        found = v.phone(raw)
        return v.Checked(v.display_phone(found.value) if found.value else "", found.error)
    allowed = YESNO_VALUES if spec.kind == YESNO else ("", "ja")
    value = v.trim(raw)
    return v.Checked(value) if value in allowed else v.Checked(error="invalid")


@dataclass(frozen=True)
class CheckedSignal:
    values: dict[str, str]  # every field, normalised (dates dd-mm-jjjj, phones as shown)
    problems: dict[str, str]  # field code -> problem code, in the annex's order


def check(raw: Mapping[str, object], today: date) -> CheckedSignal:
    """What the service stores, or what is wrong, field by field. A summary of more than five
    lines is refused ("too_many_lines"); 15.2's date and time, description, source name and
    organisation are required; at least one vermoeden ("vermoeden": "required")."""
    problems: dict[str, str] = {}
    values = blank()
    if not isinstance(raw, Mapping) or any(key not in FIELDS for key in raw):
        return CheckedSignal(values, {"fields": "unknown"})
    for code, spec in FIELDS.items():
        typed = raw.get(code, "")
        if not isinstance(typed, str):
            problems[code] = "invalid"
            continue
        if code == SUMMARY and summary_lines(typed) > MAX_SUMMARY_LINES:
            problems[code] = "too_many_lines"
            continue
        found = _check_value(spec, typed, today)
        if found.error:
            problems[code] = found.error
        elif code == SUMMARY and len(found.value) > MAX_SUMMARY_CHARS:
            problems[code] = "too_long"
        else:
            values[code] = found.value
    for code in REQUIRED:
        if code not in problems and not values[code]:
            problems[code] = "required"
    if values[SEXUAL] != "ja" and values[ECONOMIC] != "ja" \
            and SEXUAL not in problems and ECONOMIC not in problems:
        problems["vermoeden"] = "required"
    order = {code: index for index, code in enumerate(FIELDS)}
    order["vermoeden"] = order[SEXUAL]
    return CheckedSignal(values, dict(sorted(problems.items(),
                                             key=lambda kv: order.get(kv[0], -1))))


# -- the export ----------------------------------------------------------------------------------
TITLE = "FORMAT CASUS MENSENHANDEL"
SHOWN_AS = "Weergave"
ANONYMISED_TEXT = "Geanonimiseerd"
IDENTIFIABLE_TEXT = "Herleidbaar — reden: {reason}"
FREE_TEXTS = "Vrije teksten"
FREE_TEXTS_NOTE = ("door Blijf Groep geschreven voor de keten. Namen van personen in de casus en "
                   "in dit signaal zijn ook daarin initialen; andere namen niet. In de personalia "
                   "zijn namen initialen, van een geboortedatum staat alleen het jaar; adres en "
                   "telefoonnummer zijn weggelaten.")
LEFT_OUT = "Niet opgenomen"
ENFORCEMENT_NOTE = "Handhaving: strafrechtelijke persoonsgegevens (convenant art. 21.8)"
YOUTH_NOTE = (f"Vraag 1: het slachtoffer was op de datum van het signaal {YOUTH_AGE} jaar of "
              "ouder")


@dataclass(frozen=True)
class Line:
    kind: str  # "title", "note", "heading", "group", "field"
    label: str
    value: str = ""
    dropped: bool = False  # left out by anonymisation
    spec: Field | None = None  # the annex field of a "field" line


def _shown(spec: Field, value: str, anonymised: bool) -> str | None:
    if not value or not anonymised or spec.share_as in sharing.SIGNAL_KINDS:
        return value
    if spec.share_as == "birth_date":
        born = v.parse_date(value)
        return sharing.anonymise("birth_date", born.isoformat()) if born else None
    return sharing.anonymise(spec.share_as, value)


def rendering(signal: Mapping[str, str], anonymised: bool,
              kinds: Collection[str] = (sharing.SIGNAL,), reason: str = "") -> list[Line]:
    """The signal as the export shows it, line by line (the PDF lays out the same lines)."""
    if sharing.SIGNAL not in kinds:
        raise ValueError("the signal itself may not go")
    if not anonymised and not v.trim(reason or ""):
        raise ValueError("identifiable data needs a reason")  # Mensenhandel 6.2, 9.5
    applies = applicable_questions(signal)
    shown = (ANONYMISED_TEXT if anonymised
             else IDENTIFIABLE_TEXT.format(reason=v.trim(reason)))
    lines = [Line("title", TITLE), Line("note", SHOWN_AS, shown)]
    if anonymised:
        lines.append(Line("note", FREE_TEXTS, FREE_TEXTS_NOTE))
    if sharing.SIGNAL_ENFORCEMENT not in kinds:
        lines.append(Line("note", LEFT_OUT, ENFORCEMENT_NOTE))
    if signal.get(SEXUAL) == "ja" and QUESTION_1 not in applies:
        lines.append(Line("note", LEFT_OUT, YOUTH_NOTE))
    for section in SECTIONS:
        if section.kind not in kinds or (section.question and section.question not in applies):
            continue
        lines.append(Line("heading", section.heading))
        group = ""
        for spec in section.fields:
            if spec.group != group:
                group = spec.group
                lines.append(Line("group", group))
            value = _shown(spec, signal.get(spec.code, ""), anonymised)
            lines.append(Line("field", spec.label, value or "", value is None, spec))
    return lines


def escape(value: str) -> str:
    """One value on one line: a backslash is written \\\\, a line break \\n, a tab \\t, and
    any other control character or line or paragraph separator \\uXXXX (four hex digits).
    Nothing else changes; `unescape` gives the exact value back."""
    out = []
    for c in value:
        if c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif unicodedata.category(c) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        c = text[index]
        if c != "\\":
            out.append(c)
            index += 1
            continue
        code = text[index + 1:index + 2]
        if code in ("\\", "n", "t"):
            out.append({"\\": "\\", "n": "\n", "t": "\t"}[code])
            index += 2
        elif code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[index + 2:index + 6]):
            out.append(chr(int(text[index + 2:index + 6], 16)))
            index += 6
        else:
            raise ValueError("unknown escape")
    return "".join(out)


def _line_text(line: Line) -> str:
    if line.kind in ("title", "heading", "group"):
        return line.label
    indent = "  " if line.spec is not None and line.spec.group else ""
    if line.spec is not None and line.spec.kind == CHECK:
        return f"{indent}{line.label}: {'ja' if line.value == 'ja' else 'nee'}"
    return f"{indent}{line.label}:" + (f" {escape(line.value)}" if line.value else "")


def labelled_lines(signal: Mapping[str, str], anonymised: bool,
                   kinds: Collection[str] = (sharing.SIGNAL,), reason: str = "") -> str:
    """The signal as "Label: value" lines, one per field, under the annex's headings, without
    tables (footnote 12). A value is escaped (see `escape`), so each stays on its line; an
    empty value is "Label:". A vermoeden box reads ja or nee. Fields under Zo ja / Zo nee are
    indented by two spaces. A blank line comes before each heading. Lines end with \\n."""
    out = []
    for line in rendering(signal, anonymised, kinds, reason):
        if line.kind == "heading":
            out.append("")
        out.append(_line_text(line))
    return "\n".join(out) + "\n"


def _find_field(section: Section, line: str) -> tuple[Field, str] | None:
    for spec in sorted(section.fields, key=lambda f: -len(f.label)):
        if line.startswith(spec.label + ":"):
            return spec, line[len(spec.label) + 1:]
    return None


_HEADINGS = {section.heading: section for section in SECTIONS}


def parse_labelled_lines(text: str) -> dict[str, str]:
    """The signal back from `labelled_lines`: exact for every field it holds; fields it left
    out (not asked, not allowed, dropped) come back empty. Lines before the first heading are
    the export's notes. A line that is neither a known heading nor a field of its section is
    refused (ValueError naming the line number only)."""
    signal = blank()
    section: Section | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = (raw[:-1] if raw.endswith("\r") else raw).lstrip(" ")
        if not line:
            continue
        if line in _HEADINGS:
            section = _HEADINGS[line]
            continue
        if section is None:
            continue  # the title and the notes
        if line in {f.group for f in section.fields if f.group}:
            continue
        found = _find_field(section, line)
        if found is None or (found[1] and not found[1].startswith(" ")):
            raise ValueError(f"line {number}: not a field of its section")
        spec, rest = found
        value = unescape(rest[1:]) if rest else ""
        if spec.kind == CHECK:
            if value not in ("ja", "nee"):
                raise ValueError(f"line {number}: ja or nee expected")
            value = "ja" if value == "ja" else ""
        signal[spec.code] = value
    return signal
