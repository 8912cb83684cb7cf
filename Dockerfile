# OCOP Portal image: one image for the web (gunicorn), the Celery worker and Celery beat.
# NOTE: docker is not available on the development machines, so this file has not been built there (see README).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    OCOP_ENV=production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# WeasyPrint needs Pango (with pangoft2), HarfBuzz (and its subset library) and fontconfig; Liberation Serif
# (metric-compatible with Times New Roman) and DejaVu cover Vietnamese for the printed documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-liberation2 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# Translations and static files are built into the image. The variables below exist only for this step.
RUN python manage.py compilemessages -l en -i .venv \
 && OCOP_ENV=production SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 --home-dir /app ocop \
 && mkdir -p /data/media && chown -R ocop /data

USER ocop
EXPOSE 8000
# Workers, threads and the limit on concurrent password checks: ocop_portal/gunicorn.conf.py (GUNICORN_* variables).
CMD ["gunicorn", "-c", "ocop_portal/gunicorn.conf.py", "ocop_portal.wsgi"]
