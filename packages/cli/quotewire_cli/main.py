"""The ``quotewire`` command.

Each installed quotewire package contributes its sub-commands through the entry-point
group ``quotewire.cli``: an entry point names a function ``register(app: typer.Typer)``
that adds commands or sub-apps to the root app. The CLI package itself imports no
service, so services stay independent and an image with only one service installed
has only that service's commands.
"""

import logging
from importlib.metadata import entry_points

import typer

ENTRY_POINT_GROUP = "quotewire.cli"

log = logging.getLogger("quotewire.cli")


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="quotewire",
        help="quotewire: who said what, in the news, as it happens.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
    )
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            register = ep.load()
        except ImportError as exc:  # one broken package must not take the others down
            log.warning("quotewire: skipping commands of %s (%s): %s", ep.name, ep.value, exc)
            continue
        register(app)
    return app


def main() -> None:
    build_app()()


if __name__ == "__main__":
    main()
