"""Bad input (issue 11, item 6): hypothesis-made text in every validator, every intake field
(real widgets, offscreen) and the intake service (a real SQLCipher store). The rule: nothing
crashes, and what was typed is either kept in its field with a Dutch message beside it, or
stored exactly as typed and read back equal. Never silently changed.

What counts as a visible normalisation (allowed):
- On leaving a field it shows the form that will be stored, and that form is what is stored:
  outer spaces, tabs and line breaks trimmed; a postcode as `1234 AB` (typed with any spacing,
  either case, or a hyphen); a phone number in its
  display form (`06 12345678`, `+32 470 12 34 56`; stored as E.164, the same number); an
  e-mail with its domain in lower case; a date as `dd-mm-jjjj`.
- In a multi-line description, spaces and blank lines at its start and end are not kept, and
  a line break stays a line break whichever way Qt holds it (paragraph or line separator).
What counts as a silent change (a failure): anything else that makes the stored value differ
from the field: a dropped, swapped or added character, a value cut at a NUL, letters turned
into digits, a dropped phone extension, a no-break space turned into a plain space.
Refused with a message: control characters (NUL included; tab and line break only inside a
description), line/paragraph separators in a one-line field, private-use and non-characters,
a byte-order mark, bidirectional embeddings/overrides/isolates (U+202A-E, U+2066-9), too long.
Kept exactly: direction marks (U+200E/U+200F), combining characters, emoji, SQL fragments.

The service does not trust its caller: a value the form would refuse is refused there too,
and a valid value is stored exactly as given. NUL matters end to end: SQLite's own text
functions stop at it (length('a' || char(0) || 'b') is 1), so the search index would have held
a cut-off name. Drafts keep whatever was typed, NUL included (JSON escapes it).

Examples per target: a modest number by default (profile `bad_input`); the `slow` variants
run many more (profile `bad_input_thorough`). Each target prints `FIGURE bad_input: {...}`."""

import json
import re
import unicodedata
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from blijf_desktop.domain import validation as v
from blijf_desktop.domain.people import ALLOWED_FIELDS, RELATIONS, Category, PersonData, ThreatEntry
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake.intake_form import IntakeForm
from blijf_desktop.ui.intake.parts import plain_text
from blijf_desktop.ui.intake.person_editor import PersonEditor
from blijf_desktop.ui.intake.threat_editor import ABOUT_CLIENT, ABOUT_LOCATION, ThreatEditor
from blijf_desktop.ui.messages import field_problem, input_problem

TODAY = date(2026, 11, 23)
SECRET_FIELDS = ("street", "house_number", "postcode")  # masked until revealed
FIELDS = ("first_names", "prefix", "last_name", "street", "house_number", "postcode",
          "residence", "birth_place", "birth_date", "phone", "email")
GENERIC = field_problem("no-such-code")
# Derandomized: CI must give the same verdict for the same code. To explore beyond these
# examples, set derandomize=False locally and keep what it finds as an explicit `must` case.
_common = dict(deadline=None, print_blob=True, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                      HealthCheck.data_too_large])
settings.register_profile("bad_input", max_examples=40, **_common)
settings.register_profile("bad_input_thorough", max_examples=1500, **_common)
DEFAULT, THOROUGH = "bad_input", "bad_input_thorough"
TOTALS = {"targets": 0, "examples": 0, "failures": 0}


def figure(values: dict) -> None:
    print(f"FIGURE bad_input: {json.dumps(values, sort_keys=True)}", flush=True)


@pytest.fixture(scope="module", autouse=True)
def total_figure():
    yield
    figure(dict(TOTALS, target="all"))


