"""The notices page of the signed-in user (``/notices/``) and marking notices as read.

Not on the area-scoped list layer (``ocop_portal.views.ScopedListView``): a notice belongs to one user, not to an
area, and every role — producers included — reads its own; the queryset is ``Notice.objects.for_user``."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from ocop_portal.pagination import KeysFirstPaginator

from . import services
from .models import Notice


class NoticeListView(LoginRequiredMixin, ListView):
    template_name = "notices/notice_list.html"
    context_object_name = "notices"
    paginate_by = 25
    paginator_class = KeysFirstPaginator

    def get_queryset(self):
        qs = Notice.objects.for_user(self.request.user)
        if self.request.GET.get("unread") == "1":
            qs = qs.unread()
        return qs.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_only"] = self.request.GET.get("unread") == "1"
        context["query_string"] = "unread=1" if context["unread_only"] else ""
        # Also given to every page by ``notices.context_processors.unread_notices`` (the top bar's count).
        context["unread_notice_count"] = Notice.objects.for_user(self.request.user).unread().count()
        return context


class NoticeOpenView(LoginRequiredMixin, View):
    """POST ``notice=<id>``: mark one's own notice as read and go to what it is about (another user's notice, or
    none: 404). The id is in the body, not the URL: one route, nothing to guess in an address."""

    def post(self, request):
        pk = request.POST.get("notice", "")
        if not pk.isdigit():
            raise Http404
        notice = get_object_or_404(Notice.objects.for_user(request.user), pk=pk)
        services.mark_read(actor=request.user, notice=notice)
        link = notice.link
        if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(link)
        return HttpResponseRedirect(reverse("notices:list"))


class NoticeReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.mark_all_read(actor=request.user)
        messages.success(request, _("Đã đánh dấu %s thông báo là đã đọc.") % count)
        return HttpResponseRedirect(reverse("notices:list"))
