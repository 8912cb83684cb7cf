from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from .models import User
from .permissions import can_manage_users


class UserListView(LoginRequiredMixin, ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "users"
    paginate_by = 50

    def get_queryset(self):
        if not can_manage_users(self.request.user):
            raise PermissionDenied
        return User.objects.select_related("unit").order_by("role", "username")
