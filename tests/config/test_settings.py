import json
import os
import secrets
import subprocess
import sys

import pytest

from config.env import mailer_settings
from tests.support import ROOT

CONFIG_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "HTTPS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "STATIC_MANIFEST",
    "SITE_URL",
    "HOST",
    "PORT",
    "SQLITE_PATH",
    "DATABASE_POOL_MAX_SIZE",
    "CHANNEL_LAYER",
    "PAPER_MAX_SIZE_MB",
    "PAPER_MAX_PAGES",
    "PAPER_MAX_INFLATED_MB",
    "TWO_FACTOR_REQUIRED",
    "TRUSTED_PROXIES",
    "TRUSTED_PROXY_COUNT",
    "SSO_PROVIDERS",
}


def run_django(code: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "plenary.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://plenary.example.org",
        "SITE_URL": "https://plenary.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org",
    }


def test_check_deploy_reports_nothing_with_production_variables(tmp_path):
    result = run_django(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        production_env(),
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key", [None, "plenary-development-only-key-never-use-in-production"]
)
def test_settings_refuse_default_secret_key_when_debug_is_off(tmp_path, secret_key):
    env = production_env()
    env.pop("SECRET_KEY")
    if secret_key:
        env["SECRET_KEY"] = secret_key

    result = run_django("print('started')", env, tmp_path)

    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "SECRET_KEY must be set to a long random value when DEBUG is off" in result.stderr


def test_settings_refuse_wildcard_allowed_hosts(tmp_path):
    result = run_django("print('started')", {**production_env(), "ALLOWED_HOSTS": "*"}, tmp_path)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS may not contain '*'" in result.stderr


def test_settings_use_sqlite_wal_and_in_memory_layer_by_default(tmp_path):
    result = run_django(
        "import json\n"
        "from django.conf import settings\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    mode = cursor.fetchone()[0]\n"
        "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],\n"
        "  'options': settings.DATABASES['default']['OPTIONS'],\n"
        "  'journal': mode,\n"
        "  'layer': settings.CHANNEL_LAYERS['default']['BACKEND'],\n"
        "  'cache': settings.CACHES['default']['BACKEND'],\n"
        "  'email': settings.MAILERS['default']['BACKEND']}))",
        {"DEBUG": "1"},
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["options"]["transaction_mode"] == "IMMEDIATE"
    assert config["journal"] == "wal"
    assert config["layer"] == "channels.layers.InMemoryChannelLayer"
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    assert (tmp_path / "plenary.sqlite3").exists()


def test_settings_switch_to_postgresql_and_redis_from_urls(tmp_path):
    result = run_django(
        "import json\n"
        "from django.conf import settings\n"
        "db = settings.DATABASES['default']\n"
        "pool = dict(db['OPTIONS']['pool'])\n"
        "check = pool.pop('check')\n"
        "print(json.dumps({'engine': db['ENGINE'], 'name': db['NAME'], 'host': db['HOST'],\n"
        "  'max_age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS'],\n"
        "  'pool': pool, 'check': f'{check.__module__}.{check.__qualname__}',\n"
        "  'layer': settings.CHANNEL_LAYERS['default'],\n"
        "  'cache': settings.CACHES['default']['BACKEND']}))",
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://plenary@db.internal:5432/plenary",
            "REDIS_URL": "redis://cache.internal:6379/2",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["engine"] == "django.db.backends.postgresql"
    assert (config["name"], config["host"]) == ("plenary", "db.internal")
    assert config["max_age"] == 0
    assert config["health"] is True
    assert config["pool"] == {"min_size": 1, "max_size": 10, "timeout": 30}
    assert config["check"] == "config.database.check_pooled_connection"
    assert config["layer"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    host = config["layer"]["CONFIG"]["hosts"][0]
    assert host == {
        "address": "redis://cache.internal:6379/2",
        "socket_timeout": None,
        "max_connections": 10000,
    }
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(
    ("choice", "backend"),
    [
        ("redis", "channels_redis.core.RedisChannelLayer"),
        ("redis-pubsub", "channels_redis.pubsub.RedisPubSubChannelLayer"),
    ],
)
def test_channel_layer_can_be_chosen(tmp_path, choice, backend):
    result = run_django(
        "from django.conf import settings\nprint(settings.CHANNEL_LAYERS['default']['BACKEND'])",
        {"DEBUG": "1", "REDIS_URL": "redis://cache.internal:6379/2", "CHANNEL_LAYER": choice},
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


def test_unknown_channel_layer_is_refused(tmp_path):
    result = run_django(
        "print('started')",
        {
            "DEBUG": "1",
            "REDIS_URL": "redis://cache.internal:6379/2",
            "CHANNEL_LAYER": "carrier-pigeon",
        },
        tmp_path,
    )

    assert result.returncode != 0
    assert "CHANNEL_LAYER must be 'redis' or 'redis-pubsub'." in result.stderr


def test_email_url_smtp_with_starttls():
    mailer, sender = mailer_settings(
        "smtp+tls://mailer%40city.org:s3cret@smtp.city.org?from=noreply@city.org"
    )

    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.city.org",
            "port": 587,
            "username": "mailer@city.org",
            "password": "s3cret",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 30,
        },
    }
    assert sender == "noreply@city.org"


def test_email_url_console():
    assert mailer_settings("console://") == (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
        None,
    )


def test_email_url_unknown_scheme_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="scheme 'pigeon' is not supported"):
        mailer_settings("pigeon://loft")


def test_paper_limits_come_from_the_environment(tmp_path):
    result = run_django(
        "from django.conf import settings\n"
        "print(settings.PAPER_MAX_BYTES, settings.PAPER_MAX_PAGES,"
        " settings.PAPER_MAX_INFLATED_BYTES)",
        {
            **production_env(),
            "PAPER_MAX_SIZE_MB": "20",
            "PAPER_MAX_PAGES": "80",
            "PAPER_MAX_INFLATED_MB": "64",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(20 * 1024 * 1024), "80", str(64 * 1024 * 1024)]


def test_paper_limits_default_to_10_mb_and_50_pages(tmp_path):
    result = run_django(
        "from django.conf import settings\n"
        "print(settings.PAPER_MAX_BYTES, settings.PAPER_MAX_PAGES)",
        production_env(),
        tmp_path,
    )

    assert result.stdout.split() == [str(10 * 1024 * 1024), "50"]


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({"DEBUG": "1", "PORT": "8802"}, "http://localhost:8802"),
        ({"DEBUG": "1", "HOST": "127.0.0.1", "PORT": "8802"}, "http://127.0.0.1:8802"),
        ({"DEBUG": "1", "HOST": "0.0.0.0", "PORT": "9000"}, "http://localhost:9000"),  # noqa: S104
        ({"DEBUG": "1", "HOST": "::1", "PORT": "9000"}, "http://[::1]:9000"),
        ({"DEBUG": "1"}, "http://localhost:8000"),
        (
            {"DEBUG": "1", "PORT": "8802", "SITE_URL": "http://dev.example:1"},
            "http://dev.example:1",
        ),
        ({**production_env(), "PORT": "8802"}, "https://plenary.example.org"),
        ({**production_env(), "PORT": "8802", "SITE_URL": ""}, "http://localhost:8000"),
    ],
)
def test_site_url_follows_host_and_port_in_development_unless_set(tmp_path, env, site_url):
    result = run_django(
        "from django.conf import settings\nprint(settings.SITE_URL)",
        {**env, "HTTPS": "0"},
        tmp_path,
    )

    assert (result.returncode, result.stdout.strip()) == (0, site_url), result.stderr


