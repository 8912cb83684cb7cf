from django.urls import path

from . import views, views_scoring

app_name = "evaluations"
urlpatterns = [
    path("", views.RoundListView.as_view(), name="index"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/council/", views.CouncilView.as_view(), name="council"),
    path("rounds/<int:pk>/start/", views.RoundStartView.as_view(), name="round_start"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("rounds/<int:pk>/recusals/new/", views.RecusalCreateView.as_view(), name="recusal_create"),
    path("rounds/<int:pk>/register/", views.RegistrationCreateView.as_view(), name="registration_create"),
    path("rounds/<int:pk>/results/", views.RoundResultsView.as_view(), name="round_results"),
    path("rounds/<int:pk>/minutes/", views_scoring.RoundMinutesView.as_view(), name="round_minutes"),
    path("review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("registrations/<int:pk>/forward/", views.ForwardView.as_view(), name="registration_forward"),
    path("registrations/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration_detail"),
    path("registrations/<int:pk>/delete/", views.RegistrationDeleteView.as_view(), name="registration_delete"),
    path(
        "registrations/<int:pk>/move/<slug:to_status>/", views.TransitionView.as_view(), name="registration_transition"
    ),
    path("registrations/<int:pk>/sheet/", views_scoring.MySheetView.as_view(), name="my_sheet"),
    path("sheets/<int:pk>/", views_scoring.SheetDetailView.as_view(), name="sheet_detail"),
    path("sheets/<int:pk>/choose/", views_scoring.SheetChooseView.as_view(), name="sheet_choose"),
    path("sheets/<int:pk>/submit/", views_scoring.SheetSubmitView.as_view(), name="sheet_submit"),
    path("sheets/<int:pk>/reopen/", views_scoring.SheetReopenView.as_view(), name="sheet_reopen"),
]
