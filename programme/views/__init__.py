"""Programme pages, split by concept: plans, targets, budget, activities."""

from .activities import ActivityDeleteView, ActivityDetailView, ActivityEditView, ActivityHistoryView, ActivityListView
from .budget import (
    BudgetDocumentDeleteView,
    BudgetDocumentDownloadView,
    BudgetDocumentUploadView,
    BudgetLineDeleteView,
    BudgetLineDetailView,
    BudgetLineEditView,
    BudgetLineHistoryView,
    BudgetLineListView,
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
    "ActivityDeleteView",
    "ActivityDetailView",
    "ActivityEditView",
    "ActivityHistoryView",
    "ActivityListView",
    "BudgetDocumentDeleteView",
    "BudgetDocumentDownloadView",
    "BudgetDocumentUploadView",
    "BudgetLineDeleteView",
    "BudgetLineDetailView",
    "BudgetLineEditView",
    "BudgetLineHistoryView",
    "BudgetLineListView",
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
