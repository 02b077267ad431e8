"""Jaarcijfers (issue 21): on a store seeded through the real services with half a year of
synthetic history, every figure equals what this test counts from the plan itself; no count
from 1 to 4 is shown and no suppressed cell can be worked back from the exported CSV (an
exact attacker tries); the PDF and the CSV hold the figures and nothing of a person; only
the teamleider and the beheerder may see them; viewing and exporting are audited."""

import csv
import io
import json
import random
from collections import Counter
from datetime import date, timedelta

import pypdf
import pytest

from blijf_desktop.demo import synthetic_case
from blijf_desktop.demo_figures import plan, record, recorded_at
from blijf_desktop.domain.people import ALLOWED_FIELDS, PersonData
from blijf_desktop.domain import figures as f
from blijf_desktop.domain.suppression import rounded
from blijf_desktop.domain.aware import REVIEW_INTERVAL
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.figures import FiguresService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage.figures import Tally
from tests.conftest import LEAD_PASS
from tests.domain.recompute import recomputable
from tests.security.canaries import PEOPLE, RELATION, canaries, new_token
from tests.security.scanner import scan_folder
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 20)
START, END = date(2026, 5, 1), date(2026, 10, 31)


@pytest.fixture(scope="module")
def planned():
    return plan(TODAY, cases=32, months=7, seed=5)


