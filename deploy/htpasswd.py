#!/usr/bin/env python3
"""Create or update the htpasswd file protecting the professional directory.

    python3 deploy/htpasswd.py /etc/nginx/guide-solidarites.htpasswd prenom.nom
    python3 deploy/htpasswd.py --delete /etc/nginx/guide-solidarites.htpasswd prenom.nom

Passwords are hashed with SHA-512 crypt ("$6$", understood by nginx through
the system crypt()), implemented here with the standard library only, so no
extra package (apache2-utils) is needed. The password is read from the
terminal, or from standard input with --stdin (one line).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PERM = (
    (0, 21, 42),
    (22, 43, 1),
    (44, 2, 23),
    (3, 24, 45),
    (25, 46, 4),
    (47, 5, 26),
    (6, 27, 48),
    (28, 49, 7),
    (50, 8, 29),
    (9, 30, 51),
    (31, 52, 10),
    (53, 11, 32),
    (12, 33, 54),
    (34, 55, 13),
    (56, 14, 35),
    (15, 36, 57),
    (37, 58, 16),
    (59, 17, 38),
    (18, 39, 60),
    (40, 61, 19),
    (62, 20, 41),
)
USERNAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")


def _repeat(data: bytes, length: int) -> bytes:
    return (data * (length // len(data) + 1))[:length]


def sha512_crypt(password: str, salt: str | None = None, rounds: int = 5000) -> str:
    """SHA-512 crypt (Drepper's specification), as glibc/libxcrypt crypt("$6$...")."""
    if salt is None:
        salt = "".join(secrets.choice(_ITOA64) for _ in range(16))
    pw = password.encode("utf-8")
    s = salt.encode("ascii")[:16]
    b = hashlib.sha512(pw + s + pw).digest()
    a = hashlib.sha512(pw + s + _repeat(b, len(pw)))
    i = len(pw)
    while i:
        a.update(b if i & 1 else pw)
        i >>= 1
    c = a.digest()
    p = _repeat(hashlib.sha512(pw * len(pw)).digest(), len(pw)) if pw else b""
    ss = _repeat(hashlib.sha512(s * (16 + c[0])).digest(), len(s))
    for r in range(rounds):
        h = hashlib.sha512(p if r & 1 else c)
        if r % 3:
            h.update(ss)
        if r % 7:
            h.update(p)
        h.update(c if r & 1 else p)
        c = h.digest()
    out = []
    for x, y, z in _PERM:
        w = (c[x] << 16) | (c[y] << 8) | c[z]
        for _ in range(4):
            out.append(_ITOA64[w & 0x3F])
            w >>= 6
    w = c[63]
    for _ in range(2):
        out.append(_ITOA64[w & 0x3F])
        w >>= 6
    prefix = "$6$" if rounds == 5000 else f"$6$rounds={rounds}$"
    return f"{prefix}{s.decode()}${''.join(out)}"


def update_file(path: Path, user: str, password: str | None) -> None:
    """Add, replace (password given) or remove (password None) one user, atomically."""
    if not USERNAME.fullmatch(user):
        raise ValueError(f"identifiant invalide : {user!r} (lettres, chiffres, . _ @ -)")
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [ln for ln in lines if ln.strip() and ln.split(":", 1)[0] != user]
    if password is not None:
        kept.append(f"{user}:{sha512_crypt(password)}")
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
        if len(password) < 12:
            print("Mot de passe trop court : 12 caractères au minimum.", file=sys.stderr)
            return 1
    try:
        update_file(args.file, args.user, password)
    except (ValueError, OSError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(
        f"{'Compte supprimé' if args.delete else 'Compte enregistré'} : {args.user} ({args.file})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
