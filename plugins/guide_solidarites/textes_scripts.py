"""What the visitor reads in the guide's own scripts, one table per script.

The theme writes these tables into each page (`overrides/main.html`, as JSON) and every
script reads its own: no visitor-facing sentence is typed in the JavaScript, so that one
catalogue can translate them all later.
"""

from __future__ import annotations

from typing import Any

TEXTES: dict[str, dict[str, Any]] = {
    "fond-de-carte": {
        "afficher": "Afficher le fond de carte",
        "masquer": "Masquer le fond de carte",
    },
    "sortie-rapide": {
        "bouton": "Quitter ce site",
        "explication": "Ce bouton, ou la touche Échap pressée deux fois, remplace tout de "
                       "suite cette page par un site sans rapport, sans la laisser dans "
                       "l'historique « Précédent ».",
    },
    "selection": {
        "ajouter": "Ajouter à ma sélection",
        "retirer": "Retirer de ma sélection",
        "ajoute": "Ajouté à votre sélection (gardée seulement sur ce téléphone).",
        "retire": "Retiré de votre sélection.",
        "pleine": "Votre sélection est pleine ({max} lieux, une feuille A4) : retirez un "
                  "lieu avant d'en ajouter un autre.",
        "vide": "Votre sélection est vide. Sur la page d'un lieu, touchez « Ajouter à ma "
                "sélection ».",
        "compte_un": "1 lieu dans votre sélection.",
        "compte": "{n} lieux dans votre sélection.",
        "retirer_lieu": "Retirer",
        "tel": "Tél.",
        "horaires": "Horaires",
        "partage_titre": "Ma sélection de lieux d'accueil",
        "partage_intro": "Lieux d'accueil (Guide des solidarités) :",
        "partage_indisponible": "Le partage n'est pas disponible sur cet appareil : "
                                "utilisez « Envoyer par SMS » ou « Imprimer ».",
    },
    "hors-ligne": {
        "hors_connexion": "Pas de connexion : vous lisez cette page telle qu'elle était à "
                          "votre dernière visite.",
    },
    # horaires.js: the "open now" lines. Its days, months and way of writing a time are added
    # per language by langues.textes_traduits; the script carries this French table too, for
    # a page without the tables (the copy is checked by tests/test_langues.py).
    "horaires": {
        "ouvert": "Ouvert maintenant · {fin}",
        "ferme_a": "ferme à {heure}",
        "ferme_quand": "ferme {quand}",
        "ferme_minuit": "ferme à minuit",
        "aujourdhui": "aujourd'hui",
        "demain": "demain",
        "le_date": "le {date}",
        "quand_heure": "{quand} à {heure}",
        "date": "{jour} {numero} {mois}",
        "numero_1": "1er",
        "a_confirmer": "Horaires à confirmer",
        "ferme_exceptionnellement": "Fermé exceptionnellement",
        "avec_message": "{texte} : {message}",
        "reouverture_le": "réouverture le {date}",
        "reouverture_a_confirmer": "réouverture à confirmer",
        "ferme_ferie": "Fermé · jour férié",
        "ferme": "Fermé",
        "ouvre": "ouvre {quand}",
        "separateur": "{etat} · {suite}",
    },
    "ecouter": {
        "ecouter": "Écouter cette fiche",
        "arreter": "Arrêter la lecture",
    },
}
