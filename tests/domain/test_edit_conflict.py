"""The comparison after a refused save (issue 23): only where hers differs from the stored
value, who changed it, and a secret address masked whichever side holds it secret."""

from dataclasses import replace

from blijf_desktop.domain.edit_conflict import compared_fields, differences
from blijf_desktop.domain.people import Category, PersonData

OPEN = PersonData(Category.PLEGER, first_names="Gijsbert", last_name="Proefdreiger",
                  street="Dorpsstraat", house_number="1", postcode="1234 AB",
                  residence="Purmerend", relation="ex_partner")


def test_only_fields_where_hers_differs_from_the_stored_one_each_with_who_changed_it():
    mine = replace(OPEN, phone="+31611111111", residence="Edam")
    stored = replace(OPEN, residence="Hoorn", email="ander@voorbeeld.nl")
    found = {d.field: d for d in differences(OPEN, mine, stored)}
    assert list(found) == ["residence", "phone", "email"]  # the editor's order
    assert (found["residence"].by_me, found["residence"].by_other) == (True, True)
    assert (found["phone"].by_me, found["phone"].by_other) == (True, False)
    assert (found["email"].mine, found["email"].stored) == ("", "ander@voorbeeld.nl")


def test_a_secret_address_on_any_side_is_masked_on_both():
    for started, mine, stored in (
            (OPEN, replace(OPEN, street="Schuilhof"), replace(OPEN, address_secret=True)),
            (OPEN, replace(OPEN, street="Schuilhof", address_secret=True), OPEN),
            (replace(OPEN, address_secret=True), replace(OPEN, street="Schuilhof",
                                                         address_secret=True),
             replace(OPEN, address_secret=True, postcode="9999 ZZ"))):
        found = {d.field: d for d in differences(started, mine, stored)}
        assert found["street"].masked and found["street"].mine is None
        assert found["street"].stored is None
        assert "Schuilhof" not in repr(found) and "9999" not in repr(found)


def test_an_open_address_is_shown():
    found = differences(OPEN, replace(OPEN, street="Kerkweg"), OPEN)
    assert [(d.field, d.mine, d.stored, d.masked) for d in found] == [
        ("street", "Kerkweg", "Dorpsstraat", False)]


def test_the_client_has_no_relation_and_the_secret_flag_follows_the_address():
    fields = compared_fields(Category.CLIENT)
    assert "relation" not in fields
    assert fields.index("address_secret") == fields.index("residence") + 1
    assert compared_fields(Category.CHILD)[0] == "relation" and "phone" not in \
        compared_fields(Category.CHILD)
