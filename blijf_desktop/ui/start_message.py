"""A message before any window exists (a mistake on the command line), for a user who started
the app without a terminal that would show it: one dialog, then the app ends."""

from PySide6.QtWidgets import QApplication, QMessageBox

from blijf_desktop.i18n import _, language


def show_message(text: str, details: str = "") -> None:
    from blijf_desktop.ui.application import app_icon, install_qt_translator

    app = QApplication.instance() or QApplication(["blijf-desktop"])
    install_qt_translator(app, language())
    box = QMessageBox(QMessageBox.Icon.Warning, _("Blijf Desktop"), text,
                      QMessageBox.StandardButton.Ok)
    box.setWindowIcon(app_icon())
    if details:
        box.setInformativeText(details)
    box.exec()
