"""Activity pages: list with filters and totals by kind, detail, create, edit, delete (with confirmation)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, UpdateView

from accounts.permissions import can_read_audit
from ocop_portal.views import OneTimeSubmitMixin, ScopedDetailView, ScopedListView, ScopedMixin

from .. import selectors, services
from ..filtersets import ActivityFilterSet
from ..forms import ActivityForm, ReasonForm
from ..models import Activity
from ..tables import ActivityTable
from ..permissions import can_change_programme, can_edit_activity
from .common import ServiceFormMixin


class ActivityListView(ScopedListView):
    model = Activity
    template_name = "programme/activity_list.html"
    context_object_name = "activities"
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    default_ordering = ("-start_date", "-pk")

    def base_queryset(self):
        return Activity.objects.select_related("unit__parent", "funding_source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_change_programme(self.request.user)
        context["summary"] = selectors.activity_summary(self.object_list)
        return context


class ActivityDetailView(ScopedDetailView):
    model = Activity
    template_name = "programme/activity_detail.html"
    context_object_name = "activity"

    def base_queryset(self):
        return Activity.objects.select_related("unit__parent", "funding_source", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit_activity(self.request.user, self.object)
        context["can_read_audit"] = can_read_audit(self.request.user)
        return context


class ActivityCreateView(OneTimeSubmitMixin, ScopedMixin, ServiceFormMixin, CreateView):
    model = Activity
    form_class = ActivityForm
    template_name = "programme/activity_form.html"
    scope_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_change_programme(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        activity = services.activity_create(actor=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("Đã thêm hoạt động “%(title)s”.") % {"title": activity.title})
        return activity

    def success_url_for(self, obj):
        return reverse("programme:activity_detail", args=[obj.pk])


class ActivityUpdateView(ScopedMixin, ServiceFormMixin, UpdateView):
    model = Activity
    form_class = ActivityForm
    template_name = "programme/activity_form.html"
    scope_action = "change"

    def base_queryset(self):
        return Activity.objects.select_related("unit", "funding_source")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        activity = services.activity_update(actor=self.request.user, activity=self.object, data=form.cleaned_data)
        messages.success(self.request, _("Đã lưu hoạt động."))
        return activity

    def success_url_for(self, obj):
        return reverse("programme:activity_detail", args=[obj.pk])


class ActivityDeleteView(ScopedMixin, ServiceFormMixin, UpdateView):
    model = Activity
    form_class = ReasonForm
    template_name = "programme/activity_confirm_delete.html"
    context_object_name = "activity"
    scope_action = "change"

    def base_queryset(self):
        return Activity.objects.select_related("unit", "funding_source")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def perform(self, form):
        services.activity_delete(actor=self.request.user, activity=self.object, reason=form.cleaned_data.get("reason"))
        messages.success(self.request, _("Đã xoá hoạt động."))
        return self.object

    def success_url_for(self, obj):
        return reverse("programme:activities")
