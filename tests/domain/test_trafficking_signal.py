"""The signaal mensenhandel as data (issue 18): the annex field by field, which questions
apply, what is refused, and the labelled-lines export that goes back exactly and, anonymised,
holds nothing that names or reaches a person."""

from datetime import date

import pytest
from hypothesis import assume, given, settings, strategies as st

from blijf_desktop.domain import sharing
from blijf_desktop.domain import trafficking_signal as ts
from blijf_desktop.domain.signal_annex import (
    CHECK, ECONOMIC, FIELDS, SECTIONS, SEXUAL, YESNO_VALUES,
)

TODAY = date(2026, 3, 12)
ALL_KINDS = sharing.SIGNAL_KINDS


def signal(**values) -> dict:
    found = ts.blank()
    found.update({"signaal.datum_tijd": "10-03-2026 14:30",
                  "signaal.omschrijving": "Werkt zeven dagen per week zonder loon.",
                  "signaal.bron_naam": "Synthetische Melder",
                  "signaal.bron_organisatie": "Blijf Groep", ECONOMIC: "ja"})
    found.update({k.replace("__", "."): v for k, v in values.items()})
    return found


# -- the annex, field by field ------------------------------------------------------------------
def test_the_annex_sections_and_field_counts_follow_the_covenant():
    headings = [s.heading for s in SECTIONS]
    assert headings[1:4] == ["Ingevuld door:", "Personalia slachtoffer:",
                             "Personalia uitbuiter/pleger:"]
    counts = {s.code: len(s.fields) for s in SECTIONS}
    assert counts == {"signaal": 5, "ingevuld": 4, "slachtoffer": 8, "pleger": 8,
                      "faciliteerder": 8, "omgeving_slachtoffer": 8, "omgeving_pleger": 8,
                      "samenvatting": 1, "vermoeden": 2, "vraag1": 7, "vraag2": 7, "dwang": 5,
                      "handhaving": 3, "hulpverlening": 4}
    assert [f.label for f in SECTIONS[4].fields][:2] == ["Soort faciliteerder", "Naam"]
    assert "Woonsituatie" not in [f.label for f in SECTIONS[4].fields]
    groups = [f.group for f in SECTIONS[9].fields]
    assert groups == ["", "Zo ja:", "Zo ja:", "Zo ja:", "Zo ja:", "Zo nee:", "Zo nee:"]


def test_every_line_can_be_told_apart_when_read_back():
    """Within a section no label (with its colon) starts another; no field reads as a heading."""
    headings = {s.heading for s in SECTIONS}
    for section in SECTIONS:
        labels = [f.label + ":" for f in section.fields]
        for a in labels:
            assert a not in headings
            assert [b for b in labels if b != a and b.startswith(a)] == []


# -- which questions apply ----------------------------------------------------------------------
@pytest.mark.parametrize("born, applies", [
    ("11-03-2003", True),  # 22 on 10-03-2026, 23 the next day
    ("10-03-2003", False),  # 23 on the day of the signal
    ("", True),  # unknown: the age does not rule it out
])
def test_question_1_is_asked_for_sexual_exploitation_of_a_victim_under_23(born, applies):
    found = signal(**{SEXUAL: "ja", ECONOMIC: "", "slachtoffer__geboortedatum": born})
    assert (ts.QUESTION_1 in ts.applicable_questions(found)) is applies
    assert ts.QUESTION_2 not in ts.applicable_questions(found)


def test_several_vermoedens_ask_both_questions_and_none_asks_neither():
    both = signal(**{SEXUAL: "ja", "slachtoffer__geboortedatum": "01-01-2008"})
    assert ts.applicable_questions(both) == {ts.QUESTION_1, ts.QUESTION_2}
    assert ts.applicable_questions(signal(**{ECONOMIC: ""})) == frozenset()


def test_answers_to_a_question_that_does_not_apply_are_not_kept():
    typed = signal(**{"vraag1__sinds": "2024", "vraag2__werk": "Schoonmaak"})
    kept = ts.asked_only(typed)
    assert kept["vraag1.sinds"] == "" and kept["vraag2.werk"] == "Schoonmaak"


