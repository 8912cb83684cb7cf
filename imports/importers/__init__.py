"""One importer class per kind of file; ``IMPORTERS`` maps the kind (used in URLs and on the command line)."""

from .activities import ActivityImporter
from .budget import BudgetLineImporter
from .certifications import CertificationImporter
from .products import ProductImporter
from .recognitions import RecognitionImporter
from .revocations import RevocationImporter
from .subjects import SubjectImporter

IMPORTERS = {
    importer.kind: importer
    for importer in (
        SubjectImporter,
        ProductImporter,
        CertificationImporter,
        RecognitionImporter,
        RevocationImporter,
        BudgetLineImporter,
        ActivityImporter,
    )
}


def get_importer(kind):
    return IMPORTERS.get(kind)
