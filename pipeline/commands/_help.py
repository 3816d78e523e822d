"""The help screens in Bahasa Indonesia, like every other message of lkjip, and without type placeholders.

Typer prints a type after each option (``<bool>`` for a flag, ``<list[str]>`` for a
repeatable option) unless the option names a metavar; the commands name one for
every option and argument that takes a value, and this module blanks it for flags
(a flag takes none), including the help option Typer adds itself, and drops the
type Typer prints beside an argument's name (``FOLDER <dir>``). The framework's own
words on a help screen (panel titles, ``[default: …]``, ``[required]``) are
module settings of ``typer.rich_utils``, read when a screen is drawn; its usage
errors ("Missing option '--out'.") are translated where they are printed, by
the patterns below (a message no pattern knows is printed as it is).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import rich_utils

HELP_TEXT = "Tampilkan bantuan ini lalu keluar."

_FRAMEWORK_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "DEFAULT_STRING": "[bawaan: {}]",
    "REQUIRED_LONG_STRING": "[wajib]",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Lihat [blue]'{command_path} {help_option}'[/] untuk bantuan.",
}


_KIND = {"file": "berkas", "dir": "folder", "directory": "folder", "path": "jalur"}
_NUMBER = {"integer": "bilangan bulat", "number": "bilangan", "float": "bilangan"}
_COMPARE = {
    "greater than or equal to": "paling sedikit",
    "greater than": "lebih dari",
    "less than or equal to": "paling banyak",
    "less than": "kurang dari",
}
_KINDS = "|".join(_KIND)
# (pattern, replacement) for the usage errors of Typer's command-line parser, tried in order
_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Missing argument (.+)\."), lambda m: f"Argumen {m[1]} wajib diberikan."),
    (re.compile(r"Missing option (.+)\."), lambda m: f"Opsi {m[1]} wajib diberikan."),
    (re.compile(r"No such option: (\S+)"), lambda m: f"Opsi tidak dikenal: {m[1]}"),
    (re.compile(r"\(Possible options: (.+?)\)"), lambda m: f"(opsi yang mirip: {m[1]})"),
    (re.compile(r"Did you mean (.+?)\?"), lambda m: f"Mungkin maksud Anda {m[1]}?"),
    (re.compile(r"No such command '(.+?)'\."), lambda m: f"Perintah tidak dikenal: '{m[1]}'."),
    (re.compile(r"Missing command\."), lambda m: "Perintah belum diberikan."),
    (re.compile(r"Got unexpected extra arguments? \((.+?)\)"), lambda m: f"Argumen berlebih: {m[1]}"),
    (re.compile(r"Option '(.+?)' requires an argument\."), lambda m: f"Opsi '{m[1]}' memerlukan nilai."),
    (re.compile(r"Invalid value for (.+?): (Value error, )?"), lambda m: f"Nilai tidak sah untuk {m[1]}: "),
    (re.compile(r"'(.+?)' is not one of (.+?)\."), lambda m: f"'{m[1]}' bukan salah satu dari {m[2]}."),
    (re.compile(rf"(?i)\b({_KINDS}) '(.+?)' does not exist\."), lambda m: f"{_KIND[m[1].lower()]} '{m[2]}' tidak ada."),
    (re.compile(rf"(?i)\b({_KINDS}) '(.+?)' is a directory\."), lambda m: f"{_KIND[m[1].lower()]} '{m[2]}' adalah folder."),
    (re.compile(rf"(?i)\b({_KINDS}) '(.+?)' is a file\."), lambda m: f"{_KIND[m[1].lower()]} '{m[2]}' adalah berkas."),
    (re.compile(r"Input should be a valid (integer|number)[^.]*"), lambda m: f"harus berupa {_NUMBER[m[1]]}"),
    (
        re.compile(r"Input should be (greater than or equal to|greater than|less than or equal to|less than) (\S+)"),
        lambda m: f"harus {_COMPARE[m[1]]} {m[2]}",
    ),
]


def indonesian_error(message: str) -> str:
    """Given a usage error of Typer's parser, return it in Indonesian (unchanged when no pattern knows it)."""
    for pattern, replace in _ERRORS:
        message = pattern.sub(replace, message)
    return message


def _print_error(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def print_error(exc: Any) -> None:
        message = indonesian_error(exc.format_message())
        exc.format_message = lambda: message
        original(exc)

    return print_error


def indonesian_help(command: Any) -> Any:
    """Given the click command of the ``lkjip`` app, return it with every help screen and usage error in
    Indonesian: flags without a type, the help option's text translated; sets Typer's help-screen words."""
    for name, text in _FRAMEWORK_WORDS.items():
        setattr(rich_utils, name, text)
    if not getattr(rich_utils.rich_format_error, "lkjip", False):
        rich_utils.rich_format_error = _print_error(rich_utils.rich_format_error)  # type: ignore[assignment]
        rich_utils.rich_format_error.lkjip = True  # type: ignore[attr-defined]
    _tidy(command)
    return command


def _no_type(ctx: Any) -> None:
    return None


def _tidy(command: Any, parent: Any = None) -> None:
    # the context a real invocation makes (its help option names come from the app's context settings)
    ctx = command.context_class(command, info_name=command.name, parent=parent, **command.context_settings)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = HELP_TEXT
    for param in [*command.params, help_option]:
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif getattr(param, "param_type_name", "") == "argument":
            param.display_type_rich = _no_type
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub, ctx)