def prove(target: str, strategy, check, profile: str = DEFAULT, share: float = 1.0,
          must: tuple = ()) -> None:
    """Run `check` on examples drawn from `strategy`, and always on `must`; print how many
    were tried. `share` scales the profile's number of examples for targets that cost a form
    and a save each."""
    outcomes: dict[str, int] = {}  # "refused" (kept with a message) or "stored" (exactly)
    chosen = settings.get_profile(profile)

    @settings(chosen, max_examples=max(1, int(chosen.max_examples * share)))
    @given(strategy)
    def run(value):
        outcome = check(value)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    for value in must:
        run = example(value)(run)

    failed = 0
    try:
        run()
    except BaseException:
        failed = 1
        raise
    finally:
        tried = sum(outcomes.values())
        figure({"target": target, "examples": tried, "failures": failed, "profile": profile,
                **outcomes})
        TOTALS["targets"] += 1
        TOTALS["examples"] += tried
        TOTALS["failures"] += failed


# -- what is typed ----------------------------------------------------------------------------
PIECES = [
    "\u200f", "\u200e", "\u202e", "\u202b", "\u2067", "\u2069", "e\u0301", "\u0301\u0327",
    "\U0001F469\u200d\U0001F467\u200d\U0001F466", "\U0001F3F3\ufe0f\u200d\U0001F308",
    "\U0001F600", "'); DROP TABLE persons;--", "\" OR 1=1 --", "%s%n", "{0}{name}", "\\x00",
    "\x00", "\t", "\n", "\r\n", "\x1f", "\x7f", "\x85", "\x0b", "\u2028", "\u2029", "\ufeff",
    "\ufffe", "\uffff", "\ufdd0", "\ue000", "\U000F0000", "\u00a0", "\u200b", "\u3000",
    "\ufdfa", "שלום", "مرحبا", "İ", "ß", "ǅ", "\U0001D400", "\u0661\u0662", "Zwänenbürg",
    "ÅSA", "x" * 30, " ",
]
odd_char = st.characters(exclude_categories=["Cs"])  # Qt hands over text without surrogates
nasty = st.lists(st.one_of(st.sampled_from(PIECES), st.text(odd_char, max_size=12)),
                 max_size=8).map("".join)
long_text = st.tuples(st.sampled_from(["a", "é", "\U0001F600", "e\u0301", "Jan "]),
                      st.integers(41, 1300)).map(lambda t: t[0] * t[1])

EDGE_DAYS = [date(1900, 1, 1), TODAY, TODAY + timedelta(days=1), date(1899, 12, 31),
             date(2024, 2, 29), date(2000, 2, 29), date(1904, 2, 29)]
IMPOSSIBLE_DAYS = ["29-2-1900", "29-02-2023", "31-4-2020", "0-1-2000", "1-13-2000",
                   "00-00-0000", "1-1-10000", "2024-02-30", "12-3-85", "morgen"]


def _date_forms(day: date) -> list[str]:
    return [f"{day.day}-{day.month}-{day.year}", f"{day.day:02d}/{day.month:02d}/{day.year}",
            f"{day.day}.{day.month}.{day.year}", day.isoformat()]


typed_dates = st.one_of(
    st.one_of(st.sampled_from(EDGE_DAYS), st.dates(date(1890, 1, 1), date(2100, 12, 31)))
    .flatmap(lambda day: st.sampled_from(_date_forms(day))),
    st.sampled_from(IMPOSSIBLE_DAYS))
