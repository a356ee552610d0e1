#!/usr/bin/env python
import os
import sys


def development_defaults(environ) -> bool:
    """A checkout used as a workbench runs in development mode without being told.

    When none of DEBUG, SECRET_KEY and a non-SQLite DATABASE_URL is set, nobody has configured
    a production here (production sets all three; README "Configuration"), so `manage.py …`
    behaves like the Makefile and sets DEBUG=1. Any of them set and nothing is assumed: DEBUG=0
    without SECRET_KEY still stops, and gunicorn (config.wsgi) never takes this path."""
    database = environ.get("DATABASE_URL", "")
    if "DEBUG" in environ or "SECRET_KEY" in environ:
        return False
    if database and not database.startswith("sqlite"):
        return False
    environ["DEBUG"] = "1"
    return True


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if development_defaults(os.environ):
        print(
            "manage.py: DEBUG=1 (a development checkout: no DEBUG, SECRET_KEY or PostgreSQL "
            "DATABASE_URL set)",
            file=sys.stderr,
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
