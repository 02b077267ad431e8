"""The command line: its options, and its mistakes told in the user's language instead of
argparse's English. The language of a mistake is a valid --lang on the same command line, or
else the environment's locale: English when it starts with "en", Dutch otherwise."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Mapping

from blijf_desktop import i18n
from blijf_desktop.i18n import _

PROG = "blijf-desktop"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order
_QUOTED = re.compile(r"""(['"])(.*?)\1""")


class UsageError(Exception):
    """A mistake on the command line: `text` in the active language, `usage` its syntax."""

    def __init__(self, text: str, usage: str):
        super().__init__(text)
        self.text = text
        self.usage = usage


class _Mistake(Exception):
    """The command line was refused: by argparse (`problem`, its ArgumentError if it gave
    one), for words left over (`extra`), or for an option the command needs (`missing`)."""

    def __init__(self, problem: BaseException | None = None, extra: list[str] | None = None,
                 missing: str | None = None, command: str = "audit"):
        super().__init__()
        self.problem = problem
        self.extra = extra or []
        self.missing = missing
        self.command = command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: ARG002 - English; the cause is in exc_info
        raise _Mistake(sys.exc_info()[1])


def language(argv: list[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language to tell a command-line mistake in."""
    for index, arg in enumerate(argv):
        value = (arg.split("=", 1)[1] if arg.startswith("--lang=")
                 else argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None)
        if value in i18n.LANGUAGES:
            return value
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "en" if value.startswith("en") else "nl"
    return "nl"


def _parsers() -> tuple[_Parser, _Parser, _Parser]:
    parser = _Parser(prog=PROG, description="Blijf Desktop")
    parser.add_argument("--demo", action="store_true",
                        help="throw-away store in a temporary folder with synthetic people")
    parser.add_argument("--store", type=Path, metavar="DIR", help="folder of the store")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=None,
                        help="nl or en (default: the store's default language)")
    parser.add_argument("--idle-minutes", type=float, default=None,
                        help="lock sooner than the store's setting (default: that setting)")
    parser.add_argument("--server", metavar="URL",
                        help="server mode: postgresql://host/database, without user or password"
                             " (each user logs in as herself); default: server.json in the store"
                             " folder, else this desk's own store")
    parser.add_argument("--server-ca", type=Path, metavar="FILE",
                        help="with --server: the CA certificate that signed the server's")
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation with a throw-away store; exit 0 when all is well")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    audit = sub.add_parser("audit", help="audit trail tools")
    audit.add_argument("action", nargs="?", choices=["verify"])  # required: checked in parse()
    audit.add_argument("--user", help="user name of a functioneel beheerder (required)")
    server = sub.add_parser("server", help="server mode: set up a PostgreSQL database")
    server.add_argument("action", nargs="?", choices=["init"])  # required: checked in parse()
    server.add_argument("--url", metavar="URL",
                        help="postgresql://administrator@host/database (required)")
    server.add_argument("--ca", type=Path, metavar="FILE",
                        help="the CA certificate that signed the server's certificate (required)")
    server.add_argument("--first-beheerder", metavar="USERNAME",
                        help="also make the first functioneel beheerder (her passphrase is asked)")
    server.add_argument("--display-name", metavar="NAME",
                        help="with --first-beheerder: her name as the app shows it")
    return parser, audit, server


def _missing(args: argparse.Namespace) -> _Mistake | None:
    if args.command is None and bool(args.server) != bool(args.server_ca):
        return _Mistake(missing="--server-ca" if args.server else "--server", command="--server")
    if args.command == "audit" and not (args.action and args.user):
        return _Mistake(missing="verify" if not args.action else "--user")
    if args.command == "server":
        missing = next((name for name, value in (("init", args.action), ("--url", args.url),
                                                 ("--ca", args.ca)) if not value), None)
        if missing:
            return _Mistake(missing=missing, command="server")
    return None


def parse(argv: list[str]) -> argparse.Namespace:
    """The options, or UsageError in the language of `language(argv)`."""
    parser, *commands = _parsers()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            raise _Mistake(extra=extra)
        mistake = _missing(args)
        if mistake:
            raise mistake
    except _Mistake as mistake:
        i18n.set_language(language(argv))
        text = _explain(mistake, argv, parser, *commands)
        usage = parser.format_usage().split(":", 1)[-1].strip()
        raise UsageError(text, _("Gebruik: {usage}").format(usage=" ".join(usage.split()))) from None
    return args


def _known_options(*parsers: _Parser) -> set[str]:
    return {option for parser in parsers for option in parser._option_string_actions}


def _unknown_options(argv: list[str], *parsers: _Parser) -> list[str]:
    """Options on the command line that no parser knows (a unique abbreviation is known)."""
    known, unknown = _known_options(*parsers), []
    for arg in argv:
        if arg == "--":
            break
        name = arg.split("=", 1)[0]
        if not arg.startswith("-") or arg == "-" or name in known:
            continue
        if not (name.startswith("--") and len([k for k in known if k.startswith(name)]) == 1):
            unknown.append(name)
    return unknown


def _explain(mistake: _Mistake, argv: list[str], parser: _Parser, *commands: _Parser) -> str:
    unknown = _unknown_options(argv, parser, *commands)
    if unknown:
        return _("Onbekende optie: {options}.").format(options=" ".join(unknown))
    if mistake.missing and mistake.command == "--server":
        given = "--server" if mistake.missing == "--server-ca" else "--server-ca"
        return _("{given} gaat samen met {option}: geef ze allebei.").format(
            given=given, option=mistake.missing)
    if mistake.missing and mistake.command == "server":
        return _("Bij server hoort ook {option}.").format(option=mistake.missing)
    if mistake.missing:
        return _("Bij audit hoort ook {option}.").format(option=mistake.missing)
    if mistake.extra:
        return _("Dit hoort niet op de opdrachtregel: {words}.").format(
            words=" ".join(word[:40] for word in mistake.extra))
    problem = mistake.problem
    if not isinstance(problem, argparse.ArgumentError) or problem.argument_name is None:
        return _("Deze opdrachtregel klopt niet.")
    name = problem.argument_name
    if problem.message.startswith("expected"):
        return _("Bij {option} hoort een waarde.").format(option=name)
    quoted = _QUOTED.search(problem.message)
    value = f"'{quoted.group(2)[:40]}'" if quoted else "?"
    action = next((a for p in (parser, *commands) for a in p._actions
                   if argparse._get_action_name(a) == name), None)
    if action is not None and action.choices:
        choices = ", ".join(action.choices)
        if not action.option_strings:
            return _("Onbekende opdracht: {value}. Kies uit: {choices}.").format(
                value=value, choices=choices)
        return _("Ongeldige waarde voor {option}: {value}. Kies uit: {choices}.").format(
            option=name, value=value, choices=choices)
    return _("Ongeldige waarde voor {option}: {value}.").format(option=name, value=value)
