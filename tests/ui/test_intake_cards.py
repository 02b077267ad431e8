"""A person's card says truthfully what must be filled, and the keyboard goes through the
cards in the order they are seen, never from a field onto a "Verwijderen" button."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from blijf_desktop.domain.people import ALLOWED_FIELDS, RELATIONS, Category
from blijf_desktop.domain.validation import check_person
from blijf_desktop.ui.intake.person_editor import PersonEditor

TODAY = date(2026, 11, 23)


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
