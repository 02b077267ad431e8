"""Loading again after a refused save: what is stored now, with each field she changed put
back as she typed it; the fields both changed are named (ui/intake/conflict_panel.reapplied)."""

from blijf_desktop.ui.intake.conflict_panel import reapplied


def test_her_changes_go_on_top_and_the_clashes_are_named():
    before = {"residence": "Zaandam", "phone": "", "email": "a@voorbeeld.nl", "street": "X"}
    typed = dict(before, residence="Edam", phone="06 22223333")
    stored = dict(before, residence="Hoorn", email="b@voorbeeld.nl")
    raw, clashes = reapplied(before, stored, typed)
    assert raw == {"residence": "Edam", "phone": "06 22223333", "email": "b@voorbeeld.nl",
                   "street": "X"}
    assert clashes == ["residence"]


def test_nothing_typed_gives_what_is_stored():
    before = {"residence": "Zaandam"}
    assert reapplied(before, {"residence": "Hoorn"}, dict(before)) == ({"residence": "Hoorn"}, [])
