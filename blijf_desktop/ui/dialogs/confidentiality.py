"""The confidentiality declaration (convenant Blijf Groep – politie, art. 7.1 and 9.2), accepted
once before a user starts working. Cancelling means: log out (the caller does that)."""

from html import escape

from PySide6.QtWidgets import QCheckBox, QDialog, QTextBrowser, QWidget

from blijf_desktop.domain import confidentiality
from blijf_desktop.i18n import _
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.ui.dialogs import common
from blijf_desktop.ui.messages import error_message


def declaration_paragraphs(name: str) -> tuple[str, str, list[str], str]:
    """(introduction, opening line, the promises, closing line), translated."""
    intro = _("Voordat u met Blijf Desktop werkt, leest u deze verklaring en gaat u ermee akkoord. "
              "Zij volgt uit het convenant tussen Blijf Groep en de politie, artikel 7.1 en 9.2.")
    opening = _("Ik, {name}, verklaar dat ik:").format(name=name)
    promises = [
        _("alle persoonsgegevens die ik bij mijn werk leer kennen geheimhoud tegenover iedereen "
          "die ze niet nodig heeft voor zijn of haar taak;"),
        _("deze gegevens alleen gebruik voor het doel waarvoor ze zijn vastgelegd of verstrekt: "
          "de hulp aan en de veiligheid van cliënten en hun kinderen;"),
        _("geen gegevens uit Blijf Desktop opsla, kopieer of meeneem op externe media, zoals een "
          "usb-stick, een externe schijf, een privételefoon, privé-e-mail of een clouddienst;"),
        _("een (mogelijk) datalek of beveiligingsincident direct meld bij mijn leidinggevende en "
          "de functionaris gegevensbescherming, ook als ik twijfel;"),
        _("deze geheimhouding blijf naleven, ook na het einde van mijn dienstverband, stage of "
          "opdracht."),
    ]
    closing = _("Het schenden van deze geheimhouding kan arbeidsrechtelijke en strafrechtelijke "
                "gevolgen hebben. Uw akkoord wordt met datum en tijd vastgelegd.")
    return intro, opening, promises, closing


def declaration_html(name: str) -> str:
    intro, opening, promises, closing = declaration_paragraphs(name)
    items = "".join(f"<li style='margin-bottom:8px'>{escape(p)}</li>" for p in promises)
    version = escape(_("Versie {version}").format(version=confidentiality.VERSION))
    return (f"<p>{escape(intro)}</p><p><b>{escape(opening)}</b></p><ol>{items}</ol>"
            f"<p>{escape(closing)}</p><p style='color:#666666'>{version}</p>")


class ConfidentialityDialog(QDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.setWindowTitle(_("Blijf Desktop: geheimhoudingsverklaring"))
        self.setMinimumSize(620, 560)

        layout = common.page_layout(self)
        layout.addWidget(common.heading(_("Geheimhoudingsverklaring")))

        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(declaration_html(accounts.session.user.display_name))
        self.text.setAccessibleName(_("Tekst van de geheimhoudingsverklaring"))
        self.text.document().setDocumentMargin(12)
        layout.addWidget(self.text, 1)

        self.agree = QCheckBox(_("Ik heb de verklaring gelezen en ga ermee akkoord"))
        self.agree.toggled.connect(self._update_accept_button)
        layout.addWidget(self.agree)

        self.message = common.MessageLabel()
        layout.addWidget(self.message)

        self.cancel_button = common.secondary_button(_("Annuleren"))
        self.accept_button = common.primary_button(_("Akkoord"))
        self.cancel_button.setToolTip(_("Zonder akkoord kunt u niet verder en wordt u uitgelogd."))
        self.cancel_button.clicked.connect(self.reject)
        self.accept_button.clicked.connect(self.try_accept)
        layout.addLayout(common.button_row(self.cancel_button, self.accept_button))

        QWidget.setTabOrder(self.text, self.agree)
        QWidget.setTabOrder(self.agree, self.accept_button)
        QWidget.setTabOrder(self.accept_button, self.cancel_button)
        self._update_accept_button()
        self.agree.setFocus()

    def _update_accept_button(self) -> None:
        self.accept_button.setEnabled(self.agree.isChecked())

    def try_accept(self) -> None:
        if not self.agree.isChecked():
            return
        self.message.clear_message()
        try:
            self.accounts.accept_confidentiality()
        except Exception as error:  # shown inline, never a traceback
            self.message.show_error(error_message(error))
            return
        self.accept()
