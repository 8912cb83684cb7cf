from django.utils.translation import gettext_lazy as _

from ocop_portal.views import ScopedListView

from .filtersets import UserFilterSet
from .models import User
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
