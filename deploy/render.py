#!/usr/bin/env python3
"""Render deploy/nginx/guide-solidarites.conf (a template) into a working
nginx server configuration.

Production (HTTPS, HTTP->HTTPS redirect, basic auth on /pro/):

    python3 deploy/render.py \\
        --server-name guide-solidarites.example.fr \\
        --public-root /var/www/guide-solidarites/public \\
        --pro-root /var/www/guide-solidarites/pro \\
        --htpasswd /etc/nginx/guide-solidarites.htpasswd \\
        --tls-cert /etc/letsencrypt/live/guide-solidarites.example.fr/fullchain.pem \\
        --tls-key /etc/letsencrypt/live/guide-solidarites.example.fr/privkey.pem \\
        --output /etc/nginx/sites-available/guide-solidarites.conf

Plain HTTP (tests, or behind a TLS-terminating reverse proxy):

    python3 deploy/render.py --plain-http --no-redirect --listen 127.0.0.1:8080 ...

Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

DEPLOY_DIR = Path(__file__).resolve().parent
TEMPLATE = DEPLOY_DIR / "nginx" / "guide-solidarites.conf"
ERRORS_DIR = DEPLOY_DIR / "nginx" / "errors"

DEFAULT_TILE_HOSTS = "https://*.tile.openstreetmap.fr"
TILE_PRESETS = {
    "osm": "https://*.tile.openstreetmap.fr",
    "ign": "https://data.geopf.fr",
}

_PLACEHOLDER = re.compile(r"@[A-Z][A-Z0-9_]*@")
# Characters that would let a value escape its nginx directive.
_UNSAFE = re.compile(r"""[;{}"'\s#$\\]""")


class RenderError(ValueError):
    """Invalid parameters: the message says which one and why."""


def _check_path(name: str, value: str) -> str:
    path = Path(value)
    if not path.is_absolute():
        raise RenderError(f"{name}: absolute path required, got {value!r}")
    if _UNSAFE.search(value):
        raise RenderError(
            f"{name}: spaces, quotes, ';', '{{', '}}', '#', '$' are not allowed in {value!r}"
        )
    return str(path).rstrip("/") or "/"


