"""Settings for the OCOP portal, read from environment variables.

Embedded default (nothing set): SQLite file, eager Celery, DEBUG on, for trying the portal out.
Production (``OCOP_ENV=production``): DEBUG off, secure cookies, HSTS, SSL redirect; ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``CELERY_BROKER_URL`` must be set.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


OCOP_ENV = env("OCOP_ENV", "development")
PRODUCTION = OCOP_ENV == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when OCOP_ENV=production.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-ocop-portal-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "ocop_portal",
    "areas",
    "accounts",
    "audit",
    "subjects",
    "products",
    "evaluations",
    "decisions",
    "catalogue",
    "producers",
    "notices",
    "programme",
    "reports",
    "imports",
    "dashboard",
]
# Development-only app (demo data ``seed_demo``, ``generate_data``, ``bench_import``): installed outside production,
# or in production only when OCOP_DEV_APPS=1 asks for it (e.g. a demo server). No production module imports it.
if env_bool("OCOP_DEV_APPS", not PRODUCTION):
    INSTALLED_APPS.append("devdata")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop_portal.middleware.VietnameseFirstLocaleMiddleware",
    "ocop_portal.middleware.RejectNulBytesMiddleware",  # 400 before PostgreSQL sees a NUL character
    "ocop_portal.middleware.ApiJsonNotFoundMiddleware",  # an unknown /api/ URL is a JSON 404 too
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.RequestIdMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page (accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"
WSGI_APPLICATION = "ocop_portal.wsgi.application"
ASGI_APPLICATION = "ocop_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop_portal.context_processors.navigation",
                "notices.context_processors.unread_notices",
            ],
        },
    },
]

# Drop-down lists written in Python (the same markup as Django's templates, several times faster: see the module).
FORM_RENDERER = "ocop_portal.form_renderer.PortalFormRenderer"

# Database: DATABASE_URL (postgres://user@host:5432/name) or an SQLite file for trying the portal out.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
_PG_OPTIONS = []
if USING_POSTGRES and env("DB_JIT", "off") == "off":
    # PostgreSQL's JIT compiles every statement whose estimated cost passes jit_above_cost, on every execution:
    # 0.1-2.5 s per statement for the status subqueries of the lists and reports, much more than it saves on
    # this workload (bench/README.md). DB_JIT=on keeps the server's setting.
    _PG_OPTIONS.append("-c jit=off")
if USING_POSTGRES and env("DB_RANDOM_PAGE_COST", "1.1") != "server":
    # The portal's data fits in memory, where an index lookup costs about what a sequential read does; with the
    # server default (4, for spinning disks) the planner scans all 50.000 products to count a province's 2.000.
    # 1.1 is the usual setting for cached data / SSDs: the load-test pages' statements took 32 % less PostgreSQL
    # time (bench/RESULTS.md, 07/12/2026). DB_RANDOM_PAGE_COST=server keeps the server's setting.
    _PG_OPTIONS.append(f"-c random_page_cost={float(env('DB_RANDOM_PAGE_COST', '1.1'))}")
if _PG_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_PG_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2id first (accounts/hashers.py says why and with which parameters); the PBKDF2 hashers after it read the
# hashes made before, which Django re-makes with Argon2id at the user's next successful login.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any login (form, admin, API token) while username+IP is locked out; then the usual check.
    "accounts.backends.PortalAxesBackend",
    "accounts.backends.PortalModelBackend",  # Django's, with the user's unit read in the same query
    "django.contrib.auth.backends.ModelBackend",  # sessions opened before PortalModelBackend existed
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language, time zone, formats: Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Thousand separators are understood in input ("2.000" is two thousand), but templates never group numbers on
# their own (NUMBER_GROUPING = 0 in ocop_portal/formats): ids and years stay plain ("/products/1220/", "năm 2022");
# quantities are grouped explicitly with the ``vn_number`` filter (7.678,61).
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ocop_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded dossier files live outside the web root and are only served through views that check role and area.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# No URL pattern serves this prefix (it must be a string: Django's test live server parses it).
MEDIA_URL = "/_uploads_not_served/"
OCOP_UPLOAD_MAX_MB = int(env("OCOP_UPLOAD_MAX_MB", "20"))
# Images of more pixels than this are refused at upload (decompression bombs; ocop_portal/uploads.py).
OCOP_UPLOAD_MAX_MEGAPIXELS = int(env("OCOP_UPLOAD_MAX_MEGAPIXELS", "40"))
# Imports of this many rows or more run as a Celery job with a progress bar.
OCOP_IMPORT_ASYNC_ROWS = int(env("OCOP_IMPORT_ASYNC_ROWS", "10000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The size limit is applied while the body arrives, before the storing handlers (ocop_portal/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "ocop_portal.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ocop-portal@localhost")

# Celery: a real broker when CELERY_BROKER_URL or REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL"))
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# visibility_timeout: with acks_late (below) a message taken by a worker that dies is given to another worker after
# this many seconds; it must exceed the longest task (imports and reports have a 1,800 s time_limit), or a slow task
# would run twice. A dead worker's job is found much sooner by the heartbeat reaper (reap-stale-jobs below).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "visibility_timeout": 3600,
}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Every periodic schedule of the portal is defined here and nowhere else.
CELERY_BEAT_SCHEDULE = {
    # Every product's current recognition gets its public verification code (QR on labels and certificates).
    "catalogue-public-codes": {"task": "catalogue.tasks.ensure_public_codes", "schedule": 600},
    "purge-old-sessions": {
        "task": "ocop_portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=30),
    },
    "check-expiring-recognitions": {
        "task": "decisions.tasks.check_expiring_recognitions",
        "schedule": crontab(hour=6, minute=0),
    },
    # Producers' reminders 90 and 30 days before their recognition ends, each once, with the re-evaluation link.
    "producer-expiry-notices": {
        "task": "notices.tasks.send_expiry_notices",
        "schedule": crontab(hour=6, minute=15),
    },
    # Drafts of the 6-month report (due 15/6) on 1 June and of the annual report (due 15/12) on 1 December.
    "draft-six-month-reports": {
        "task": "reports.tasks.draft_scheduled_reports",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year=6),
        "args": ("six_month",),
    },
    "draft-annual-reports": {
        "task": "reports.tasks.draft_scheduled_reports",
        "schedule": crontab(minute=0, hour=5, day_of_month=1, month_of_year=12),
        "args": ("annual",),
    },
    # Import and report jobs whose worker died (no heartbeat for OCOP_JOB_STALE_SECONDS, 120 s): retried once, else
    # shown as failed with a retry button (ocop_portal/tasks.py).
    "reap-stale-jobs": {
        "task": "ocop_portal.tasks.reap_stale_jobs",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Dashboard summary table: recompute the recently viewed snapshots whose data changed (a change shows within
    # a minute); a run still going makes the next one skip, a queued run older than 25 s is dropped.
    "refresh-dashboard-snapshots": {
        "task": "dashboard.tasks.refresh_dashboard_snapshots",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ExpiringTokenAuthentication",
    ],
    # Rates per client address (anonymous), per user, and for /api/token/ (per address): "60/min", "1000/hour"...
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("OCOP_API_THROTTLE_ANON", "60/min"),
        "user": env("OCOP_API_THROTTLE_USER", "1200/min"),
        "api_token": env("OCOP_API_THROTTLE_TOKEN", "10/min"),
    },
    # Reverse proxies in front (their X-Forwarded-For gives the client address the anonymous rate counts by).
    "NUM_PROXIES": int(env("OCOP_TRUSTED_PROXY_COUNT", "0")) or None,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "ocop_portal.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    # Services' ValidationError / PermissionDenied / ServiceError / VersionConflict -> 400 / 403 / 409 (one place).
    "EXCEPTION_HANDLER": "ocop_portal.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP Portal API",
    "DESCRIPTION": (
        "API của Cổng thông tin OCOP tỉnh: chủ thể, sản phẩm, hồ sơ, đợt đánh giá và phiếu chấm, quyết định công nhận,"
        " thu hồi, kế hoạch, chỉ tiêu, kinh phí, báo cáo và nhật ký thay đổi.\n\n"
        "**Đăng nhập.** Gửi tên đăng nhập và mật khẩu tới `POST /api/token/` để nhận mã (token), rồi gửi kèm mỗi"
        " yêu cầu trong tiêu đề `Authorization: Token <mã>`. Mã hết hạn sau một số giờ (cấu hình"
        " `OCOP_API_TOKEN_TTL_HOURS`); khi hết hạn, xin mã mới.\n\n"
        "**Phạm vi.** Mọi danh sách và bản ghi đều giới hạn theo địa bàn và vai trò của tài khoản: bản ghi ngoài địa"
        " bàn trả về 404, thao tác vai trò không được làm trả về 403.\n\n"
        "**Danh sách** có phân trang (`page`, `page_size`), lọc theo các tham số ghi ở từng thao tác và sắp xếp bằng"
        " `ordering`. **Sửa** một bản ghi gửi kèm `version` đã đọc; nếu người khác đã lưu trước, API trả về 409 kèm"
        " các trường đã thay đổi.\n\n"
        "**Lỗi** trả về JSON: 400 (dữ liệu không hợp lệ, theo từng trường), 401, 403, 404, 409, 415, 429 (quá nhiều"
        " yêu cầu: thử lại sau số giây trong tiêu đề `Retry-After`). Ngày theo dạng ISO (2023-06-15), số tiền theo"
        ' triệu đồng, số thập phân dạng chuỗi ("7678.61").'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents the errors it may answer with (400/401/403/404/409/415/429, JSON bodies).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ocop_portal.api.document_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set (several models have fields called "kind" or "status").
    "ENUM_NAME_OVERRIDES": {
        "DecisionKindEnum": "decisions.models.DecisionKind",
        "DecisionStatusEnum": "decisions.models.DecisionStatus",
        "RecognitionKindEnum": "decisions.models.RecognitionKind",
        "RevocationGroundEnum": "decisions.models.RevocationGround",
        "RegistrationKindEnum": "evaluations.models.RegistrationKind",
        "RegistrationStatusEnum": "evaluations.models.RegistrationStatus",
        "RoundStatusEnum": "evaluations.models.RoundStatus",
        "SheetStatusEnum": "evaluations.models.SheetStatus",
        "ChannelKindEnum": "products.models.ChannelKind",
        "CertificationKindEnum": "products.models.CertificationKind",
        "ProductionStatusEnum": "products.models.ProductionStatus",
        "PlanStatusEnum": "programme.models.PlanStatus",
        "ActivityKindEnum": "programme.models.ActivityKind",
        "SubjectStatusEnum": "subjects.models.SubjectStatus",
        "ReportKindEnum": "reports.models.ReportKind",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "ImportKindEnum": "imports.models.ImportKind",
        "ImportStatusEnum": "imports.models.JobStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when OCOP_ENV=production.")
    # Never fall back to the SQLite file or to in-process (eager) tasks in production.
    if not env("DATABASE_URL"):
        raise ImproperlyConfigured("DATABASE_URL must be set when OCOP_ENV=production.")
    if not CELERY_BROKER_URL:
        raise ImproperlyConfigured("CELERY_BROKER_URL (or REDIS_URL) must be set when OCOP_ENV=production.")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600

# The cache holds the API throttle counters. With CACHE_URL (redis://host:6379/2) every gunicorn worker and machine
# counts together; without it each process keeps its own counts in memory (development, tests).
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ocop"}}
# Sessions: with the shared cache (CACHE_URL) read from it and written through to the database ("cached_db"): no
# database query per request for the session, and no one logged out when Redis restarts. Without CACHE_URL every
# process would have its own memory cache, where a session ended in one process would live on in another: plain
# database sessions then. SESSION_ENGINE overrides either.
SESSION_ENGINE = env(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db" if CACHE_URL else "django.contrib.sessions.backends.db",
)

# Brute-force protection (django-axes): after OCOP_LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# client address, that username is refused from that address for OCOP_LOGIN_COOLOFF_MINUTES (the right password
# too). Locking by username+IP, not IP alone, so one attacker cannot lock out a whole office behind one NAT address,
# and not username alone, so an attacker elsewhere cannot lock a colleague out. Unlock: Django admin
# ("Axes > Access attempts", delete) or ``manage.py axes_reset_username <username>`` / ``axes_reset``.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(env("OCOP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("OCOP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The client address: REMOTE_ADDR, or with OCOP_TRUSTED_PROXY_COUNT reverse proxies in front (nginx), the address
# those proxies appended to X-Forwarded-For (accounts/lockout.py).
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
OCOP_TRUSTED_PROXY_COUNT = int(env("OCOP_TRUSTED_PROXY_COUNT", "0"))

# API tokens stop working this many hours after they were issued (obtain a new one at /api/token/); changing the
# password or deactivating the account deletes them (accounts/signals.py).
OCOP_API_TOKEN_TTL_HOURS = int(env("OCOP_API_TOKEN_TTL_HOURS", "24"))
# The public catalogue (catalogue app): absolute base of the verification URLs printed on certificates (when no
# request is at hand, e.g. a PDF made by a job), the per-IP rate of its public API, and how long its answers are
# served from the cache.
OCOP_PUBLIC_BASE_URL = env("OCOP_PUBLIC_BASE_URL", "")
OCOP_PUBLIC_API_RATE = env("OCOP_PUBLIC_API_RATE", "120/min")
OCOP_PUBLIC_CACHE_SECONDS = int(env("OCOP_PUBLIC_CACHE_SECONDS", "60"))

# Content-Security-Policy on every response (django-csp): scripts only from our own static files, no inline script.
# Styles allow 'unsafe-inline' (style attributes: progress-bar widths, Swagger UI); scripts never do.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
