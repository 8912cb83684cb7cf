"""Celery tasks of the programme app. Progress is computed on request (``programme.indicators``); nothing runs on
a schedule yet."""