letters = st.characters(categories=["L", "M"])
names = st.text(st.characters(categories=["L", "M", "Zs", "Pd", "Po", "Nd"]), max_size=30)
phones = st.one_of(
    st.from_regex(r"(\+31|0031|0)[ -]?6[ -]?[0-9]{8}", fullmatch=True),
    st.from_regex(r"\+?[0-9 ()./x#-]{0,18}", fullmatch=True),
    st.sampled_from(["+44 20 7946 0958", "+32 470 12 34 56", "020-123 4567", "+31 (0)6 12345678",
                     "06-1234ABCD", "06-12345678 ext. 12", "0612345678x12", "tel:+31612345678",
                     "\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "0800 1234"]))
# Values the form accepts, in the ways people type them.
full_name = st.builds(lambda a, b: a + b, st.text(letters, min_size=1, max_size=12), names)
VALID = {
    "first_names": full_name, "last_name": full_name, "street": full_name,
    "residence": full_name, "birth_place": full_name,
    "prefix": st.sampled_from(["", "van", "de", "van der", "ten", "'t", "d'", "in 't", "van de"]),
    "house_number": st.from_regex(r"[1-9][0-9]{0,3}( ?-? ?[A-Za-z0-9]{1,4})?", fullmatch=True),
    "postcode": st.from_regex(r"[1-9][0-9]{3} ?[A-RT-Za-rt-z][A-Za-z]", fullmatch=True),
    "birth_date": st.dates(date(1900, 1, 1), TODAY).flatmap(lambda day: st.sampled_from(_date_forms(day))),
    "phone": st.from_regex(r"(\+31 ?|0031 ?|0)6[ -]?[1-6][0-9]{7}", fullmatch=True),
    "email": st.from_regex(r"[a-z0-9._%+-]{1,20}@[a-zA-Z0-9-]{1,12}\.(nl|com|org)", fullmatch=True),
}
# Near misses: the right shape, often just wrong.
SHAPED = {
    **VALID,
    "prefix": names,
    "house_number": st.from_regex(r"[0-9]{1,7}( ?-? ?[A-Za-z0-9]{1,7})?", fullmatch=True),
    "postcode": st.from_regex(r"[0-9]{4} {0,2}[A-Za-z]{2,3}", fullmatch=True),
    "birth_date": typed_dates, "phone": phones,
    "email": st.one_of(st.emails(), st.from_regex(r"[^@\s]{1,10}@[A-Za-z.]{1,10}", fullmatch=True)),
}


def field_input(name: str):
    """Good input, near misses, either with odd characters at its edges, odd text, long text."""
    edge = st.sampled_from(PIECES + ["", "", " ", "\t"])
    decorated = st.tuples(edge, st.one_of(VALID[name], SHAPED[name]), edge).map("".join)
    spliced = st.tuples(VALID[name], st.integers(0, 30), st.sampled_from(PIECES)).map(
        lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])
    return st.one_of(VALID[name], SHAPED[name], decorated, spliced, nasty, long_text)


# Tried every run, whatever hypothesis draws: the cases named in issue 11.
MUST_TEXT = ["Jan\x00sen", "\x00", "\u200f\u0645\u0631\u062d\u0628\u0627", "Jan\u202esen",
             "e\u0301mile\u0327", "\U0001F469\u200d\U0001F467 Emoji", "'); DROP TABLE persons;--",
             "x" * 201, "\ufeffJansen", "\ufffeJansen", "Jan\u00a0sen", " Jansen\t", "\tJansen\x1f",
             "Jan\u2028sen", "Jansen\r\n"]
MUST_DATES = ["01-01-1900", v.date_text(TODAY), v.date_text(TODAY + timedelta(days=1)),
              "31-12-1899", "1899-12-31", "29-02-2024", "29-02-2023", "29-2-1900", "2000-02-29"]
MUST_DESCRIPTION = ["Regel\u00a0een\nRegel twee", "a\u2028b\u2029c", "\ufeffBegin", "\ufffeBegin",
                    "Tab\there", "NUL\x00hier", "\u202eomgekeerd", "'); DROP TABLE threats;--",
                    "\n\n Witruimte \n\n", "y" * 4001]


def must_for(name: str) -> list[str]:
    return MUST_DATES + MUST_TEXT[:3] if name == "birth_date" else MUST_TEXT


@st.composite
def mostly_valid(draw, category: Category):
    """A person's fields, all good but for none, one or two drawn from field_input."""
    fields = ALLOWED_FIELDS[category]
    bad = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(fields), min_size=1, max_size=2)))
    return {name: draw(field_input(name) if name in bad else VALID[name]) for name in fields}


description_input = st.one_of(
    full_name, nasty, long_text,
    st.lists(st.one_of(names, st.sampled_from(PIECES)), max_size=6).map("\n".join))


