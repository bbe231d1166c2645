"""The ``quotewire`` command.

Each installed quotewire package contributes its sub-commands through the entry-point
group ``quotewire.cli``: an entry point names a function ``register(app: typer.Typer)``
that adds commands or sub-apps to the root app. The CLI package itself imports no
service, so services stay independent and an image with only one service installed
has only that service's commands.

Help output is tidied here, once for every command (see :class:`QuotewireGroup`).
"""

import inspect
import logging
import re
from importlib.metadata import PackageNotFoundError, distributions, entry_points, version

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

ENTRY_POINT_GROUP = "quotewire.cli"

log = logging.getLogger("quotewire.cli")

# --- help output ------------------------------------------------------------------------
#
# Typer 0.29 renders every parameter's Python type in Rich help: ``<str>``, ``<bool>``
# (even beside flags and --help), ``<list[Path]>``, ``<int range>``, and marks required
# arguments in the usage line as ``{gold}``. In ``rich`` markup mode it also keeps the
# single line breaks of a docstring's first paragraph in the command list. The classes
# below replace those displays with click's classic ones (``TEXT``, ``INTEGER``, ``PATH``,
# nothing for flags; ``GOLD [PRED]``, ``PATHS...``) and re-flow help paragraphs; the
# root group applies them to every command when it is built, so no command needs to care.

_TYPE_LABELS = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "bool": "BOOLEAN",
    "path": "PATH",
    "file": "FILE",
    "directory": "DIR",
    "Path": "PATH",
    "datetime": "DATETIME",
}


def plain_type(param: TyperArgument | TyperOption, ctx) -> str | None:
    """``TEXT``, ``INTEGER``, ``PATH``... for a parameter (``None`` for flags)."""
    if param.metavar is not None:
        return param.metavar
    if isinstance(param, TyperOption) and (param.is_flag or param.count):
        return None
    raw = param.display_type(ctx).strip("<>")
    inner = re.fullmatch(r"list\[(.*)\]", raw)
    if inner:
        raw = inner.group(1)
    raw = raw.removesuffix(" range")
    if "|" in raw:  # choices
        return f"[{raw}]"
    return _TYPE_LABELS.get(raw, raw.upper())


class CleanOption(TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        label = plain_type(self, ctx)
        if label and self.nargs != 1:
            label += "..."
        return label


class CleanArgument(TyperArgument):
    @property
    def display_name_raw(self) -> str:
        return self.metavar if self.metavar is not None else (self.name or "").upper()

    def display_type_rich(self, ctx) -> str | None:
        return None if self.metavar is not None else plain_type(self, ctx)

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required:
            name = f"[{name}]"
        if self.nargs != 1:
            name += "..."
        return name


def reflow(text: str | None) -> str | None:
    """Join the single line breaks inside each paragraph. A paragraph that starts with
    click's ``\\b`` marker keeps its lines (Rich help prints it as is, marker removed)."""
    if not text:
        return text
    head, sep, tail = text.partition("\f")
    paragraphs = re.split(r"\n[ \t]*\n", inspect.cleandoc(head))
    out = [
        p.lstrip(" ").removeprefix("\b").lstrip("\n")
        if p.lstrip(" ").startswith("\b")
        else " ".join(p.split())
        for p in paragraphs
    ]
    return "\n\n".join(out) + sep + tail


def clean_help(command) -> None:
    """Apply the help display of this module to ``command`` and everything under it."""
    if getattr(command, "_quotewire_clean", False):
        return
    command._quotewire_clean = True
    command.help = reflow(command.help)
    command.short_help = reflow(command.short_help)
    for param in command.params:
        if type(param) is TyperOption:
            param.__class__ = CleanOption
        elif type(param) is TyperArgument:
            param.__class__ = CleanArgument
        if getattr(param, "help", None):
            param.help = reflow(param.help)
    ctx = typer.Context(command, **(command.context_settings or {}))
    help_option = command.get_help_option(ctx)
    if help_option is not None and type(help_option) is TyperOption:
        help_option.__class__ = CleanOption
    for sub in (getattr(command, "commands", None) or {}).values():
        clean_help(sub)


class QuotewireGroup(TyperGroup):
    """The root group: tidies the help of every command registered under it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        clean_help(self)


# --- version ----------------------------------------------------------------------------

CLI_DISTRIBUTION = "quotewire-cli"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> list[tuple[str, str]]:
    """(distribution, version) of quotewire-cli first, then every other installed
    ``quotewire-*`` distribution, sorted by name."""
    found: dict[str, str] = {}
    for dist in distributions():
        name = _normalized(dist.metadata["Name"] or "")
        if name.startswith("quotewire-") and name not in found:
            found[name] = dist.version
    if CLI_DISTRIBUTION not in found:
        try:
            found[CLI_DISTRIBUTION] = version(CLI_DISTRIBUTION)
        except PackageNotFoundError:
            found[CLI_DISTRIBUTION] = "not installed"
    cli = (CLI_DISTRIBUTION, found.pop(CLI_DISTRIBUTION))
    return [cli, *sorted(found.items())]


def version_text() -> str:
    rows = installed_versions()
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {ver}" for name, ver in rows)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


def _root(
    show_version: bool = typer.Option(
        False,
        "--version",
        help="Print the installed quotewire package versions and exit",
        callback=_version_callback,
        is_eager=True,
    ),
) -> None:
    """quotewire: who said what, in the news, as it happens."""


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="quotewire",
        help="quotewire: who said what, in the news, as it happens.",
        cls=QuotewireGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
    )
    app.callback()(_root)
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