def _nested(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def _check_listen(value: str) -> str:
    if not value or re.search(r"[;{}\"'#$\\]", value):
        raise RenderError(f"--listen: invalid value {value!r}")
    return value


def _check_hosts(value: str) -> str:
    if not value.strip() or re.search(r"[;\"'\\{}$#]", value):
        raise RenderError(f"--tile-hosts: invalid value {value!r}")
    return " ".join(value.split())


def render(
    *,
    public_root: str,
    pro_root: str,
    htpasswd: str,
    server_name: str = "guide-solidarites.example.fr",
    listen: list[str] | None = None,
    listen_redirect: list[str] | None = None,
    plain_http: bool = False,
    redirect: bool = True,
    tls_cert: str = "/etc/ssl/certs/guide-solidarites.pem",
    tls_key: str = "/etc/ssl/private/guide-solidarites.key",
    errors_root: str = str(ERRORS_DIR),
    acme_root: str = "/var/www/letsencrypt",
    tile_hosts: str = DEFAULT_TILE_HOSTS,
    sso_upstream: str = "http://127.0.0.1:4180",
    auth: str = "basic",
    template: Path = TEMPLATE,
) -> str:
    """Return the rendered configuration text. Raise RenderError on bad input."""
    public = _check_path("--public-root", public_root)
    pro = _check_path("--pro-root", pro_root)
    if _nested(Path(public), Path(pro)):
        raise RenderError(
            "--public-root and --pro-root must be two separate directories, "
            f"neither inside the other (got {public} and {pro}): otherwise the "
            "professional directory would be reachable without authentication."
        )
    paths = {
        "HTPASSWD": _check_path("--htpasswd", htpasswd),
        "ERRORS_ROOT": _check_path("--errors-root", errors_root),
        "ACME_ROOT": _check_path("--acme-root", acme_root),
        "TLS_CERT": _check_path("--tls-cert", tls_cert),
        "TLS_KEY": _check_path("--tls-key", tls_key),
    }
    for key in ("HTPASSWD",):
        p = Path(paths[key])
        if _nested(Path(public), p) or _nested(Path(pro), p):
            raise RenderError("--htpasswd must not be inside a site root")
    if auth not in ("basic", "sso"):
        raise RenderError("--auth must be 'basic' or 'sso'")
    if not re.fullmatch(r"[A-Za-z0-9._*~ -]+", server_name):
        raise RenderError(f"--server-name: invalid value {server_name!r}")
    if not re.fullmatch(r"https?://[A-Za-z0-9._\-\[\]:]+(?:/[A-Za-z0-9._\-/]*)?", sso_upstream):
        raise RenderError(f"--sso-upstream: invalid URL {sso_upstream!r}")

    if listen is None:
        listen = ["127.0.0.1:8080"] if plain_http else ["443 ssl", "[::]:443 ssl"]
    if listen_redirect is None:
        listen_redirect = ["80", "[::]:80"]
    listen = [_check_listen(v) for v in listen]
    listen_redirect = [_check_listen(v) for v in listen_redirect]
    if plain_http and any(re.search(r"\bssl\b", v) for v in listen):
        raise RenderError("--plain-http: remove 'ssl' from --listen")

    values = {
        "PUBLIC_ROOT": public,
        "PRO_ROOT": pro,
        "SERVER_NAME": server_name,
        "TILE_HOSTS": _check_hosts(tile_hosts),
        "SSO_UPSTREAM": sso_upstream.rstrip("/"),
        **paths,
    }

    out: list[str] = []
    in_redirect = False
    for line in template.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped == "# BEGIN redirect":
            in_redirect = True
            continue
        if stripped == "# END redirect":
            in_redirect = False
            continue
        if in_redirect and not redirect:
            continue
        if plain_http and stripped.endswith("#tls"):
            continue
        if auth == "sso":
            if stripped.startswith("#[sso] "):
                indent = line[: len(line) - len(line.lstrip())]
                line = indent + stripped[len("#[sso] ") :]
            elif stripped.endswith("#[basic-auth]"):
                indent = line[: len(line) - len(line.lstrip())]
                line = indent + "# " + stripped
        if stripped in ("listen @LISTEN@;", "listen @LISTEN_REDIRECT@;"):
            addrs = listen if stripped == "listen @LISTEN@;" else listen_redirect
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(f"{indent}listen {a};" for a in addrs)
            continue
        for key, val in values.items():
            line = line.replace(f"@{key}@", val)
        out.append(line)

    text = "\n".join(out) + "\n"
    # Placeholders in comments are documentation; in directives they are bugs.
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        left = _PLACEHOLDER.search(code)
        if left:
            raise RenderError(f"placeholder {left.group(0)} left in: {line.strip()}")
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--public-root", required=True, help="directory holding the public build (copy of site/)"
    )
    ap.add_argument(
        "--pro-root",
        required=True,
        help="directory holding the pro build (copy of site-pro/), separate",
    )
    ap.add_argument("--htpasswd", default="/etc/nginx/guide-solidarites.htpasswd")
    ap.add_argument("--server-name", default="guide-solidarites.example.fr")
    ap.add_argument(
        "--listen",
        action="append",
        help="listen address of the site (repeatable); default '443 ssl' and '[::]:443 ssl'",
    )
    ap.add_argument(
        "--listen-redirect",
        action="append",
        help="listen address of the HTTP->HTTPS redirect (repeatable); default 80 and [::]:80",
    )
    ap.add_argument(
        "--no-redirect", action="store_true", help="omit the HTTP->HTTPS redirect server"
    )
    ap.add_argument(
        "--plain-http",
        action="store_true",
        help="no TLS (tests, or behind a TLS-terminating proxy)",
    )
    ap.add_argument("--tls-cert", default="/etc/ssl/certs/guide-solidarites.pem")
    ap.add_argument("--tls-key", default="/etc/ssl/private/guide-solidarites.key")
    ap.add_argument(
        "--errors-root",
        default=str(ERRORS_DIR),
        help="directory of the French 401/403/50x pages (default: deploy/nginx/errors)",
    )
    ap.add_argument("--acme-root", default="/var/www/letsencrypt")
    tiles = ap.add_mutually_exclusive_group()
    tiles.add_argument(
        "--tiles",
        choices=sorted(TILE_PRESETS),
        help="map tile preset: osm (default) or ign (Plan IGN)",
    )
    tiles.add_argument("--tile-hosts", help="map tile hosts allowed by the CSP, space-separated")
    ap.add_argument("--auth", choices=("basic", "sso"), default="basic")
    ap.add_argument(
        "--sso-upstream",
        default="http://127.0.0.1:4180",
        help="auth_request gateway (oauth2-proxy...)",
    )
    ap.add_argument("--output", "-o", help="file to write (default: standard output)")
    args = ap.parse_args(argv)

    tile_hosts = args.tile_hosts or TILE_PRESETS[args.tiles or "osm"]
    try:
        text = render(
            public_root=args.public_root,
            pro_root=args.pro_root,
            htpasswd=args.htpasswd,
            server_name=args.server_name,
            listen=args.listen,
            listen_redirect=args.listen_redirect,
            plain_http=args.plain_http,
            redirect=not args.no_redirect,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            errors_root=args.errors_root,
            acme_root=args.acme_root,
            tile_hosts=tile_hosts,
            sso_upstream=args.sso_upstream,
            auth=args.auth,
        )
    except RenderError as exc:
        print(f"render.py: error: {exc}", file=sys.stderr)
        return 2
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
