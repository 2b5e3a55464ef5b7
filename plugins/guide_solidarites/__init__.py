"""Guide des solidarités: a departmental solidarity guide built from YAML records."""

from __future__ import annotations

__version__ = "1.0.0"
