"""The kinds a job can record are exactly the kinds the importers handle (one list each, kept equal here)."""

from imports.importers import IMPORTERS
from imports.models import ImportKind


def test_every_importer_is_a_job_kind_and_every_job_kind_has_an_importer():
    assert set(IMPORTERS) == set(ImportKind.values)
    for kind, importer in IMPORTERS.items():
        assert str(ImportKind(kind).label) == str(importer.label), kind
