"""Create forms are idempotent against a double submission (double-click on "Lưu", reload after a POST).

``OneTimeSubmitMixin`` is the base of every create view (it sits first in the class's bases):

* a GET answers the page with a fresh one-time token in a hidden field ``_submit_token`` of the page's own form
  (added to the HTML the view rendered, so no template has to remember it); the GET writes nothing;
* the first POST carrying a token does the work; when it ends in a redirect (the created object's page) the
  token and that URL are remembered in the session;
* another POST with the same token does nothing and redirects to what the first one created.

Two POSTs arriving at the same time are serialised on the session's database row (``SELECT ... FOR UPDATE``), so
the second one waits for the first and then finds its URL: exactly one object is created. A POST that fails
validation re-renders the form with the same token, so the corrected submission still counts once. A POST without
a token (API clients, scripts, old tabs) is processed as before.
"""

import re
import secrets

from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

TOKEN_FIELD = "_submit_token"
SESSION_KEY = "ocop_submitted_forms"
KEEP = 30  # tokens remembered per session (the most recent ones)

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_METHOD_POST = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.IGNORECASE)
_ACTION = re.compile(r"""\baction\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def new_token():
    return secrets.token_urlsafe(24)


def _posts_here(tag, request):
    """A POST form that submits to this page (no action, an empty one, or this path)."""
    if not _METHOD_POST.search(tag):
        return False
    action = _ACTION.search(tag)
    if action is None:
        return True
    target = action.group(2).split("?")[0].split("#")[0]
    return target in {"", ".", request.path}


def add_token_field(html, request, token):
    """``html`` with a hidden token field right after the opening tag of every POST form submitting to this page."""
    field = f'<input type="hidden" name="{TOKEN_FIELD}" value="{escape(token)}">'

    def add(match):
        tag = match.group(0)
        return tag + field if _posts_here(tag, request) else tag

    return _FORM_TAG.sub(add, html)


class OneTimeSubmitMixin:
    """Base of the create views: a double submission of the same form creates one object (see the module)."""

    def dispatch(self, request, *args, **kwargs):
        if not getattr(request.user, "is_authenticated", False) or not hasattr(request, "session"):
            return super().dispatch(request, *args, **kwargs)
        if request.method == "POST":
            token = request.POST.get(TOKEN_FIELD, "")
            if _TOKEN_RE.match(token):
                return self._post_once(request, token, *args, **kwargs)
            return self._with_token(request, super().dispatch(request, *args, **kwargs), new_token())
        if request.method == "GET":
            return self._with_token(request, super().dispatch(request, *args, **kwargs), new_token())
        return super().dispatch(request, *args, **kwargs)

    def _post_once(self, request, token, *args, **kwargs):
        with transaction.atomic():
            done = _locked_tokens(request)
            url = done.get(token)
            if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
                messages.info(request, _("Biểu mẫu này đã được gửi trước đó; đây là kết quả của lần gửi đầu tiên."))
                return HttpResponseRedirect(url)
            response = super().dispatch(request, *args, **kwargs)
            location = response.get("Location") if 300 <= response.status_code < 400 else None
            if location:
                done.pop(token, None)
                done[token] = location
                _store_tokens(request, done)
        return self._with_token(request, response, token)

    def _with_token(self, request, response, token):
        """Add the token field to an HTML page answered by this view (lazy template responses after rendering)."""
        if response.status_code >= 300 or "html" not in response.get("Content-Type", ""):
            return response
        if getattr(response, "streaming", False):
            return response

        def add(rendered):
            charset = rendered.charset or "utf-8"
            rendered.content = add_token_field(rendered.content.decode(charset), request, token).encode(charset)

        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(add)
        else:
            add(response)
        return response


def _locked_tokens(request):
    """The session's {token: url}, read fresh under a row lock when the session lives in the database."""
    session = request.session
    if isinstance(session, DatabaseSessionStore) and session.session_key:
        model = session.model
        row = model.objects.select_for_update().filter(session_key=session.session_key).first()
        if row is not None:
            stored = session.decode(row.session_data).get(SESSION_KEY, {})
            session[SESSION_KEY] = dict(stored)
            return dict(stored)
    return dict(session.get(SESSION_KEY, {}))


def _store_tokens(request, done):
    session = request.session
    session[SESSION_KEY] = dict(list(done.items())[-KEEP:])
    if isinstance(session, DatabaseSessionStore) and session.session_key:
        session.save()  # inside the locked transaction: the waiting request reads it as soon as this one commits