@pytest.fixture
def lead(teamleider, auth):
    session = auth.login(teamleider, LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def seeded(lead, planned):
    record(lead, planned, synthetic_case, random.Random(5))
    return lead


def month(day: date) -> str:
    return day.strftime("%Y-%m")


def within(day) -> bool:
    return day is not None and START <= day <= END


def unit_of(case) -> str:
    return case.unit if (case.started_on or case.infocheck_on) else f.NO_UNIT


def running_on(case, day) -> bool:
    return (case.connected_on is not None and case.connected_on <= day
            and (case.ended_on is None or case.ended_on > day))


def expected(planned) -> dict[str, Counter]:
    """The plan counted here, apart from storage/figures.py."""
    e = {code: Counter() for code in ("intakes", "screenings", "trajects", "decisions",
                                      "running", "reviews", "overdue", "exchanges")}
    for c in planned:
        unit = unit_of(c)
        if within(c.intake_on):
            e["intakes"][(month(c.intake_on), unit)] += 1
        if c.level and within(c.screened_on):
            e["screenings"][(c.level, unit)] += 1
        if within(c.started_on):
            e["trajects"][(month(c.started_on), unit)] += 1
            # the police's answer arrives three days after the request
        if c.started_on and within(c.received_on):
            e["exchanges"][(f"{unit}:in", unit)] += 1
        if within(c.decided_on):
            e["decisions"][(c.decision, unit)] += 1
        if within(c.infocheck_on):
            e["exchanges"][(f"{unit}:uit", unit)] += 1
        previous = c.connected_on
        for r in c.reviews:
            if within(r):
                e["reviews"][("op_tijd" if r <= previous + REVIEW_INTERVAL else "te_laat",
                              unit)] += 1
            previous = r
        end = min(END, TODAY)
        if running_on(c, end):
            last = max((r for r in c.reviews if r <= end), default=c.connected_on)
            if end > last + REVIEW_INTERVAL:
                e["overdue"][("achterstallig", unit)] += 1
    for key in f.months(START, END):
        year, number = map(int, key.split("-"))
        last_day = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        day = min(last_day, END, TODAY)
        for c in planned:
            if running_on(c, day):
                e["running"][(key, unit_of(c))] += 1
    return e


def inner(table) -> Counter:
    return Counter({(row, column): table.values[table.grid.cell(r, k)]
                    for r, row in enumerate(table.rows)
                    for k, column in enumerate(table.columns)
                    if table.values[table.grid.cell(r, k)]})


def test_every_figure_equals_the_count_of_the_plan(seeded, planned):
    figures = FiguresService(seeded, today=lambda: TODAY).figures(START, END)
    wanted = expected(planned)
    assert sum(wanted["intakes"].values()) > 10 and wanted["running"] and wanted["reviews"]
    for code, counts in wanted.items():
        assert inner(figures.table(code)) == counts, code
    assert figures.table("intakes").rows == tuple(f.months(START, END))


def test_a_case_made_today_through_the_services_counts_in_this_month(lead):
    service = FiguresService(lead, today=lambda: date.today())
    first = date.today().replace(day=1)
    before = service.figures(first, date.today()).table("intakes")
    IntakeService(lead).save_intake(*synthetic_case(random.Random(1), date.today()))
    after = service.figures(first, date.today()).table("intakes")
    key = (month(date.today()), f.NO_UNIT)
    assert inner(after)[key] == inner(before)[key] + 1


def test_no_small_count_is_shown(seeded):
    figures = FiguresService(seeded, today=lambda: TODAY).figures(START, END)
    small = 0
    for table in figures.tables:
        for row in table.row_keys_with_total:
            for column in f.unit_columns(None):
                if not table.figure.adds_up and row == f.TOTAL:
                    continue
                assert table.shown(row, column) not in {"1", "2", "3", "4"}
                small += table.shown(row, column) == "<5"
    assert small > 3  # the seed has small cells: the test is not empty


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_no_suppressed_cell_can_be_worked_back_from_the_csv(seeded, tmp_path):
    service = FiguresService(seeded, today=lambda: TODAY)
    path = tmp_path / "cijfers.csv"
    service.save_csv(path, START, END)
    lines = parse_csv(path.read_bytes())
    figures = service.figures(START, END)
    tried = 0
    for table in figures.tables:
        if not table.rows or not table.recorded:
            continue
        title = table.figure.title
        cells = [line[3] for line in lines[1:] if line[0] == title]
        columns = len(f.unit_columns(None))
        # the CSV, line by line: rows (then the Totaal row), per row the units then Totaal
        grid = table.grid
        shown = [""] * grid.size
        for r, _row in enumerate(table.row_keys_with_total):
            for k in range(columns):
                assert len(cells) == len(table.row_keys_with_total) * columns, (title, len(cells))
                text = cells[r * columns + k]
                if r < len(table.rows):
                    index = grid.cell(r, k) if k < columns - 1 else grid.row_total(r)
                else:
                    index = grid.column_total(k) if k < columns - 1 else grid.grand_total()
                if text.isdigit():  # published rounded (domain/suppression.py) ...
                    assert int(text) == rounded(table.values[index]), (title, index)
                    text = str(table.values[index])  # ... the attacker knows it exactly
                shown[index] = text
        assert recomputable(shown, grid.equations(), cap=max(table.values) + 10) == set(), title
        tried += sum(t in ("<5", "x") for t in shown)
    assert tried > 3


@pytest.fixture
def canaried(seeded):
    """A case in the period typed with canary values (tests/security/canaries.py)."""
    found = canaries(new_token())
    people = []
    for key, category, _tag in PEOPLE:
        if key == "child":
            continue
        values = {field: found[f"{key}.{field}"].typed for field in ALLOWED_FIELDS[category]}
        values["birth_date"] = date.fromisoformat(found[f"{key}.birth_date"].stored)
        people.append(PersonData(category, relation=RELATION.get(key, ""), **values))
    with recorded_at(START + timedelta(days=40)):
        IntakeService(seeded, today=lambda: TODAY).save_intake(people[0], people[1:], [])
    return found


def test_the_csv_and_the_pdf_hold_the_figures_and_no_person(seeded, canaried, tmp_path):
    service = FiguresService(seeded, today=lambda: TODAY)
    out = tmp_path / "exports"
    out.mkdir()
    service.save_csv(out / "c.csv", START, END)
    service.save_pdf(out / "c.pdf", START, END)
    figures = service.figures(START, END)
    lines = parse_csv((out / "c.csv").read_bytes())
    total = figures.table("intakes").shown(f.TOTAL, f.TOTAL)
    assert ["Intakes per maand", "Totaal", "Totaal", total] in [line[:4] for line in lines]
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out / "c.pdf").pages)
    for title in ("Jaarcijfers", "Intakes per maand", "Risicotaxaties per niveau",
                  "Lopende AWARE-aansluitingen", "Uitwisselingen per partij en richting",
                  "Verzoeken van betrokkenen", "Dossiers vernietigd per maand", "<5"):
        assert title in text
    result = scan_folder(out, canaried)
    assert result.files == 2 and result.hits == []
    control = tmp_path / "control"
    control.mkdir()
    (control / "x.csv").write_text(canaried["client.last_name"].typed, encoding="utf-8")
    assert scan_folder(control, canaried).hits  # the scan finds what is there


