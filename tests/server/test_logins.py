from blijf_desktop.storage.pg.logins import PREFIX, role_name


def test_a_role_name_is_stable_short_and_tells_nothing_of_the_user_name():
    name = role_name("Anouk.de-Vries")
    assert name == role_name(" anouk.de-vries ") and name.startswith(PREFIX)
    assert len(name.encode()) <= 63 and name.isascii() and name.islower()
    assert "anouk" not in name and name != role_name("anouk.de-vrie")
