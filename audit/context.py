"""The request id of the HTTP request (or job) currently running, for the audit log."""

import contextvars
import uuid

_request_id = contextvars.ContextVar("ocop_request_id", default="")


def current_request_id():
    return _request_id.get() or ""


def set_request_id(value=None):
    value = value or uuid.uuid4().hex
    return _request_id.set(value), value


def reset_request_id(token):
    _request_id.reset(token)