def test_a_unit_shows_only_its_own_column(seeded, tmp_path):
    service = FiguresService(seeded, today=lambda: TODAY)
    service.save_csv(tmp_path / "u.csv", START, END, unit="noord_holland")
    units = {line[2] for line in parse_csv((tmp_path / "u.csv").read_bytes())[1:] if line[2]}
    assert units == {"Politie eenheid Noord-Holland"}


def test_bad_periods_are_refused_with_their_field(lead):
    service = FiguresService(lead, today=lambda: TODAY)
    for start, end, field, code in (
            (END, START, "date_to", "period_reversed"),
            (TODAY + timedelta(days=1), TODAY + timedelta(days=5), "date_from", "date_future"),
            (date(2020, 1, 1), TODAY, "date_to", "period_too_long"),
            (None, END, "date_from", "required")):
        with pytest.raises(InvalidInput) as caught:
            service.figures(start, end)
        assert (caught.value.field, caught.value.problem) == (field, code)
    with pytest.raises(InvalidInput):
        service.figures(START, END, unit="utrecht")


def test_a_source_that_records_nothing_says_so_and_a_source_s_tallies_are_tabled(lead):
    from blijf_desktop.storage.figures import not_recorded

    figures = FiguresService(lead, today=lambda: TODAY, requests=not_recorded,
                             destroyed=not_recorded).figures(START, END)
    assert not figures.table("requests").recorded and not figures.table("destroyed").recorded
    wired = FiguresService(lead, today=lambda: TODAY).figures(START, END)
    assert wired.table("requests").recorded and wired.table("destroyed").recorded

    def destroyed(_conn, date_from, date_to):
        return [Tally("2026-06", "amsterdam", 7), Tally("2026-07", "amsterdam", 2),
                Tally("2026-07", None, 9), Tally("2025-01", "amsterdam", 3)]  # outside: dropped

    def requests(_conn, date_from, date_to):
        return [Tally("inzage:op_tijd", "amsterdam", 6), Tally("bezwaar:open", None, 1)]

    figures = FiguresService(lead, today=lambda: TODAY, requests=requests,
                             destroyed=destroyed).figures(START, END)
    table = figures.table("destroyed")
    assert table.recorded and inner(table) == Counter({("2026-06", "amsterdam"): 7,
                                                       ("2026-07", "amsterdam"): 2,
                                                       ("2026-07", f.NO_UNIT): 9})
    assert table.shown("2026-07", "amsterdam") == "<5"
    assert figures.table("requests").rows == ("bezwaar:open", "inzage:op_tijd")


def test_only_the_teamleider_and_the_beheerder_see_figures(created, caseworker, lead):
    admin, _recovery = created
    FiguresService(admin, today=lambda: TODAY).figures(START, END)
    FiguresService(lead, today=lambda: TODAY).figures(START, END)
    with pytest.raises(PermissionDenied):
        FiguresService(caseworker, today=lambda: TODAY).figures(START, END)
    assert caseworker.user.role is Role.HULPVERLENER


def test_viewing_and_exporting_are_audited_with_the_period_and_no_record(lead, tmp_path):
    service = FiguresService(lead, today=lambda: TODAY)
    service.figures(START, END)
    service.save_pdf(tmp_path / "a.pdf", START, END, unit="amsterdam")
    service.save_csv(tmp_path / "a.csv", START, END)
    rows = trail_of(lead).execute(
        "SELECT action, record_type, record_id, detail FROM audit_log"
        " WHERE record_type = 'figures' ORDER BY seq").fetchall()
    assert [(r[0], r[2]) for r in rows] == [("view", None), ("export", None), ("export", None)]
    details = [json.loads(r[3]) for r in rows]
    assert details[1] == {"from": "2026-05-01", "to": "2026-10-31", "unit": "amsterdam",
                          "format": "pdf"}
    assert details[2]["format"] == "csv" and "path" not in json.dumps(details)
