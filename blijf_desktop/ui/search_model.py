"""The client list / search results as a lazy Qt model: one page at a time (Qt asks for more
through canFetchMore/fetchMore as the user scrolls), so 100,000 rows never become widgets."""

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from blijf_desktop.domain.people import CATEGORY_LABELS
from blijf_desktop.domain.search import SearchHit, build as build_query
from blijf_desktop.i18n import N_, _, format_date

Fetch = Callable[[str, int, int], list[SearchHit]]
TERMS_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS = (N_("Naam"), N_("Rol"), N_("Geboortedatum"), N_("Woonplaats"), N_("Cliënt"))


class SearchResultsModel(QAbstractTableModel):
    def __init__(self, fetch: Fetch, page_size: int = 50, parent=None):
        super().__init__(parent)
        self._fetch = fetch
        self._page_size = page_size
        self._text = ""
        self._terms: tuple[str, ...] = ()
        self._hits: list[SearchHit] = []
        self._more = False

    # -- the query -------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self._text = text
        query = build_query(text)
        self._terms = query.terms if query else ()
        self._hits = self._fetch(text, 0, self._page_size)
        self._more = len(self._hits) == self._page_size
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._text)

    def clear(self) -> None:
        """Forget every row (on lock): nothing personal stays in the model."""
        self.beginResetModel()
        self._hits, self._more = [], False
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    # -- lazy loading ----------------------------------------------------------------
    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        page = self._fetch(self._text, len(self._hits), self._page_size)
        self._more = len(page) == self._page_size
        if page:
            first = len(self._hits)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._hits.extend(page)
            self.endInsertRows()

    # -- table -----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_for(hit, index.column())
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and hit.known_elsewhere:
            return _("Bekend bij {team}. Geen gegevens: die zijn van dat team. Openen vraagt"
                     " een reden.").format(team=hit.known_at)
        if role == Qt.ItemDataRole.ForegroundRole and hit.known_elsewhere:
            return QColor("#555555")
        if role == Qt.ItemDataRole.ToolTipRole and hit.known_elsewhere:
            return _("Bekend bij {team}: vraag het dat team, of open de zaak met een reden"
                     " (die het team ziet).").format(team=hit.known_at)
        if role == TERMS_ROLE:
            return self._terms
        if role == HIT_ROLE:
            return hit
        return None

    @staticmethod
    def _text_for(hit: SearchHit, column: int) -> str:
        if column == 0:
            return hit.name
        if hit.known_elsewhere:  # domain/need_to_know.py: only the name and the team
            return _("bekend bij {team}").format(team=hit.known_at) if column == 4 else ""
        if column == 1:
            return _(CATEGORY_LABELS[hit.category])
        if column == 2:
            return format_date(hit.birth_date, "short") if hit.birth_date else ""
        if column == 3:
            return hit.residence
        return "" if hit.category == 1 else hit.client_name
