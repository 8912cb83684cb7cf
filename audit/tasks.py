"""Background jobs get a request id too: the Celery task id, so audit entries written by a job point back to it.

A task run eagerly inside an HTTP request (development, tests) keeps that request's id instead.
"""

import contextlib

from celery.signals import task_postrun, task_prerun

from .context import current_request_id, reset_request_id, set_request_id

_TOKEN_ATTR = "_ocop_request_id_token"


@task_prerun.connect(dispatch_uid="audit-request-id-prerun")
def _start_job(task_id=None, task=None, **kwargs):
    eager = bool(task is not None and getattr(task.request, "is_eager", False))
    token, _value = set_request_id((current_request_id() if eager else "") or task_id)
    if task is not None:
        setattr(task.request, _TOKEN_ATTR, token)


@task_postrun.connect(dispatch_uid="audit-request-id-postrun")
def _end_job(task=None, **kwargs):
    token = getattr(getattr(task, "request", None), _TOKEN_ATTR, None)
    if token is not None:
        with contextlib.suppress(ValueError):  # token created in another context
            reset_request_id(token)
