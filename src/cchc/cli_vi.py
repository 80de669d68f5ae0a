"""Vietnamese for the words Typer prints around cchc's commands: panel titles, the usage line,
the help option, errors about missing or wrong arguments. cchc's own help texts are written
in Vietnamese; Typer (with its copy of Click) has its few words in English, and `install`
puts these in their place."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer.rich_utils
from typer._click import core, exceptions, formatting

HELP_OPTION = "Hiện trợ giúp này rồi thoát."
USAGE = "Cách dùng: "
PANELS = {"ARGUMENTS_PANEL_TITLE": "Tham số", "OPTIONS_PANEL_TITLE": "Tùy chọn",
          "COMMANDS_PANEL_TITLE": "Lệnh", "ERRORS_PANEL_TITLE": "Lỗi", "ABORTED_TEXT": "Đã dừng.",
          "DEFAULT_STRING": "[mặc định: {}]", "REQUIRED_LONG_STRING": "[bắt buộc]",
          "ENVVAR_STRING": "[biến môi trường: {}]",
          "RICH_HELP": "Xem trợ giúp: [blue]'{command_path} {help_option}'[/]."}
# (pattern of an English error message, its Vietnamese)
ERRORS = [(re.compile(p), vi) for p, vi in (
    (r"^Missing argument (.*)$", r"Thiếu tham số \1"),
    (r"^Missing option (.*)$", r"Thiếu tùy chọn \1"),
    (r"^Missing parameter:? ?(.*)$", r"Thiếu tham số \1"),
    (r"^No such option:? (.*)$", r"Không có tùy chọn \1"),
    (r"^No such command (.*)$", r"Không có lệnh \1"),
    (r"^Invalid value for (.*?): (.*)$", r"Giá trị \1 không hợp lệ: \2"),
    (r"^Invalid value: (.*)$", r"Giá trị không hợp lệ: \1"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"Thừa tham số (\1)"),
)]


def vietnamese(message: str) -> str:
    """An English message of Typer in Vietnamese, when it is one of ERRORS."""
    for pattern, replacement in ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


def install() -> None:
    for name, text in PANELS.items():
        setattr(typer.rich_utils, name, text)
    core.Command.get_help_option = _help_option(core.Command.get_help_option)
    formatting.HelpFormatter.write_usage = _usage(formatting.HelpFormatter.write_usage)
    exceptions.UsageError.format_message = _translated(exceptions.UsageError.format_message)
    for error in (exceptions.BadParameter, exceptions.MissingParameter,
                  exceptions.NoSuchOption):
        error.format_message = _translated(error.format_message)


def _help_option(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option
    return get_help_option


def _usage(original: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, USAGE if prefix is None else prefix)
    return write_usage


def _translated(original: Callable[[Any], str]) -> Callable[[Any], str]:
    def format_message(self: Any) -> str:
        return vietnamese(original(self))
    return format_message
