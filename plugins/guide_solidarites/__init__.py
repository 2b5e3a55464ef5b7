"""Guide des solidarités: a departmental solidarity guide built from YAML records."""

from __future__ import annotations

__version__ = "0.1.0"
