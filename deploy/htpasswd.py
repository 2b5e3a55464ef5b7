#!/usr/bin/env python3
"""Create or update the htpasswd file protecting the professional directory.

    .venv/bin/python deploy/htpasswd.py /etc/nginx/guide-solidarites.htpasswd prenom.nom
    .venv/bin/python deploy/htpasswd.py --delete /etc/nginx/guide-solidarites.htpasswd prenom.nom

Passwords are hashed with bcrypt ("$2b$", understood by nginx through the system crypt() of
Debian's libxcrypt) by the `bcrypt` package, pinned in pyproject.toml and requirements.lock:
`make setup` installs it in .venv. Debian's `htpasswd -B -C 10` (apache2-utils) writes the same
kind of line. The password is read from the terminal, or from standard input with --stdin
(one line).
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
import tempfile
from pathlib import Path

USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")

BCRYPT_COST = 10
"""nginx checks the password at every request of /pro/ (each page, style sheet, script...):
cost 10 is the usual minimum for bcrypt, about 50 ms of one core per request."""

PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_BYTES = 72
"""bcrypt reads 72 bytes at most: a longer password would be silently cut."""


def password_problem(user: str, password: str) -> str | None:
    """Why `password` is refused for `user` (in French), or None."""
    if len(password) < PASSWORD_MIN_CHARS:
        return f"Mot de passe trop court : {PASSWORD_MIN_CHARS} caractères au minimum."
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        return (f"Mot de passe trop long : {PASSWORD_MAX_BYTES} octets au maximum (une lettre "
                "accentuée compte pour deux).")
    if user.lower() in password.lower():
        return "Le mot de passe ne doit pas contenir l'identifiant."
    if len(set(password)) < 5:
        return "Mot de passe trop simple : variez les caractères."
    return None


def hash_password(password: str) -> str:
    """A bcrypt hash ($2b$) of `password`, with a fresh salt."""
    try:
        import bcrypt
    except ImportError as error:
        raise RuntimeError(
            "le paquet bcrypt manque : lancez ce script avec .venv/bin/python après "
            "« make setup », ou utilisez « htpasswd -B -C 10 » (paquet apache2-utils)"
        ) from error
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_COST)).decode("ascii")


def update_file(path: Path, user: str, password: str | None) -> None:
    """Add, replace (password given) or remove (password None) one user, atomically."""
    if not USERNAME.fullmatch(user):
        raise ValueError(f"identifiant invalide : {user!r} (lettres, chiffres, . _ @ -)")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [ln for ln in lines if ln.strip() and ln.split(":", 1)[0] != user]
    if password is not None:
        if problem := password_problem(user, password):
            raise ValueError(problem)
        kept.append(f"{user}:{hash_password(password)}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".htpasswd.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("".join(ln + "\n" for ln in kept))
        os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("file", type=Path)
    ap.add_argument("user")
    ap.add_argument("--delete", action="store_true", help="supprimer ce compte")
    ap.add_argument(
        "--stdin", action="store_true", help="lire le mot de passe sur l'entrée standard"
    )
    args = ap.parse_args(argv)
    password = None
    if not args.delete:
        if args.stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Mot de passe : ")
            if password != getpass.getpass("Confirmez le mot de passe : "):
                print("Les deux mots de passe sont différents.", file=sys.stderr)
                return 1
        if problem := password_problem(args.user, password):
            print(problem, file=sys.stderr)
            return 1
    try:
        update_file(args.file, args.user, password)
    except (ValueError, OSError, RuntimeError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(
        f"{'Compte supprimé' if args.delete else 'Compte enregistré'} : {args.user} ({args.file})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
