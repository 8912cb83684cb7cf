"""Base views shared by every app. Querysets come only from ``Model.objects.restrict(user, action)``."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from accounts.permissions import is_producer, role_allows

from .exports import ExportMixin
from .pagination import KeysFirstPaginator
from .submission import OneTimeSubmitMixin  # noqa: F401 - the base of every create view


class ScopedMixin(LoginRequiredMixin):
    """Restricts the view's queryset to the user's area for ``scope_action``.

    Subclasses set ``model`` and may override ``base_queryset()`` to add select_related/annotations; they never
    override ``get_queryset`` to widen the scope.
    """

    scope_action = "view"

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a model")
        if not role_allows(self.request.user, self.scope_action):
            raise PermissionDenied
        return self.base_queryset().restrict(self.request.user, self.scope_action)


def portable_order(*keys):
    """Order keys with PostgreSQL's placement of empty values on every database: empty last going up, first going
    down (SQLite puts them the other way round), so a list reads the same in development and production."""
    ordered = []
    for key in keys:
        if not isinstance(key, str) or key == "?":
            ordered.append(key)
        elif key.startswith("-"):
            ordered.append(F(key[1:]).desc(nulls_first=True))
        else:
            ordered.append(F(key).asc(nulls_last=True))
    return ordered


class ScopedListView(ExportMixin, ScopedMixin, ListView):
    """A filtered, sorted, paginated list; ``?export=xlsx|csv`` downloads the same rows (``ocop_portal.exports``).

    ``table_class`` (an ``ocop_portal.tables.Table``) is the list's one declaration: the page's columns
    (``templates/includes/table.html``), the accepted ``?sort=`` keys and the export's columns."""

    paginate_by = 25
    paginator_class = KeysFirstPaginator  # the page's keys first, then its rows: page 100 costs what page 1 does
    filterset_class = None
    table_class = None
    default_ordering = None
    title = None  # the page's heading (default: the model's verbose_name_plural)
    create_url_name = None  # a "+ Thêm" button to this route when ``create_permission(user)`` allows
    create_permission = None
    create_label = None

    def get_template_names(self):
        """The app's template when it has one, else ``generic/object_list.html`` (title, filters, export, table)."""
        try:
            names = super().get_template_names()
        except ImproperlyConfigured:
            names = []
        return [*names, "generic/object_list.html"]

    def get_queryset(self):
        qs = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs
        return self.apply_ordering(qs)

    def get_table(self, rows=()):
        if self.table_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a table_class (ocop_portal.tables)")
        return self.table_class(self.request, rows)

    def apply_ordering(self, qs):
        requested = self.request.GET.get("sort", "")
        key = requested.lstrip("-")
        fields = self.get_table().ordering()
        if key in fields:
            sign = "-" if requested.startswith("-") else ""
            self.current_sort = requested
            return qs.order_by(*portable_order(*(sign + field for field in fields[key]), "pk"))
        self.current_sort = ""
        if self.default_ordering:
            return qs.order_by(*portable_order(*self.default_ordering))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["filterset"] = self.filterset
        context["title"] = self.title or capfirst(self.model._meta.verbose_name_plural)
        if self.create_url_name and self.create_permission and self.create_permission(self.request.user):
            context["create_url"] = reverse(self.create_url_name)
            context["create_label"] = self.create_label or _("Thêm")
        context["table"] = self.get_table(context["object_list"])
        context["current_sort"] = self.current_sort
        context["query_string"] = params.urlencode()
        params.pop("sort", None)
        context["query_string_without_sort"] = params.urlencode()
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    pass


def health(request):
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class HomeView(LoginRequiredMixin, View):
    def get(self, request):
        if is_producer(request.user):  # a producer's home is its own page (status, subject, products: #18)
            return redirect("producers:home")
        return render(request, "home.html", {})


class HelpView(LoginRequiredMixin, View):
    """``/help/``: the "first hour" guide of the user's role (``ocop_portal.help``), then the other roles'."""

    def get(self, request):
        from .help import all_guides, guide_for

        intro, steps = guide_for(request.user)
        others = [guide for guide in all_guides() if guide[0] != request.user.role]
        return render(request, "help.html", {"intro": intro, "steps": steps, "others": others})
