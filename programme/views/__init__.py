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
    PlanDeleteView,
    PlanDetailView,
    PlanEditView,
    PlanHistoryView,
    PlanListView,
    PlanReopenView,
)
from .targets import (
    TargetActualView,
    TargetDeleteView,
    TargetEditView,
    TargetEvidenceView,
    TargetRecordsView,
    TargetRedirectView,
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
    "PlanDeleteView",
    "PlanDetailView",
    "PlanEditView",
    "PlanHistoryView",
    "PlanListView",
    "PlanReopenView",
    "TargetActualView",
    "TargetDeleteView",
    "TargetEditView",
    "TargetEvidenceView",
    "TargetRecordsView",
    "TargetRedirectView",
]
