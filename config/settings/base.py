"""Settings shared by every environment; values come from environment variables.

The embedded defaults (SQLite, Whoosh on disk, a file cache, console email) run with no
server. `production.py` refuses to start without the variables listed in
`docs/deployment.md`.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from config.observability import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("EXTRANET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "extranet.apps.ExtranetConfig",
    "skills_directory.apps.SkillsDirectoryConfig",
    "notifications.apps.NotificationsConfig",
    "equipment_loans.apps.EquipmentLoansConfig",
    "equipment_loans.exchange.apps.ExchangeConfig",
    "resources.apps.ResourcesConfig",
    "demo.apps.DemoConfig",
    "extranet.admin_site.SuperuserAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Object permissions
    "guardian",
    # Search: haystack before wagtail.search, both ship `update_index` (DESIGN.md).
    "haystack",
    "search.apps.SearchConfig",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Documents
    "easy_thumbnails",
    "filer",
    "mptt",
    # Front-end helpers
    "django_htmx",
    "widget_tweaks",
    # Forum: django-machina. Three of its apps are overridden by label from forum/machina_apps/
    # (docs/forum.md); the project's own forum app (label "network_forum") comes after them,
    # because machina's get_class takes the first INSTALLED_APPS entry matching a label.
    "machina",
    "forum.machina_apps.forum",
    "forum.machina_apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "forum.machina_apps.forum_conversation.forum_polls",
    "forum.machina_apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "forum.machina_apps.forum_tracking",
    "machina.apps.forum_member",
    "forum.machina_apps.forum_permission",
    "forum.apps.NetworkForumConfig",
    "csp",
    # Background work: django-tasks with its database queue (a worker runs `db_worker`).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every log line of the request, and its error report, carry its id.
    "config.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "extranet.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "extranet.locale_middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "extranet.security.PrivateCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "machina.apps.forum_permission.middleware.ForumPermissionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "extranet.middleware.RequireTwoFactorForStaffMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Ours first: they override machina's (docs/forum.md).
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "extranet.context_processors.site_chrome",
                "notifications.context_processors.unread",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers go on while one writer writes; busy_timeout makes writers queue.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# machina's app configs set no default_auto_field (DESIGN.md): keep AutoField globally and
# set BigAutoField in our own app configs.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
AUTH_USER_MODEL = "extranet.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "extranet")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, whose clear() deletes this site's keys only (not FLUSHDB).
            "BACKEND": "extranet.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # A file cache is shared by every process of one machine, so login rate limits hold
    # across web workers even with no Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# machina keeps the files attached to a post being previewed in this cache between requests.
CACHES["machina_attachments"] = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": str(VAR_DIR / "cache-forum-attachments"),
    "TIMEOUT": 60 * 60,
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Browser-side protections (extranet/security.py) -----------------------------------
_TILES_HOST = "https://" + os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/").split("/")[2]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline style attributes are allowed (Leaflet and some library templates set them);
        # scripts never are.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", _TILES_HOST],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Accounts ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "extranet.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# An address is used (sign-in, password reset, notifications) only once proven. The invitation
# link proves the address of an account made from it, so `services.user_create` records that one
# as verified and the invitation path has no extra step; any other address proves itself through
# the link allauth mails to it (docs/security.md, "Accounts").
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# One address per account: a new one replaces the old only once verified, and the old one is told.
ACCOUNT_CHANGE_EMAIL = True
# Adding, changing or removing an address asks for the password (or a TOTP code) again, so a
# stolen session cannot move the account to another mailbox.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Mails to the account's address on every change to its security: address changed (sent to the
# old one), password changed or reset, two-factor authentication turned on or off.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {"reset_password": "extranet.forms.ResetPasswordToVerifiedAddressForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # the member ticks "stay signed in"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Musenor] "
# Sign-in limits (docs/security.md). A museum's whole staff may share one public address, so
# the address alone has a high ceiling; the tight limits are per account and per address and
# account together ("login_failed_ip_account", counted by extranet.adapters.AccountAdapter).
# "login_failed" with per "key" also limits wrong TOTP codes per account (allauth keys them
# on the account). The key rate comes first: an attempt refused for its account does not
# use up the address's allowance, so one person hammering a locked account cannot lock out
# their colleagues.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "10/15m/key,60/15m/ip",
    "login_failed_ip_account": "5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Musenor"
# allauth refuses TOTP set-up while the account has an unverified address, against someone who
# signs up with another person's address first. Nobody signs up here (accounts come from
# invitations), and the refusal let anyone lock a coordinator out by requesting a password
# reset for their address before their first sign-in (issue 14, finding 5).
MFA_ALLOW_UNVERIFIED_EMAIL = True
# The code that turns TOTP on is spent, like a sign-in code: it cannot sign in again.
MFA_FORMS = {"activate_totp": "extranet.forms.ActivateTOTPSpendingCodeForm"}
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # "stay signed in" lasts a month

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = "AnonymousUser"

# Invitations
INVITATION_TTL_DAYS = int(os.environ.get("INVITATION_TTL_DAYS", "7"))

# Conservation kit (docs/kit.md): whole days kept free between two loans of a unit, longest loan.
KIT_TURNAROUND_DAYS = int(os.environ.get("KIT_TURNAROUND_DAYS", "1"))
KIT_MAX_BOOKING_DAYS = int(os.environ.get("KIT_MAX_BOOKING_DAYS", "42"))

# Equipment exchange (docs/exchange.md): a new offer is matched to wanted ads of the same
# department or of museums within this distance.
EXCHANGE_MATCH_DISTANCE_KM = int(os.environ.get("EXCHANGE_MATCH_DISTANCE_KM", "50"))

# Skills directory (docs/skills_directory.md): questions a member may send to experts per 24 hours.
SKILLS_QUESTIONS_PER_DAY = int(os.environ.get("SKILLS_QUESTIONS_PER_DAY", "5"))

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# django-leaflet ships Leaflet; its admin module needs GDAL, which we do not use, so the
# package is not an installed app and only its static files are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("", Path(importlib.util.find_spec("leaflet").origin).parent / "static"),
    MACHINA_MAIN_STATIC_DIR,
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Members-only files (profile photos, and later documents) live outside MEDIA_ROOT and are
# served only by permission-checked views; in production nginx sends them on the view's
# X-Accel-Redirect answer (docs/deployment.md).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "protected-media"))
PRIVATE_MEDIA_X_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_X_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Musenor <no-reply@musenor.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))  # a stalled SMTP server must not hold a worker

# --- Background tasks -------------------------------------------------------------------
# django-tasks, on one of two queues (docs/deployment.md): the database queue (django-tasks-db,
# the default: nothing more to run) or RQ on Redis (django-tasks-rq) for larger installations.
# `manage.py task_worker` starts the right worker; extranet/task_queue.py adapts the rest.
# The "search" queue carries index updates: exactly one worker process consumes it, since
# Whoosh allows one writer (docs/search.md).
TASK_QUEUES = ["default", "search"]
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
# A task RUNNING for longer than this is taken for one whose worker died, and put back in the queue
# by `manage.py requeue_stale_tasks` (extranet/task_queue.py). Keep it above the longest task.
TASK_STALE_AFTER_SECONDS = int(os.environ.get("TASK_STALE_AFTER_SECONDS", "3600"))
# Finished task results are kept this long (prune_task_results; RQ expires them itself).
TASK_RESULT_RETENTION_DAYS = int(os.environ.get("TASK_RESULT_RETENTION_DAYS", "14"))
if TASK_BACKEND == "rq":
    # RQ has no key prefix of its own: give it a Redis database no other site uses.
    RQ_REDIS_URL = os.environ.get("RQ_REDIS_URL", REDIS_URL)
    if not RQ_REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs RQ_REDIS_URL or REDIS_URL (docs/deployment.md).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {
        name: {
            "URL": RQ_REDIS_URL,
            # A task is stopped after this many seconds (RQ's job timeout).
            "DEFAULT_TIMEOUT": TASK_STALE_AFTER_SECONDS,
            "DEFAULT_RESULT_TTL": TASK_RESULT_RETENTION_DAYS * 24 * 3600,
        }
        for name in TASK_QUEUES
    }
elif TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
else:
    raise ImproperlyConfigured(f"TASK_BACKEND must be 'database' or 'rq', not {TASK_BACKEND!r}.")

# --- Scheduled work and retention (extranet/schedule.py, docs/deployment.md) ------------------
# Read notifications older than this are deleted (unread ones and ones waiting for a digest stay).
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", "180"))
# The audit trail is kept for ever; the address it recorded is erased after this many days.
AUDIT_IP_RETENTION_DAYS = int(os.environ.get("AUDIT_IP_RETENTION_DAYS", "365"))
# Nightly backups (manage.py backup) older than this are deleted by the backup job.
BACKUP_RETENTION_DAYS = int(os.environ.get("BACKUP_RETENTION_DAYS", "14"))

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Musenor — espace professionnel"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords are managed by allauth
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}  # no shared-password privacy (the key Wagtail reads)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents and images are kept with the members-only files and sent after a check of their
# collection's privacy (extranet/media.py; the policy is in docs/editors.md).
WAGTAILDOCS_DOCUMENT_MODEL = "extranet.NetworkDocument"
WAGTAILIMAGES_IMAGE_MODEL = "extranet.NetworkImage"
WAGTAILIMAGES_RENDITION_STORAGE = "extranet.media.cms_image_storage"
# The Snippets page lists every snippet type, also those with a menu entry of their own (the kit's
# inventory, the skills vocabulary).
WAGTAILSNIPPETS_MENU_SHOW_ALL = True
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "txt"]

# --- Search (haystack) ------------------------------------------------------------------
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backends.FrenchWhooshEngine",
        "PATH": str(Path(os.environ.get("WHOOSH_PATH", VAR_DIR / "whoosh_index"))),
        # forum/search_indexes.py replaces machina's post index (one index per model).
        "EXCLUDED_INDEXES": ["machina.apps.forum_search.search_indexes.PostIndex"],
    }
}
# A larger installation: OpenSearch 2 at SEARCH_URL (docs/search.md; pip install -r
# requirements-opensearch.txt), then `manage.py rebuild_index`.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
if SEARCH_URL:
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "search.opensearch.FrenchOpenSearchEngine",
        "URL": SEARCH_URL,
        "INDEX_NAME": os.environ.get("SEARCH_INDEX_NAME", "extranet"),
        "EXCLUDED_INDEXES": HAYSTACK_CONNECTIONS["default"]["EXCLUDED_INDEXES"],
    }
# Saves queue an index update after commit instead of writing the index in the request.
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.QueuedSignalProcessor"
# Every document of the index belongs to a registered model, so haystack's extra
# "django_ct in (all registered models)" clause only costs time: 124 ms -> 21 ms for a rare
# word at region scale (docs/benchmarks.md). Permissions are filtered separately, in the query.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

# --- Forum (django-machina, docs/forum.md) ----------------------------------------------
# The overridden machina apps keep machina's own migrations: no model of theirs is changed.
MIGRATION_MODULES = {
    "forum": "machina.apps.forum.migrations",
    "forum_conversation": "machina.apps.forum_conversation.migrations",
    "forum_permission": "machina.apps.forum_permission.migrations",
    "forum_tracking": "machina.apps.forum_tracking.migrations",
    "forum_polls": "machina.apps.forum_conversation.forum_polls.migrations",
}
MACHINA_FORUM_NAME = "Forum"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
MACHINA_USER_DISPLAY_NAME_METHOD = "get_forum_display_name"
# Post content: machina's markdown, then an nh3 allow-list (forum/markup.py).
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render", {"safe_mode": True, "extras": {"break-on-newline": True}})
MACHINA_MARKUP_WIDGET = "forum.widgets.MentionMarkdownWidget"
MACHINA_PROFILE_AVATARS_ENABLED = False
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 15
# Forum attachments: the types of extranet/uploads.py, checked against their bytes, up to this size.
FORUM_ATTACHMENT_MAX_MB = float(os.environ.get("FORUM_ATTACHMENT_MAX_MB", "50"))
# Seconds between two checks for new replies on an open topic page.
FORUM_LIVE_POLL_SECONDS = int(os.environ.get("FORUM_LIVE_POLL_SECONDS", "5"))

# --- Map --------------------------------------------------------------------------------
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.1, 2.8),
    "DEFAULT_ZOOM": 7,
    "TILES": [
        (
            "OpenStreetMap",
            os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "© OpenStreetMap", "maxZoom": 18},
        )
    ],
}

# --- Filer ------------------------------------------------------------------------------
FILER_ENABLE_PERMISSIONS = True
FILER_CANONICAL_URL = "sharing/"
# Shared documents (docs/resources.md): filer files are private by default and live under
# PRIVATE_MEDIA_ROOT/filer_private/, sent only by resources' permission-checked views.
FILER_IS_PUBLIC_DEFAULT = False
FILER_STORAGES = {
    "private": {
        "main": {
            "ENGINE": "resources.storage.FilerPrivateStorage",
            "OPTIONS": {},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": "filer_private",
        },
        "thumbnails": {
            "ENGINE": "resources.storage.FilerPrivateStorage",
            "OPTIONS": {},
            "THUMBNAIL_OPTIONS": {"base_dir": "filer_private_thumbnails"},
        },
    },
}
DOCUMENT_MAX_UPLOAD_MB = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "50"))
THUMBNAIL_HIGH_RESOLUTION = True

# --- Errors and logs (config/observability.py, docs/deployment.md) ---------------------------
# Server errors go to Sentry (or a self-hosted GlitchTip) when SENTRY_DSN is set, else by mail to
# ADMINS. Logs go to stderr (the journal): JSON lines with the request id when LOG_JSON is on
# (the default in production).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
ADMINS = [(address, address) for address in env_list("DJANGO_ADMINS")]
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = logging_config(level=LOG_LEVEL, json=env_bool("LOG_JSON", False), mail_admins=bool(ADMINS and not SENTRY_DSN))
