"""A document saved where the user chose (a PDF, the recovery sheet) that cannot be written
there is told as what it is: about that place, not about the store. Before, a read-only or
missing folder for a PDF said "De map van de gegevensopslag ..." — the store looked broken
while nothing was wrong with it."""

import os

import pytest

from blijf_desktop.services.errors import DocumentNotSaved
from blijf_desktop.storage import files
from blijf_desktop.ui.messages import error_message
from tests.reliability.environment import fill_disk, read_only, read_only_mount, small_disk

PDF = b"%PDF-1.7 synthetisch " * 200


def refused(path) -> DocumentNotSaved:
    with pytest.raises(DocumentNotSaved) as caught:
        files.save_document(path, PDF)
    return caught.value


def told(error) -> str:
    text = error_message(error)
    assert "gegevensopslag" not in text and "kon niet worden opgeslagen" in text
    return text


def test_a_folder_without_write_permission(tmp_path):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    with read_only(folder):
        error = refused(folder / "advies.pdf")
    assert error.reason == DocumentNotSaved.NO_ACCESS
    assert "mag Blijf Desktop niet schrijven" in told(error)
    assert os.listdir(folder) == []


def test_a_write_protected_disk(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    with read_only_mount(folder):
        error = refused(folder / "advies.pdf")
    assert error.reason == DocumentNotSaved.NO_ACCESS and told(error)


def test_a_full_disk_leaves_neither_the_file_nor_a_half_one(tmp_path):
    folder = tmp_path / "vol"
    with small_disk(folder, 256):
        fill_disk(folder)
        error = refused(folder / "advies.pdf")
        assert sorted(os.listdir(folder)) == ["filler"]
    assert error.reason == DocumentNotSaved.FULL and "vol" in told(error)


def test_a_folder_that_is_gone_and_a_folder_with_the_name(tmp_path):
    assert refused(tmp_path / "losgekoppeld" / "advies.pdf").reason == DocumentNotSaved.MISSING
    (tmp_path / "advies.pdf").mkdir()
    error = refused(tmp_path / "advies.pdf")
    assert error.reason == DocumentNotSaved.IS_FOLDER and "map met deze naam" in told(error)
