"""One importer class per kind of file; ``IMPORTERS`` maps the kind (used in URLs and on the command line)."""

from .activities import ActivityImporter
from .authorities import AuthorityImporter
from .budget import BudgetLineImporter
from .certifications import CertificationImporter
from .plans import PlanTargetImporter
from .products import ProductImporter
from .recognitions import RecognitionImporter
from .revocations import RevocationImporter
from .rounds import PastRoundImporter
from .subjects import SubjectImporter
from .users import UserImporter

IMPORTERS = {
    importer.kind: importer
    for importer in (
        AuthorityImporter,
        UserImporter,
        SubjectImporter,
        ProductImporter,
        CertificationImporter,
        PlanTargetImporter,
        PastRoundImporter,
        RecognitionImporter,
        RevocationImporter,
        BudgetLineImporter,
        ActivityImporter,
    )
}

# The kinds added for a province moving in (issue #19); their jobs' labels come from here until
# ``imports.models.ImportKind`` lists them.
GOLIVE_KINDS = ("authorities", "users", "plans", "rounds")


def get_importer(kind):
    return IMPORTERS.get(kind)
