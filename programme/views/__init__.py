"""Programme pages, split by concept: plans, targets, budget, activities."""

from .activities import ActivityCreateView, ActivityDeleteView, ActivityDetailView, ActivityListView, ActivityUpdateView
from .budget import (
    BudgetDocumentDeleteView,
    BudgetDocumentDownloadView,
    BudgetDocumentUploadView,
    BudgetLineCreateView,
    BudgetLineDeleteView,
    BudgetLineDetailView,
    BudgetLineListView,
    BudgetLineUpdateView,
)
from .plans import (
    PlanApproveView,
    PlanCreateView,
    PlanDeleteView,
    PlanDetailView,
    PlanListView,
    PlanReopenView,
    PlanUpdateView,
)
from .targets import (
    TargetActualView,
    TargetCreateView,
    TargetDeleteView,
    TargetEvidenceView,
    TargetRecordsView,
    TargetRedirectView,
    TargetUpdateView,
)

__all__ = [
    "ActivityCreateView",
    "ActivityDeleteView",
    "ActivityDetailView",
    "ActivityListView",
    "ActivityUpdateView",
    "BudgetDocumentDeleteView",
    "BudgetDocumentDownloadView",
    "BudgetDocumentUploadView",
    "BudgetLineCreateView",
    "BudgetLineDeleteView",
    "BudgetLineDetailView",
    "BudgetLineListView",
    "BudgetLineUpdateView",
    "PlanApproveView",
    "PlanCreateView",
    "PlanDeleteView",
    "PlanDetailView",
    "PlanListView",
    "PlanReopenView",
    "PlanUpdateView",
    "TargetActualView",
    "TargetCreateView",
    "TargetDeleteView",
    "TargetEvidenceView",
    "TargetRecordsView",
    "TargetRedirectView",
    "TargetUpdateView",
]
