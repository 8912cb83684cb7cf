"""Pages for chủ thể OCOP: list, detail, create, edit, delete, history. Declarations on the generic scoped views
(``ocop_portal.generic``): scoping, services, error messages and the double-submit guard come from the layer."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import can_edit_registry
from ocop_portal.generic import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectHistoryView
from ocop_portal.views import ScopedListView

from . import selectors, services
from .filtersets import SubjectFilterSet
from .forms import SubjectDeleteForm, SubjectForm
from .models import Subject
from .tables import SubjectTable


def _warn_similar(request, subject):
    for warning in selectors.similar_subjects(user=request.user, subject=subject):
        messages.warning(request, _("Lưu ý, có thể trùng lặp: %(warning)s") % {"warning": warning})


class SubjectListView(ScopedListView):
    model = Subject
    template_name = "subjects/subject_list.html"
    context_object_name = "subjects"
    filterset_class = SubjectFilterSet
    table_class = SubjectTable
    default_ordering = ("name", "pk")

    def base_queryset(self):
        return selectors.with_list_data(Subject.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_edit_registry(self.request.user)
        return context


class SubjectDetailView(ObjectDetailView):
    model = Subject
    template_name = "subjects/subject_detail.html"
    context_object_name = "subject"
    edit_permission = staticmethod(can_edit_registry)
    history_url_name = "subjects:history"

    def base_queryset(self):
        return Subject.objects.select_related("unit__parent", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, subject = self.request.user, self.object
        context.update(
            products=selectors.subject_products(user=user, subject=subject),
            documents=selectors.subject_documents(user=user, subject=subject),
            similar=selectors.similar_subjects(user=user, subject=subject) if context["can_edit"] else [],
        )
        return context


class SubjectEditView(ObjectEditView):
    """Create (``new/``) and edit; another area's subject gives 404, a role without "change" 403."""

    model = Subject
    form_class = SubjectForm
    template_name = "subjects/subject_form.html"
    create_permission = staticmethod(can_edit_registry)
    create_service = staticmethod(services.subject_create)
    update_service = staticmethod(services.subject_update)
    success_message_create = gettext_lazy("Đã thêm chủ thể “%(object)s”.")

    def base_queryset(self):
        return Subject.objects.select_related("unit")

    def after_save(self, obj, created):
        _warn_similar(self.request, obj)


class SubjectDeleteView(ObjectDeleteView):
    """Confirmation page, then the service deletes or refuses with the list of records that refer to it."""

    model = Subject
    form_class = SubjectDeleteForm
    template_name = "subjects/subject_confirm_delete.html"
    context_object_name = "subject"
    delete_service = staticmethod(services.subject_delete)
    success_message = gettext_lazy("Đã xoá chủ thể “%(object)s”.")

    def base_queryset(self):
        return Subject.objects.select_related("unit__parent")


class SubjectHistoryView(ObjectHistoryView):
    model = Subject