def test_make_run_hands_its_host_and_port_to_the_server():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8802", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    serve = [line for line in result.stdout.splitlines() if " -m plenary.server " in line]
    assert serve == [
        "DEBUG=${DEBUG-1} HOST=127.0.0.1 PORT=8802 .venv/bin/python -m plenary.server "
        "-b 127.0.0.1 -p 8802 config.asgi:application"
    ]


@pytest.mark.parametrize(
    ("worker", "given", "redis_url"),
    [
        ("gw0", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("gw3", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/4"),
        ("gw1", "redis://:secret@cache.internal:6380/4", "redis://:secret@cache.internal:6380/6"),
        ("gw2", "redis://cache.internal:6379", "redis://cache.internal:6379/3"),
    ],
)
def test_parallel_test_processes_each_read_a_redis_database_of_their_own(
    tmp_path, worker, given, redis_url
):
    base = {"PLENARY_REDIS_WORKER": "", "SECRET_KEY": "x" * 50}
    env = {**base, "PYTEST_XDIST_WORKER": worker, "REDIS_URL": given}
    code = (
        "import os; from django.conf import settings; "
        "print(settings.REDIS_URL, os.environ['REDIS_URL'])"
    )

    process = run_django(code, {**env, "DJANGO_SETTINGS_MODULE": "config.test_settings"}, tmp_path)
    # A server that process starts inherits its variables and stays on its database.
    inherited = {**env, "REDIS_URL": redis_url, "PLENARY_REDIS_WORKER": worker}
    child = run_django(
        code, {**inherited, "DJANGO_SETTINGS_MODULE": "config.test_settings"}, tmp_path
    )

    assert process.returncode == 0, process.stderr
    assert process.stdout.split() == [redis_url, redis_url]
    assert child.stdout.split() == [redis_url, redis_url]
