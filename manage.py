#!/usr/bin/env python
"""Django's command-line utility for the archive."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    # From a checkout, commands run in development mode, as `make run` does; a
    # production environment sets DJANGO_DEBUG=0 (and the secret key) itself.
    # The WSGI entry point has no such default: served, the archive is in production mode.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