# -- the contract, stated apart from the code under test -----------------------------------
OUTER = " \t\n\r" + "".join(c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs")


def refused(c: str, multi_line: bool = False) -> bool:
    if multi_line and c in "\n\t":
        return False
    point = ord(c)
    return (unicodedata.category(c) in ("Cc", "Cs", "Co", "Zl", "Zp")
            or 0x202A <= point <= 0x202E or 0x2066 <= point <= 0x2069 or point == 0xFEFF
            or 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE)


def assert_named(code: str, field: str) -> None:
    """A refusal is a code the form turns into a Dutch sentence of its own."""
    assert field_problem(code, field) != GENERIC, f"no Dutch message for {code!r}"


def assert_verdict(name: str, raw: str, checked: v.Checked) -> None:
    """Either a named problem, or a value that is the typed text or its documented form."""
    if checked.error:
        assert checked.value is None
        assert_named(checked.error, name)
        return
    value, typed = checked.value, raw.strip(OUTER)
    if name == "birth_date":
        if not typed:
            assert value is None
            return
        assert date(1900, 1, 1) <= value <= TODAY
        assert sorted(map(int, re.findall(r"[0-9]+", typed))) == sorted(
            [value.day, value.month, value.year])
    elif not typed:
        assert value == ""
    elif name == "postcode":
        assert re.fullmatch(r"[1-9][0-9]{3} [A-Z]{2}", value)
        # Issue 19: any spacing, either case, one hyphen between digits and letters.
        squeezed = re.sub(r"\s", "", typed)
        assert re.fullmatch(r"[0-9]{4}-?[A-Za-z]{2}", squeezed), "more than spacing was dropped"
        assert value.replace(" ", "") == squeezed.replace("-", "").upper()
    elif name == "phone":
        assert re.fullmatch(r"\+[1-9][0-9]{6,14}", value)
        assert not re.search(r"[^0-9+ ()./-]", typed), "letters or odd signs read as a number"
        significant = v.phonenumbers.format_number(v.phonenumbers.parse(value),
                                                   v.phonenumbers.PhoneNumberFormat.NATIONAL)
        assert re.sub(r"\D", "", typed).endswith(re.sub(r"\D", "", significant).lstrip("0"))
    elif name == "email":
        local, domain = typed.rsplit("@", 1)
        assert value == f"{local}@{domain.lower()}"
    else:
        assert value == typed
    if isinstance(value, str):
        assert not any(refused(c) for c in value)
    shown = v.field_text(name, value)
    assert v.check_field(name, shown, TODAY).value == value, "the shown form reads differently"


# -- 1. the validators ------------------------------------------------------------------------
def _check_one_field(example):
    name, raw = example
    checked = v.check_field(name, raw, TODAY)
    assert_verdict(name, raw, checked)
    return "refused" if checked.error else "accepted"


def _check_description(raw):
    checked = v.description(raw)
    if checked.error:
        assert_named(checked.error, "description")
        return "refused"
    assert checked.value == raw.strip(OUTER)
    assert not any(refused(c, multi_line=True) for c in checked.value)
    return "accepted"


def _check_whole_person(example):
    category, raw = example
    check = v.check_person(category, raw, TODAY, date(1985, 1, 1))
    for name, code in check.errors.items():
        assert_named(code, name)
    if check.ok:
        assert v.check_person_data(check.person, TODAY) == {}, "the service refuses it"
        for name in raw.keys() & set(ALLOWED_FIELDS[category]):
            assert getattr(check.person, name) == v.check_field(name, raw[name], TODAY).value
    return "accepted" if check.ok else "refused"


def _check_stored_phone(raw):
    assert isinstance(v.display_phone(raw), str) and isinstance(v.national_phone(raw), str)
    return "shown"


person_raw = st.sampled_from(list(Category)).flatmap(lambda category: st.tuples(
    st.just(category),
    st.builds(lambda fields, relation: dict(fields, relation=relation), mostly_valid(category),
              st.sampled_from(["", "onzin", *RELATIONS[category]]))))
VALIDATOR_TARGETS = {
    **{f"validation.{name}": (st.tuples(st.just(name), field_input(name)), _check_one_field)
       for name in FIELDS},
    "validation.description": (description_input, _check_description),
    "validation.check_person": (person_raw, _check_whole_person),
    "validation.display_phone": (st.one_of(nasty, phones), _check_stored_phone),
}


VALIDATOR_MUST = {**{f"validation.{name}": [(name, raw) for raw in must_for(name)] for name in FIELDS},
                  "validation.description": MUST_DESCRIPTION, "validation.display_phone": MUST_TEXT}


@pytest.mark.parametrize("target", VALIDATOR_TARGETS)
def test_validators_name_the_problem_or_keep_the_input(target):
    prove(target, *VALIDATOR_TARGETS[target], must=VALIDATOR_MUST.get(target, ()))


@pytest.mark.slow
@pytest.mark.parametrize("target", VALIDATOR_TARGETS)
def test_validators_thoroughly(target):
    prove(target, *VALIDATOR_TARGETS[target], profile=THOROUGH,
          must=VALIDATOR_MUST.get(target, ()))


# -- 2. the intake fields, on real widgets ------------------------------------------------------
BYTE_ORDER_MARKS = ("\ufeff", "\ufffe")


def paste(field, text: str) -> None:
    """Text arriving in a field in one edit, as a paste does. PySide reads a leading U+FEFF or
    U+FFFE of a Python string as a byte-order mark (a real paste never passes through that):
    such text goes in behind a placeholder that Qt itself then deletes."""
    guarded = text.startswith(BYTE_ORDER_MARKS)
    if isinstance(field, QPlainTextEdit):
        field.clear()
        field.insertPlainText("x" + text if guarded else text)
        if guarded:
            cursor = QTextCursor(field.document())
            cursor.setPosition(1, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        return
    field.clear()
    field.insert("x" + text if guarded else text)
    if guarded:
        field.setSelection(0, 1)
        field.del_()
    assert field.text() == text  # the harness put in exactly this


def leave(qtbot, field: QLineEdit) -> None:
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter finishes editing, as leaving it does


def as_qt_shows(text: str) -> str:
    """Every way a paste can hold a line break, as one line break (Qt draws them alike)."""
    return re.sub("\r\n|[\r\u2028\u2029\ufdd0\ufdd1]", "\n", text)


@pytest.fixture
def editors(qtbot):
    made = {category: PersonEditor(category, today=lambda: TODAY) for category in Category}
    threat = ThreatEditor(lambda: TODAY)
    for widget in (*made.values(), threat):
        qtbot.addWidget(widget)
        widget.show()
    return made, threat


def _person_field_check(qtbot, editors, name):
    def check(example):
        category, raw = example
        editor = editors[0][category]
        field = editor.fields[name]
        paste(field, raw)
        leave(qtbot, field)
        verdict = v.check_field(name, raw, TODAY)
        note = editor.notes[name]
        if verdict.error:
            assert note.kind == "error" and field_problem(verdict.error, name) in note.text()
            assert field.text() == raw, "a refused value must stay as typed"
            return "kept_with_message"
        assert note.kind != "error"
        assert field.text() == v.field_text(name, verdict.value)
        assert_verdict(name, raw, verdict)
        return "shown_as_stored"
    return check


def _threat_check(qtbot, editors):
    threat = editors[1]

    def check(example):
        when, place, text = example
        threat.about.setCurrentIndex(threat.about.findData(ABOUT_LOCATION))
        paste(threat.date, when)
        leave(qtbot, threat.date)
        paste(threat.location, place)
        leave(qtbot, threat.location)
        paste(threat.description, text)
        seen = as_qt_shows(text)
        assert plain_text(threat.description) == seen, "the field reads other than it shows"
        errors = threat.check()
        for name, code in errors.items():
            assert threat.notes[name].kind == "error" and field_problem(code, name) in threat.notes[name].text()
        if "description" in errors:
            assert plain_text(threat.description) == seen
        if "location" in errors:
            # Kept as typed, or visibly trimmed on leaving the field (spaces only -> empty,
            # then "required" beside it).
            assert threat.location.text() in (place, place.strip(OUTER))
        if not errors:
            entry = threat.entry()
            assert entry.description == seen.strip(OUTER)
            assert entry.about_location == place.strip(OUTER) == threat.location.text()
            assert threat.date.text() == v.date_text(entry.noted_on)
        return "kept_with_message" if errors else "accepted"
    return check


def _categories_with(name):
    return st.sampled_from([c for c in Category if name in ALLOWED_FIELDS[c]])


def _ui_targets(qtbot, editors):
    """target -> (strategy, check, must-try examples)"""
    targets = {f"ui.person_editor.{name}": (
        st.tuples(_categories_with(name), field_input(name)), _person_field_check(qtbot, editors, name),
        [(Category.DERDE, raw) for raw in must_for(name)]) for name in FIELDS}
    threat_input = st.one_of(
        st.tuples(VALID["birth_date"], VALID["residence"], full_name),
        st.tuples(typed_dates, field_input("residence"), description_input))
    must = [("1-1-1900", "  School\u00a0van Mila ", text) for text in MUST_DESCRIPTION]
    must += [(day, place, "Dreigt") for day, place in zip(MUST_DATES, MUST_TEXT)]
    targets["ui.threat_editor"] = (threat_input, _threat_check(qtbot, editors), must)
    return targets


UI_TARGETS = [f"ui.person_editor.{name}" for name in FIELDS] + ["ui.threat_editor"]


@pytest.mark.parametrize("target", UI_TARGETS)
def test_each_field_keeps_the_input_with_a_message_or_shows_what_is_stored(qtbot, editors, target):
    strategy, check, must = _ui_targets(qtbot, editors)[target]
    prove(target, strategy, check, must=must)


@pytest.mark.slow
@pytest.mark.parametrize("target", UI_TARGETS)
def test_each_field_thoroughly(qtbot, editors, target):
    strategy, check, must = _ui_targets(qtbot, editors)[target]
    prove(target, strategy, check, profile=THOROUGH, must=must)


# -- 3. the whole form into the store ---------------------------------------------------------
@pytest.fixture
def intake(caseworker):
    return IntakeService(caseworker, today=lambda: TODAY)


@st.composite
def form_input(draw):
    """A client, a child, a derde and a pleger: half the time all good, else mostly good;
    and a threat."""
    clean = draw(st.booleans())
    people = {category: draw(st.fixed_dictionaries({n: VALID[n] for n in ALLOWED_FIELDS[category]})
                             if clean else mostly_valid(category)) for category in Category}
    return people, draw(st.one_of(full_name, description_input))


def _stored(person: PersonData) -> dict:
    return {name: getattr(person, name) for name in FIELDS}


def _form_check(qtbot, intake, session):
    def check(example):
        people, description = example
        intake.discard_draft()
        form = IntakeForm(intake, today=lambda: TODAY)
        qtbot.addWidget(form)
        form.show()
        editors = {Category.CLIENT: form.client}
        for section, category in (("children", Category.CHILD), ("derden", Category.DERDE),
                                  ("plegers", Category.PLEGER)):
            editor = form.sections[section].add_card().editor
            editor.relation.setCurrentIndex(1)
            editors[category] = editor
        for category, values in people.items():
            for name, raw in values.items():
                paste(editors[category].fields[name], raw)
        threat = form.threats.add_card()
        threat.about.setCurrentIndex(threat.about.findData(ABOUT_CLIENT))
        paste(threat.description, description)
        before = session.db.conn.execute("SELECT count(*) FROM persons").fetchone()[0]
        saved = []
        form.saved.connect(saved.append)
        form.save()
        if not saved and form.message.kind == "warning":  # a warning is confirmed by saving again
            form.save()
        if not saved:
            refused = [(c, n) for c, e in editors.items() for n, note in e.notes.items()
                       if note.kind == "error"] + [n for n, note in threat.notes.items() if note.kind == "error"]
            assert refused, "not saved, yet no field says why"
            for category, values in people.items():
                for name, raw in values.items():
                    if editors[category].notes[name].kind == "error":
                        assert editors[category].fields[name].text() == raw
            assert session.db.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == before
            state = form.form_state()
            assert form.save_draft_now()
            kept = intake.load_draft()
            assert {k: kept[k] for k in state} == state, "the draft is not what was typed"
        else:
            case = intake.case(saved[0])
            for view in case.people:
                stored = intake.reveal_address(view.id) if view.address_masked else view.data
                typed = people[stored.category]
                expected = {name: v.check_field(name, typed[name], TODAY).value
                            for name in ALLOWED_FIELDS[stored.category]}
                assert {n: _stored(stored)[n] for n in expected} == expected
            typed = as_qt_shows(description).strip(OUTER)
            assert [t.entry.description for t in case.threats] == ([typed] if typed else [])
        form.close()
        intake.discard_draft()
        return "saved" if saved else "refused"
    return check


def test_the_intake_form_stores_what_its_fields_show(qtbot, intake, caseworker):
    prove("ui.intake_form->store", form_input(), _form_check(qtbot, intake, caseworker),
          share=0.3)


@pytest.mark.slow
def test_the_intake_form_thoroughly(qtbot, intake, caseworker):
    prove("ui.intake_form->store", form_input(), _form_check(qtbot, intake, caseworker),
          profile=THOROUGH, share=0.2)


# -- 4. the service, not trusting its caller ----------------------------------------------------
@st.composite
def person_data(draw, category: Category):
    """A PersonData as any caller might build it: values as typed, never checked; all good
    but for none, one or two fields (odd text, a date out of range, an unknown relation)."""
    fields = ALLOWED_FIELDS[category]
    bad = draw(st.one_of(st.just(set()), st.sets(st.sampled_from(fields + ("relation",)),
                                                 min_size=1, max_size=2)))
    values = {}
    for name in fields:
        if name == "birth_date":
            good = st.just(None) | VALID[name].map(lambda raw: v.past_date(raw, TODAY).value)
            odd = st.sampled_from([date(1899, 12, 31), TODAY + timedelta(days=1), date(1, 1, 1)])
            values[name] = draw(odd if name in bad else good)
        else:
            values[name] = draw(field_input(name) if name in bad else VALID[name])
    relations = list(RELATIONS[category]) or [""]
    relation = draw(st.sampled_from(["onzin", "\x00"] if "relation" in bad else relations))
    return PersonData(category, relation=relation, address_secret=draw(st.booleans()), **values)


def threat_entry(about: list):
    return st.builds(ThreatEntry, noted_on=st.sampled_from(EDGE_DAYS) | st.dates(date(1900, 1, 1), TODAY),
                     description=st.one_of(full_name, description_input),
                     about_person_id=st.sampled_from(about),
                     about_location=st.one_of(st.just(""), field_input("residence")))


COUNTS = ("SELECT count(*) FROM persons", "SELECT count(*) FROM threats",
          "SELECT count(*) FROM person_history", "SELECT count(*) FROM audit_log")


def _counts(session) -> tuple:
    return tuple(session.db.conn.execute(sql).fetchone()[0] for sql in COUNTS)


def assert_refusal_is_named(refusal: InvalidInput) -> None:
    assert input_problem(refusal.field, refusal.problem) != GENERIC, (refusal.field, refusal.problem)


def _full(intake, view) -> PersonData:
    return intake.reveal_address(view.id) if view.address_masked else view.data


def _save_intake_check(intake, session):
    def check(example):
        client, others = example
        before = _counts(session)
        try:
            case_id = intake.save_intake(client, others)
        except InvalidInput as refusal:
            assert_refusal_is_named(refusal)
            assert _counts(session) == before, "a refused intake left something behind"
            return "refused"
        people = [_full(intake, view) for view in intake.case(case_id).people]
        assert sorted(people, key=repr) == sorted([client, *others], key=repr)
        for person in people:
            assert not any(refused(c) for name in FIELDS if isinstance(getattr(person, name), str)
                           for c in getattr(person, name))
        return "stored"
    return check


def _update_check(intake, session, person_id):
    def check(new):
        old = intake.reveal_address(person_id)
        before = _counts(session)
        try:
            changed = intake.update_person(person_id, new)
        except InvalidInput as refusal:
            assert_refusal_is_named(refusal)
            assert _counts(session) == before and intake.reveal_address(person_id) == old
            return "refused"
        expected = new
        if old.address_secret and not any(getattr(new, f) for f in SECRET_FIELDS):
            expected = replace(new, **{f: getattr(old, f) for f in SECRET_FIELDS})  # as documented
        assert intake.reveal_address(person_id) == expected
        trail = {row.field: row for row in intake.history(person_id)[:len(changed)]}
        for name in set(changed) & set(FIELDS) - {"birth_date", *SECRET_FIELDS}:
            assert (trail[name].old_value, trail[name].new_value) == (
                getattr(old, name), getattr(new, name)), "the history changed the text"
        return "stored"
    return check


def _threat_check_service(intake, session, case_id):
    def check(entry):
        before = _counts(session)
        try:
            threat_id = intake.add_threat(case_id, entry)
        except InvalidInput as refusal:
            assert_refusal_is_named(refusal)
            assert _counts(session) == before
            return "refused"
        [stored] = [t.entry for t in intake.case(case_id).threats if t.id == threat_id]
        assert stored == entry
        return "stored"
    return check


def _search_check(intake):
    def check(text):
        assert isinstance(intake.search(text), list)  # an FTS syntax error would raise here
        return "answered"
    return check


@pytest.fixture
def service_targets(intake, caseworker):
    client = PersonData(Category.CLIENT, first_names="Åsa", last_name="Zwänenbürg-Proef")
    child = PersonData(Category.CHILD, first_names="Mila", relation="kind")
    case_id = intake.save_intake(client, [child])
    people = {p.data.category: p.id for p in intake.case(case_id).people}
    others = st.lists(st.sampled_from([Category.CHILD, Category.DERDE, Category.PLEGER])
                      .flatmap(person_data), max_size=3)
    return {
        "service.save_intake": (st.tuples(person_data(Category.CLIENT), others),
                                _save_intake_check(intake, caseworker)),
        "service.update_person": (person_data(Category.CLIENT),
                                  _update_check(intake, caseworker, people[Category.CLIENT])),
        "service.add_threat": (threat_entry([None, *people.values(), 999999]),
                               _threat_check_service(intake, caseworker, case_id)),
        "service.search": (st.one_of(nasty, st.sampled_from(MUST_TEXT + MUST_DATES)),
                           _search_check(intake)),
    }


SERVICE_TARGETS = ["service.save_intake", "service.update_person", "service.add_threat",
                   "service.search"]


@pytest.mark.parametrize("target", SERVICE_TARGETS)
def test_the_service_refuses_with_a_reason_or_stores_exactly(service_targets, target):
    prove(target, *service_targets[target], share=0.75)


@pytest.mark.slow
@pytest.mark.parametrize("target", SERVICE_TARGETS)
def test_the_service_thoroughly(service_targets, target):
    prove(target, *service_targets[target], profile=THOROUGH, share=0.3)


# -- 5. NUL, end to end -----------------------------------------------------------------------
def test_a_nul_is_kept_in_the_field_and_the_draft_but_never_reaches_the_store(
        qtbot, intake, caseworker):
    typed = "Jan\x00sen"
    assert v.text(typed).error == "control_characters"
    form = IntakeForm(intake, today=lambda: TODAY)
    qtbot.addWidget(form)
    form.show()
    paste(form.client.fields["last_name"], typed)
    leave(qtbot, form.client.fields["last_name"])
    assert form.client.fields["last_name"].text() == typed
    assert form.client.notes["last_name"].kind == "error"
    assert field_problem("control_characters") in form.client.notes["last_name"].text()
    form.save()
    assert form.client.fields["last_name"].text() == typed and _counts(caseworker)[0] == 0
    assert form.save_draft_now()
    assert intake.load_draft()["client"]["last_name"] == typed  # the draft keeps it whole
    again = IntakeForm(intake, today=lambda: TODAY)
    qtbot.addWidget(again)
    again.draft_bar.resume_button.click()
    assert again.client.fields["last_name"].text() == typed
    with pytest.raises(InvalidInput) as refusal:
        intake.save_intake(PersonData(Category.CLIENT, last_name=typed), [])
    assert (refusal.value.field, refusal.value.problem) == ("last_name", "control_characters")
    assert _counts(caseworker)[0] == 0