# -- what is refused ----------------------------------------------------------------------------
def test_a_summary_of_six_lines_is_refused_five_are_kept():
    five = "\n".join(f"regel {n}" for n in range(1, 6))
    assert ts.check(signal(samenvatting=five), TODAY).problems == {}
    six = five + "\nregel 6"
    assert ts.check(signal(samenvatting=six), TODAY).problems == {"samenvatting": "too_many_lines"}
    assert ts.summary_lines(five + "\n\n") == 5  # trailing empty lines are not lines


def test_the_15_2_record_and_a_vermoeden_are_required():
    problems = ts.check(ts.blank(), TODAY).problems
    assert list(problems) == ["signaal.datum_tijd", "signaal.omschrijving", "signaal.bron_naam",
                              "signaal.bron_organisatie", "vermoeden"]
    assert set(problems.values()) == {"required"}


@pytest.mark.parametrize("code, typed, problem", [
    ("signaal.datum_tijd", "gisteren", "datetime_format"),
    ("signaal.datum_tijd", "13-03-2026 09:00", "date_future"),
    ("slachtoffer.geboortedatum", "31-02-2001", "date_format"),
    ("signaal.bron_telefoon", "bel maar", "phone"),
    ("dwang.sprake", "misschien", "invalid"),
    (SEXUAL, "nee", "invalid"),
    ("slachtoffer.naam", "Anna\u202eDe", "control_characters"),
    ("slachtoffer.naam", "A" * 301, "too_long"),
])
def test_bad_input_names_its_field(code, typed, problem):
    assert ts.check(signal(**{code.replace(".", "__"): typed}), TODAY).problems == {code: problem}


def test_values_are_stored_in_their_documented_form():
    found = ts.check(signal(**{"signaal__datum_tijd": " 9-3-2026 8.05 ",
                               "slachtoffer__geboortedatum": "2001-04-05",
                               "signaal__bron_telefoon": "0612345678"}), TODAY)
    assert found.problems == {}
    assert found.values["signaal.datum_tijd"] == "09-03-2026 08:05"
    assert found.values["slachtoffer.geboortedatum"] == "05-04-2001"
    assert found.values["signaal.bron_telefoon"] == "06 12345678"


def test_unknown_fields_and_other_types_are_refused():
    assert ts.check({"bsn": "123456782"}, TODAY).problems == {"fields": "unknown"}
    assert ts.check(signal(**{"slachtoffer__naam": 12}), TODAY).problems == {
        "slachtoffer.naam": "invalid"}


# -- the export ---------------------------------------------------------------------------------
CHECK_VALUE = st.sampled_from(["", "ja"])
ANY_TEXT = st.text(max_size=40)


@st.composite
def any_signal(draw) -> dict:
    return {code: draw(CHECK_VALUE if spec.kind == CHECK else ANY_TEXT)
            for code, spec in FIELDS.items()}


@settings(max_examples=60, deadline=None)
@given(any_signal(), st.text(min_size=1, max_size=30).filter(lambda r: r.strip()))
def test_the_labelled_lines_go_back_exactly_for_every_annex_field(found, reason):
    lines = ts.labelled_lines(found, anonymised=False, kinds=ALL_KINDS, reason=reason)
    assert ts.parse_labelled_lines(lines) == ts.asked_only(found)
    assert ts.parse_labelled_lines(lines.replace("\n", "\r\n")) == ts.asked_only(found)


def test_a_filled_signal_holds_every_annex_field_in_its_lines():
    found = {code: ("ja" if spec.kind == CHECK else f"waarde {n}\nregel twee")
             for n, (code, spec) in enumerate(FIELDS.items())}
    found["slachtoffer.geboortedatum"] = "01-01-2008"  # under 23: vraag 1 is asked
    lines = ts.labelled_lines(found, False, ALL_KINDS, "Strikt nodig voor de opvangplek.")
    assert ts.parse_labelled_lines(lines) == found
    body = lines.split("\n\n", 1)[1]
    assert len([line for line in body.splitlines() if ":" in line]) >= len(FIELDS)
    assert "|" not in lines and "\t" not in lines  # no tables (annex, footnote 12)


