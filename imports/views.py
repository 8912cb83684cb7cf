"""Pages of the import: choose a kind, download its template, upload (checked first), review, confirm, follow."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from accounts.permissions import is_office, role_allows
from accounts.services import account_from_link, account_set_first_password
from ocop_portal.downloads import content_disposition
from ocop_portal.errors import error_message, error_messages
from ocop_portal.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from ocop_portal.submission import OneTimeSubmitMixin

from . import selectors, services
from .forms import ImportCommitForm, ImportUploadForm
from .importers import get_importer
from .importers.base import ACTION_LABELS
from .spec_files import template_columns, template_csv, template_xlsx


def kind_label(job):
    """The kind's label; the kinds added for a province moving in are not (yet) choices of ``ImportJob.kind``."""
    importer = get_importer(job.kind)
    return importer.label if importer is not None else job.get_kind_display()


def _importer_or_404(user, kind):
    importer = get_importer(kind)
    if importer is None:
        raise Http404
    if not importer.allowed(user):
        raise PermissionDenied
    return importer


class ImportIndexView(LoginRequiredMixin, View):
    def get(self, request):
        if not role_allows(request.user, "view"):
            raise PermissionDenied
        paginator = Paginator(selectors.jobs_for(request.user), 20)
        page = paginator.get_page(request.GET.get("page"))
        for job in page.object_list:
            job.kind_label = kind_label(job)
        return render(
            request,
            "imports/index.html",
            {
                "importers": selectors.importers_for(request.user),
                "jobs": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "is_paginated": page.has_other_pages(),
                "can_see_checklist": is_office(request.user),
            },
        )


