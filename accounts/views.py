from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from ocop_portal.errors import ServiceError, apply_service_error
from ocop_portal.views import ScopedListView

from .filtersets import UserFilterSet
from .forms import ReassignAccountsForm
from .models import User
from .permissions import can_reassign_accounts
from .selectors import ended_unit_accounts
from .services import reassign_accounts
from .tables import UserTable


class UserListView(ScopedListView):
    """The accounts of the administrator's area (``User.objects.restrict(user, "manage_users")``)."""

    model = User
    scope_action = "manage_users"
    filterset_class = UserFilterSet
    table_class = UserTable
    paginate_by = 50
    default_ordering = ("role", "username")
    title = _("Người dùng")
    template_name = "accounts/user_list.html"

    def base_queryset(self):
        return User.objects.select_related("unit")


class EndedUnitAccountsView(LoginRequiredMixin, View):
    """The accounts of abolished units (read-only until reassigned) with the proposed successor unit; one POST moves
    the ticked accounts to the chosen unit, or each to its own proposed unit (``accounts.services``)."""

    template_name = "accounts/ended_unit_accounts.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_reassign_accounts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        accounts = ended_unit_accounts(self.request.user)
        return ReassignAccountsForm(data, user=self.request.user, accounts=accounts)

    def _render(self, form):
        return render(self.request, self.template_name, {"form": form, "accounts": form.accounts})

    def get(self, request):
        return self._render(self._form())

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                moved = reassign_accounts(
                    actor=request.user,
                    users=list(form.cleaned_data["users"]),
                    unit=form.cleaned_data["unit"],
                    reason=form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied, ServiceError) as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Đã chuyển %(count)d tài khoản sang đơn vị mới.") % {"count": len(moved)})
                return redirect("accounts:ended_unit_accounts")
        return self._render(form)