@pytest.mark.parametrize("text", ["a\\b", "\\n letterlijk", "x\ry", "\u2028", "tab\there", "\\"])
def test_escaping_keeps_each_value_on_one_line_and_gives_it_back(text):
    assert "\n" not in ts.escape(text) and "\r" not in ts.escape(text)
    assert ts.unescape(ts.escape(text)) == text


def test_lines_that_are_not_of_the_annex_are_refused_without_their_content():
    lines = ts.labelled_lines(signal(), False, ALL_KINDS, "nodig")
    with pytest.raises(ValueError, match=r"^line \d+: not a field") as refused:
        ts.parse_labelled_lines(lines + "BSN: 123456782\n")
    assert "123456782" not in str(refused.value)


def test_handhaving_goes_only_when_criminal_data_may_go():
    found = signal(**{"handhaving__welke": "Uitbuiting door de werkgever."})
    without = ts.labelled_lines(found, True, {sharing.SIGNAL})
    assert "Handhaving\n" not in without and "Uitbuiting door de werkgever" not in without
    assert "Niet opgenomen: Handhaving: strafrechtelijke persoonsgegevens" in without
    assert "Uitbuiting door de werkgever" in ts.labelled_lines(found, True, ALL_KINDS)
    with pytest.raises(ValueError):
        ts.labelled_lines(found, True, {sharing.SIGNAL_ENFORCEMENT})


def test_identifiable_only_with_a_reason_that_is_stated_at_the_top():
    with pytest.raises(ValueError):
        ts.labelled_lines(signal(), False, ALL_KINDS, "  ")
    lines = ts.labelled_lines(signal(), False, ALL_KINDS, "Zij wil zelf contact.")
    assert lines.splitlines()[1] == "Weergave: Herleidbaar — reden: Zij wil zelf contact."
    assert ts.labelled_lines(signal(), True).splitlines()[1] == "Weergave: Geanonimiseerd"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéöç", min_size=2, max_size=9)
NAME = st.lists(WORD, min_size=2, max_size=3).map(lambda w: " ".join(x.capitalize() for x in w))
POSTCODE = st.tuples(st.integers(1000, 9999), st.sampled_from(["AB", "KL", "XZ"])).map(
    lambda t: f"{t[0]} {t[1]}")
PHONE = st.integers(10_000_000, 99_999_999).map(lambda n: f"06 {n}")
BORN = st.dates(date(1940, 1, 1), date(2024, 1, 1))


@settings(max_examples=60, deadline=None)
@given(any_signal(), st.lists(NAME, min_size=4, max_size=4), st.lists(BORN, min_size=3,
       max_size=3), WORD, POSTCODE, PHONE, st.booleans())
def test_an_anonymised_export_holds_no_name_address_phone_or_birth_date(
        found, names, born, street, postcode, phone, enforcement):
    street = street.capitalize() + "straat 12"
    secrets = [*names, street, postcode, phone, phone.replace(" ", ""), "+316" + phone[3:]]
    for person, name, day in zip(("slachtoffer", "pleger", "faciliteerder"), names, born):
        found[f"{person}.naam"] = name
        found[f"{person}.geboortedatum"] = f"{day.day:02d}-{day.month:02d}-{day.year}"
        found[f"{person}.adres"] = f"{street}, {postcode} Verzonnen"
        secrets += [found[f"{person}.geboortedatum"], day.isoformat()]
    found["signaal.bron_naam"], found["signaal.bron_telefoon"] = names[3], phone
    found["ingevuld.contactpersoon"] = found["ingevuld.telefoon"] = ""
    free = [code for code, spec in FIELDS.items() if spec.share_as in sharing.SIGNAL_KINDS]
    assume(not any(s in found[code] for code in free for s in secrets))
    kinds = ALL_KINDS if enforcement else {sharing.SIGNAL}
    lines = ts.labelled_lines(found, anonymised=True, kinds=kinds)
    assert [s for s in secrets if s in lines] == []
    parsed = ts.parse_labelled_lines(lines)
    assert parsed["slachtoffer.geboortedatum"] in ("", str(born[0].year))
    assert parsed["slachtoffer.adres"] == "" and parsed["signaal.bron_telefoon"] == ""


def test_yesno_values_are_the_documented_four():
    assert YESNO_VALUES == ("", "ja", "nee", "onbekend")
