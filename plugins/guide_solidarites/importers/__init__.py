"""Importers of national open data (France Services, data·inclusion) into the annuaire."""

from __future__ import annotations

from .lecture import ImportImpossible
from .rapport import Anomalie, Bilan, Rapport
from .sortie import Sortie

__all__ = ["Anomalie", "Bilan", "ImportImpossible", "Rapport", "Sortie"]
