"""Caching headers for public answers: a strong ETag of the content and Last-Modified; 304 when unchanged."""

import datetime
import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

PUBLIC_MAX_AGE = 300


def last_modified_of(items):
    """The latest date in the published items (decisions and revocations), as a timestamp; None when empty."""
    days = []
    for item in items:
        for key in ("decision_date", "revocation_decision_date"):
            if item.get(key):
                days.append(item[key])
    if not days:
        return None
    day = max(days)
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC).timestamp()


def conditional(request, response, content, items=()):
    """Set ETag/Last-Modified/Cache-Control on ``response``; answer 304 to a matching conditional GET."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    last_modified = last_modified_of(items)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    answer = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    if answer is not response:
        answer["ETag"] = etag
        patch_cache_control(answer, public=True, max_age=PUBLIC_MAX_AGE)
    return answer
