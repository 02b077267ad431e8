"""A person's card says truthfully what must be filled, and the keyboard goes through the
cards in the order they are seen, never from a field onto a "Verwijderen" button."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from blijf_desktop.domain.people import ALLOWED_FIELDS, RELATIONS, Category
from blijf_desktop.domain.validation import check_person
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.ui.intake.intake_form import IntakeForm
from blijf_desktop.ui.intake.person_editor import PersonEditor

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


def starred(editor: PersonEditor) -> set[str]:
    """The fields whose label carries the star."""
    return {label.buddy().accessibleName() for label in editor.findChildren(QLabel)
            if label.buddy() is not None and label.text().endswith("*")}


def errors(category: Category, **values) -> dict:
    raw = {name: "" for name in ALLOWED_FIELDS[category]} | values
    return check_person(category, raw, TODAY).errors


@pytest.mark.parametrize("category", [Category.CHILD, Category.DERDE, Category.PLEGER],
                         ids=lambda c: c.name.lower())
def test_the_stars_and_the_legend_of_a_relative_say_what_saving_asks(qtbot, category):
    editor = PersonEditor(category, today=lambda: TODAY)
    qtbot.addWidget(editor)
    relation = next(iter(RELATIONS[category]))
    # Only the relation is starred: each starred field is needed on its own ...
    assert starred(editor) == {"Relatie tot cliënt"}
    assert "relation" in errors(category, first_names="Mila")
    # ... and either name is enough, as the legend says.
    assert editor.legend.text() == "* verplicht. Vul ook een voornaam of een achternaam in."
    assert errors(category, relation=relation, first_names="Mila") == {}
    assert errors(category, relation=relation, last_name="Zwaan") == {}
    assert errors(category, relation=relation) == {"last_name": "name_required"}


def test_the_client_is_asked_for_the_starred_last_name_not_for_either_name(qtbot):
    editor = PersonEditor(Category.CLIENT, today=lambda: TODAY)
    qtbot.addWidget(editor)
    assert starred(editor) == {"Achternaam"} and editor.legend.text() == "* verplicht"
    editor.show_check(check_person(Category.CLIENT, editor.raw(), TODAY))  # nothing filled
    assert editor.notes["last_name"].text() == "Achternaam: Vul de achternaam in."
    assert errors(Category.CLIENT, last_name="Zwaan") == {}


# -- the tab order -------------------------------------------------------------------------------
@pytest.fixture
def form(qtbot, caseworker):
    form = IntakeForm(IntakeService(caseworker, today=lambda: TODAY), today=lambda: TODAY)
    qtbot.addWidget(form)
    form.resize(1100, 800)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    return form


def tab(qtbot, form, backwards: bool = False):
    """Press Tab (or Shift+Tab) where the focus is; the widget that has it after."""
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab, SHIFT if backwards else
                   Qt.KeyboardModifier.NoModifier)
    return form.focusWidget()


def in_reading_order(child: PersonEditor) -> list:
    address = [child.fields[n] for n in ("street", "house_number", "postcode", "residence")]
    return ([child.relation] + [child.fields[n] for n in ("first_names", "prefix", "last_name")]
            + address + [child.secret, child.fields["birth_place"], child.fields["birth_date"]])


def test_tab_after_a_childs_last_field_goes_to_the_next_child_not_to_verwijderen(qtbot, form):
    children = form.sections["children"]
    for _ in range(2):
        qtbot.mouseClick(children.add_button, LEFT)
    first, second = (card.editor for card in children.cards)
    first.relation.setFocus()
    walked = [first.relation]
    while walked[-1] is not children.add_button and len(walked) < 40:
        walked.append(tab(qtbot, form))
    assert walked == in_reading_order(first) + in_reading_order(second) + [children.add_button]

    # Shift+Tab from a card's first field goes up to its "Verwijderen", and on to the card above.
    second.relation.setFocus()
    assert tab(qtbot, form, backwards=True) is children.cards[1].remove_button
    assert tab(qtbot, form, backwards=True) is first.fields["birth_date"]
    children.cards[1].remove_button.setFocus(Qt.FocusReason.BacktabFocusReason)
    assert tab(qtbot, form) is second.relation


def test_tab_through_a_threat_never_lands_on_verwijderen(qtbot, form):
    qtbot.mouseClick(form.threats.add_button, LEFT)
    threat = form.threats.cards[-1]
    form.sections["plegers"].add_button.setFocus()
    walked = [tab(qtbot, form) for _ in range(4)]
    assert walked == [threat.date, threat.about, threat.description, form.threats.add_button]
    threat.date.setFocus()
    assert tab(qtbot, form, backwards=True) is threat.remove_button
