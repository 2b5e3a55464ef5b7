"""Registry of the `guide` subcommands that live in their own modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from .cli_forge import register as register_forge
from .commands import register as register_exports
from .importers.cli import register as register_importers

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

REGISTER: list[Register] = [register_importers, register_exports, register_forge]
