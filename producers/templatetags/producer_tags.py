"""The producers' menu links for ``templates/base.html``: the producer's own pages, and the officers' list of
producer accounts (named predicates, never the role in the template)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from evaluations.permissions import can_review_applications
from producers.permissions import can_verify_producers, is_producer, is_verified_producer

register = template.Library()


@register.simple_tag(takes_context=True)
def producer_menu(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    if is_producer(user):
        links.append((_("Trang của tôi"), "producers:home"))
        if is_verified_producer(user):
            links += [(_("Chủ thể của tôi"), "producers:my_subject"), (_("Sản phẩm của tôi"), "producers:my_products")]
            links.append((_("Hồ sơ đánh giá"), "producers:application_list"))  # the applications' pages (#18 part 2)
    else:
        if can_verify_producers(user):
            links.append((_("Tài khoản chủ thể"), "producers:account_list"))
        if can_review_applications(user):  # the commune's pre-assessment of producers' applications (#18)
            links.append((_("Hồ sơ chờ xã thẩm định"), "evaluations:review_queue"))
    items = []
    for label, name in links:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if name == "producers:home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items
