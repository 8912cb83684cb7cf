from ocop_portal.views import ScopedListView

from .models import Subject


class ListPage(ScopedListView):
    model = Subject
    template_name = "subjects/subject_list.html"
