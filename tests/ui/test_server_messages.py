"""Each reason the server could not be reached or trusted has its own calm message in Dutch
(and English): what happened, and who can help. Never the generic apology."""

import pytest

from blijf_desktop import i18n
from blijf_desktop.services import errors as service_errors
from blijf_desktop.storage.pg import errors as server_errors
from blijf_desktop.ui.messages import error_message, unexpected_message

KINDS = [kind for kind in vars(server_errors).values()
         if isinstance(kind, type) and issubclass(kind, server_errors.ServerError)
         and kind is not server_errors.ServerError]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_server_refusal_has_a_message_of_its_own(language):
    i18n.set_language(language)
    try:
        texts = {kind.code: error_message(kind()) for kind in KINDS}
        assert len(KINDS) >= 9 and len(set(texts.values())) == len(KINDS)
        assert unexpected_message() not in texts.values()
    finally:
        i18n.set_language("nl")


def test_an_untrusted_server_is_told_as_one_where_nothing_was_sent():
    i18n.set_language("nl")
    for kind in (service_errors.ServerWithoutTls, service_errors.ServerNotTrusted,
                 service_errors.ServerNameMismatch):
        text = error_message(kind())
        assert "niets verstuurd" in text and "functioneel beheerder" in text