class ImportKindView(OneTimeSubmitMixin, LoginRequiredMixin, View):
    """The page of one kind: what the file holds (column table), the template files, the upload form. A double
    click on "Tải lên" checks the file once: the second POST goes to the first one's job."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.importer = _importer_or_404(request.user, kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form):
        context = {"importer": self.importer, "columns": template_columns(self.importer), "form": form}
        return render(self.request, "imports/kind.html", context)

    def get(self, request, kind):
        return self.render_page(ImportUploadForm())

    def post(self, request, kind):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        try:
            job = services.import_job_create(actor=request.user, kind=kind, uploaded_file=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in error_messages(exc):  # everything about the upload is shown next to the file
                form.add_error("file", message)
            return self.render_page(form)
        queued = services.import_job_start_check(job=job)
        job.refresh_from_db()
        if queued:
            messages.info(request, _("Tệp lớn đang được kiểm tra ở chế độ nền; trang sẽ tự cập nhật tiến độ."))
        elif job.can_retry:
            messages.error(request, job.failure)
        return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request, kind, fmt):
        importer = _importer_or_404(request.user, kind)
        if fmt == "xlsx":
            content, content_type = template_xlsx(importer), XLSX_CONTENT_TYPE
        else:
            content, content_type = template_csv(importer), CSV_CONTENT_TYPE
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition(f"Mẫu nhập - {importer.label}.{fmt}")
        return response


class JobMixin(LoginRequiredMixin):
    def get_job(self, pk):
        return get_object_or_404(selectors.jobs_for(self.request.user), pk=pk)


def _job_context(request, job):
    report = job.report
    percent, done, total = selectors.job_progress(job)
    actions = report.get("actions", [])
    for action in actions:
        action["label_action"] = ACTION_LABELS.get(action["action"], action["action"])
    return {
        "job": job,
        "kind_label": kind_label(job),
        "report": report,
        "actions": actions,
        "errors": report.get("errors", []),
        "warnings": report.get("warnings", []),
        "percent": percent,
        "done": done,
        "total": total,
        "can_commit": job.can_commit and job.requested_by_id == request.user.pk,
        "can_retry": job.can_retry and job.requested_by_id == request.user.pk,
        "commit_form": ImportCommitForm(),
        "nothing_to_do": job.created_count == 0 and job.updated_count == 0,
    }


class JobDetailView(JobMixin, View):
    def get(self, request, pk):
        job = self.get_job(pk)
        return render(request, "imports/job_detail.html", _job_context(request, job))


class JobProgressView(JobMixin, View):
    """The progress bar, polled by htmx every second; once the job is finished the page reloads itself."""

    def get(self, request, pk):
        job = self.get_job(pk)
        response = render(request, "imports/_progress.html", _job_context(request, job))
        if not job.is_running:
            response["HX-Refresh"] = "true"
        return response


class JobCommitView(JobMixin, View):
    def post(self, request, pk):
        job = self.get_job(pk)
        form = ImportCommitForm(request.POST)
        if not form.is_valid():
            context = _job_context(request, job)
            context["commit_form"] = form
            return render(request, "imports/job_detail.html", context, status=400)
        try:
            queued = services.import_job_start_commit(actor=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
            return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))
        job.refresh_from_db()
        if queued:
            messages.info(request, _("Đang nhập ở chế độ nền; trang sẽ tự cập nhật tiến độ."))
        elif job.can_retry:
            messages.error(request, job.failure)
        elif job.status == "done":
            messages.success(
                request,
                _("Đã nhập xong: %(created)s dòng thêm mới, %(updated)s dòng cập nhật, %(unchanged)s dòng không đổi.")
                % {"created": job.created_count, "updated": job.updated_count, "unchanged": job.unchanged_count},
            )
        else:
            messages.error(request, _("Không nhập được; không dòng nào được ghi. Xem lỗi bên dưới."))
        return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))


class JobRetryView(JobMixin, View):
    """Run again the step of a job that failed for a system reason (worker stopped, broker or database away)."""

    def post(self, request, pk):
        job = self.get_job(pk)
        try:
            queued = services.import_job_retry(actor=request.user, job=job)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
            return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))
        job.refresh_from_db()
        if queued:
            messages.info(request, _("Đã gửi lại sang bộ xử lý nền; trang sẽ tự cập nhật tiến độ."))
        elif job.status == "failed":
            messages.error(request, job.failure or _("Vẫn chưa chạy lại được; xem lý do bên dưới."))
        elif job.status == "done":
            messages.success(request, _("Đã nhập xong."))
        else:
            messages.success(request, _("Đã chạy lại xong; xem kết quả bên dưới."))
        return HttpResponseRedirect(reverse("imports:job", args=[job.pk]))


class ChecklistView(LoginRequiredMixin, View):
    """The go-live checklist of the coordination office: what each kind has loaded in its area (by year and by
    unit) and what is still missing for the province's reports to be complete, with the template and import link
    of each line."""

    def get(self, request):
        if not is_office(request.user):
            raise PermissionDenied
        return render(request, "imports/checklist.html", {"checklist": selectors.golive_checklist(request.user)})


class SetPasswordView(View):
    """Where the owner of an imported account chooses its first password, from the link e-mailed to them
    (``?u=<uid>&t=<token>``: Django's password-reset token, one use). A wrong, used or expired link says so."""

    def _account(self, request):
        data = request.POST if request.method == "POST" else request.GET
        return data.get("u", ""), data.get("t", ""), account_from_link(data.get("u"), data.get("t"))

    def _render(self, request, uid, token, account, form, status=200):
        context = {"form": form, "uid": uid, "token": token, "account": account}
        return render(request, "imports/set_password.html", context, status=status)

    def get(self, request):
        uid, token, account = self._account(request)
        form = SetPasswordForm(account) if account else None
        return self._render(request, uid, token, account, form)

    def post(self, request):
        uid, token, account = self._account(request)
        if account is None:
            return self._render(request, uid, token, None, None, status=400)
        form = SetPasswordForm(account, request.POST)
        if not form.is_valid():
            return self._render(request, uid, token, account, form)
        account_set_first_password(account=account, password=form.cleaned_data["new_password1"])
        messages.success(request, _("Đã đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập và mật khẩu vừa đặt."))
        return HttpResponseRedirect(reverse("login"))
