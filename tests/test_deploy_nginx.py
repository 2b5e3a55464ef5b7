"""Run the shipped nginx configuration (deploy/nginx/guide-solidarites.conf,
rendered by deploy/render.py) in a REAL nginx on 127.0.0.1 and check that the
professional directory is only reachable with credentials, that nothing of it
leaks through the public path, and the headers.

Needs the Debian package "nginx" (/usr/sbin/nginx); "openssl" (optional) for
the HTTPS syntax check.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

NGINX = "/usr/sbin/nginx"
REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
SENTINEL = "SENTINELLE-PRO-7f3a9c-ligne-directe-06-00-00-00-00"
USER, PASSWORD = "agent.accueil", "correct horse battery staple"
TIMEOUT = 5

needs_nginx = pytest.mark.skipif(
    not os.access(NGINX, os.X_OK),
    reason=f"{NGINX} is missing: install the Debian package 'nginx' "
    "(apt-get install -y nginx) to run the deployment tests",
)


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"deploy_{name}", DEPLOY / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


render_mod = _load("render")
htpasswd_mod = _load("htpasswd")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(title: str, body: str = "") -> str:
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1>{body}</body></html>\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _make_sites(base: Path) -> tuple[Path, Path]:
    public, pro = base / "www" / "public", base / "www" / "pro"
    _write(
        public / "index.html",
        _page("Guide des solidarités", "<p>Trouver un lieu d'accueil près de chez vous.</p>" * 20),
    )
    _write(
        public / "lieux" / "x" / "index.html", _page("MDS Nord", "<p>Accueil sans rendez-vous.</p>")
    )
    _write(public / "404.html", _page("Page introuvable (public)"))
    _write(public / "assets" / "stylesheets" / "main.6f8fc17f.min.css", "body{color:#222}\n" * 100)
    _write(public / "assets" / "app.js", "console.log('guide');\n" * 100)
    _write(
        public / "donnees" / "lieux.geojson",
        '{"type":"FeatureCollection","features":[]}' + " " * 2000,
    )
    _write(public / "donnees" / "lieux.json", '{"lieux":[]}' + " " * 2000)
    (public / "vide").mkdir()  # a directory without index.html
    _write(public / ".git" / "config", "[core]\n")
    _write(public / "notes.bak", "sauvegarde\n")
    _write(pro / "index.html", _page("Annuaire professionnel", f"<p>{SENTINEL}</p>"))
    _write(
        pro / "lieux" / "x" / "index.html",
        _page("MDS Nord (pro)", f"<p>Référente : {SENTINEL}</p>"),
    )
    _write(pro / "404.html", _page("Page introuvable (pro)"))
    _write(
        pro / "donnees" / "contacts.geojson",
        '{"type":"FeatureCollection","note":"' + SENTINEL + '"}' + " " * 2000,
    )
    (pro / "vide").mkdir()
    _write(pro / ".env", SENTINEL)
    return public, pro


class Nginx:
    def __init__(self, port: int, redirect_port: int, proc: subprocess.Popen, workdir: Path):
        self.port, self.redirect_port, self.proc, self.workdir = port, redirect_port, proc, workdir

    def request(
        self,
        path: str,
        *,
        auth: tuple[str, str] | None = None,
        headers: dict | None = None,
        port: int | None = None,
        method: str = "GET",
    ):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=TIMEOUT)
        try:
            hdrs = {"Host": "127.0.0.1", **(headers or {})}
            if auth:
                token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
                hdrs["Authorization"] = f"Basic {token}"
            conn.request(method, path, headers=hdrs)
            resp = conn.getresponse()
            body = resp.read()
            if resp.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return (
                resp.status,
                {k.lower(): v for k, v in resp.getheaders()},
                body.decode("utf-8", "replace"),
            )
        finally:
            conn.close()


def _nginx_main_conf(work: Path, server_conf: Path) -> Path:
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    temp = work / "temp"
    for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / d).mkdir(parents=True, exist_ok=True)
    mime = (
        "include /etc/nginx/mime.types;"
        if Path("/etc/nginx/mime.types").exists()
        else "types { text/html html; text/css css; application/javascript js; "
        "application/json json; }"
    )
    conf.write_text(
        f"""{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log {work}/access.log;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {server_conf};
}}
""",
        encoding="utf-8",
    )
    return conf


def _start_nginx(work: Path, render_kwargs: dict) -> Nginx:
    """Render the shipped template for this tmp dir and start nginx (3 port attempts)."""
    last = ""
    for _ in range(3):
        port, redirect_port = _free_port(), _free_port()
        server_conf = work / "guide-solidarites.conf"
        server_conf.write_text(
            render_mod.render(
                server_name="127.0.0.1 localhost",
                listen=[f"127.0.0.1:{port}"],
                listen_redirect=[f"127.0.0.1:{redirect_port}"],
                plain_http=True,
                **render_kwargs,
            ),
            encoding="utf-8",
        )
        conf = _nginx_main_conf(work, server_conf)
        check = subprocess.run(
            [NGINX, "-t", "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
        proc = subprocess.Popen(
            [
                NGINX,
                "-p",
                str(work),
                "-e",
                str(work / "error.log"),
                "-c",
                str(conf),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return Nginx(port, redirect_port, proc, work)
            except OSError:
                time.sleep(0.1)
        _stop(proc)
        last = (proc.stderr.read() or b"").decode() if proc.stderr else ""
    pytest.fail(f"nginx did not start:\n{last}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # SIGTERM: fast shutdown of master and workers
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if proc.stderr:
        proc.stderr.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("deploy")
    public, pro = _make_sites(base)
    htpasswd = base / "etc" / "guide-solidarites.htpasswd"
    htpasswd.parent.mkdir()
    htpasswd_mod.update_file(htpasswd, USER, PASSWORD)
    htpasswd_mod.update_file(htpasswd, "autre.agent", "un autre mot de passe")
    return base, public, pro, htpasswd


@pytest.fixture(scope="module")
def nginx(sites):
    if not os.access(NGINX, os.X_OK):
        pytest.skip(f"{NGINX} is missing: install the Debian package 'nginx'")
    base, public, pro, htpasswd = sites
    work = base / "nginx-basic"
    work.mkdir()
    server = _start_nginx(
        work, dict(public_root=str(public), pro_root=str(pro), htpasswd=str(htpasswd))
    )
    yield server
    _stop(server.proc)


# --- render.py (no nginx needed) -------------------------------------------------


def test_render_rejects_nested_roots(tmp_path):
    for public, pro in [
        (tmp_path, tmp_path / "pro"),
        (tmp_path / "a", tmp_path / "a"),
        (tmp_path / "p" / "pub", tmp_path / "p"),
    ]:
        with pytest.raises(render_mod.RenderError, match="separate"):
            render_mod.render(
                public_root=str(public), pro_root=str(pro), htpasswd="/etc/nginx/x.htpasswd"
            )
    with pytest.raises(render_mod.RenderError, match="absolute"):
        render_mod.render(public_root="site", pro_root="/srv/pro", htpasswd="/etc/x")
    with pytest.raises(render_mod.RenderError):
        render_mod.render(
            public_root="/srv/pub; autoindex on", pro_root="/srv/pro", htpasswd="/etc/x"
        )


def test_render_production_defaults():
    text = render_mod.render(
        public_root="/var/www/gs/public",
        pro_root="/var/www/gs/pro",
        htpasswd="/etc/nginx/gs.htpasswd",
        tls_cert="/etc/le/fullchain.pem",
        tls_key="/etc/le/privkey.pem",
    )
    assert "listen 443 ssl;" in text and "listen [::]:443 ssl;" in text
    assert "listen 80;" in text and "return 301 https://$host$request_uri;" in text
    assert "ssl_certificate     /etc/le/fullchain.pem;" in text
    assert "auth_basic_user_file /etc/nginx/gs.htpasswd;" in text
    assert "\n        auth_request " not in text  # SSO stays commented out
    assert "https://*.tile.openstreetmap.fr" in text
    plain = render_mod.render(
        public_root="/a", pro_root="/b", htpasswd="/c", plain_http=True, redirect=False
    )
    assert "ssl_certificate" not in plain and "return 301 https" not in plain
    ign = render_mod.render(
        public_root="/a", pro_root="/b", htpasswd="/c", tile_hosts="https://data.geopf.fr"
    )
    assert 'default "https://data.geopf.fr";' in ign


def test_htpasswd_writes_bcrypt_hashes_with_a_fresh_salt(tmp_path):
    import bcrypt

    path = tmp_path / "comptes.htpasswd"
    htpasswd_mod.update_file(path, USER, PASSWORD)
    htpasswd_mod.update_file(path, "autre.agent", PASSWORD)
    lines = path.read_text("utf-8").splitlines()
    hashes = [line.split(":", 1)[1] for line in lines]
    assert [line.split(":", 1)[0] for line in lines] == [USER, "autre.agent"]
    assert all(h.startswith("$2b$10$") for h in hashes)
    assert hashes[0] != hashes[1]  # same password, different salts
    assert all(bcrypt.checkpw(PASSWORD.encode(), h.encode()) for h in hashes)
    assert oct(path.stat().st_mode & 0o777) == "0o640"


def test_htpasswd_replaces_and_deletes_one_account(tmp_path):
    path = tmp_path / "comptes.htpasswd"
    htpasswd_mod.update_file(path, USER, PASSWORD)
    htpasswd_mod.update_file(path, "autre.agent", "un autre mot de passe")
    first = path.read_text("utf-8")
    htpasswd_mod.update_file(path, USER, "un nouveau mot de passe")
    assert path.read_text("utf-8").splitlines()[0].startswith("autre.agent:")
    htpasswd_mod.update_file(path, USER, None)
    assert path.read_text("utf-8") == first.splitlines(keepends=True)[1]


@pytest.mark.parametrize(("password", "message"), [
    ("court", "Mot de passe trop court : 12 caractères au minimum."),
    ("é" * 37, "Mot de passe trop long : 72 octets au maximum"),
    ("x" + USER + "2026", "Le mot de passe ne doit pas contenir l'identifiant."),
    ("abababababababab", "Mot de passe trop simple : variez les caractères."),
])
def test_htpasswd_refuses_weak_passwords_and_writes_nothing(tmp_path, monkeypatch, capsys,
                                                            password, message):
    import io

    path = tmp_path / "comptes.htpasswd"
    htpasswd_mod.update_file(path, "autre.agent", "un autre mot de passe")
    before = path.read_text("utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    assert htpasswd_mod.main([str(path), USER, "--stdin"]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert path.read_text("utf-8") == before
    with pytest.raises(ValueError, match=message.split(" :")[0]):
        htpasswd_mod.update_file(path, USER, password)


@needs_nginx
@pytest.mark.skipif(
    shutil.which("openssl") is None, reason="openssl is missing: cannot make a test certificate"
)
def test_production_https_render_passes_nginx_t(tmp_path, sites):
    """The production variant (HTTPS + redirect) is valid nginx syntax."""
    _, public, pro, htpasswd = sites
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    server_conf = tmp_path / "prod.conf"
    server_conf.write_text(
        render_mod.render(
            public_root=str(public),
            pro_root=str(pro),
            htpasswd=str(htpasswd),
            tls_cert=str(cert),
            tls_key=str(key),
            listen=["127.0.0.1:8443 ssl"],
            listen_redirect=["127.0.0.1:8080"],
        )
    )
    conf = _nginx_main_conf(tmp_path, server_conf)
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr


# --- the running server ----------------------------------------------------------

PUBLIC_PAGES = ["/", "/index.html", "/lieux/x/", "/lieux/x/index.html"]
PRO_PAGES = [
    "/pro/",
    "/pro/index.html",
    "/pro/lieux/x/",
    "/pro/lieux/x/index.html",
    "/pro/donnees/contacts.geojson",
]


def test_public_pages_open(nginx):
    for path in PUBLIC_PAGES:
        status, headers, body = nginx.request(path)
        assert status == 200, path
        assert SENTINEL not in body
        assert "no-cache" in headers["cache-control"], path


def test_directory_without_slash_redirects(nginx):
    status, headers, _ = nginx.request("/lieux/x")
    assert status == 301 and headers["location"] == "/lieux/x/"
    assert nginx.request("/pro")[:2][0] == 301


def test_public_404_uses_site_page(nginx):
    status, _, body = nginx.request("/nexiste/pas/")
    assert status == 404 and "Page introuvable (public)" in body


def test_pro_requires_credentials(nginx):
    for path in PRO_PAGES:
        status, headers, body = nginx.request(path)
        assert status == 401, path
        assert headers["www-authenticate"].startswith("Basic ")
        assert SENTINEL not in body
        assert "Accès réservé aux professionnels" in body  # French 401 page
        status, _, body = nginx.request(path, auth=(USER, "mauvais mot de passe"))
        assert status == 401 and SENTINEL not in body, path
        status, _, body = nginx.request(path, auth=("inconnu", PASSWORD))
        assert status == 401 and SENTINEL not in body, path


def test_pro_with_credentials(nginx):
    for path in PRO_PAGES:
        status, headers, body = nginx.request(
            path, auth=(USER, PASSWORD), headers={"Accept-Encoding": "gzip"}
        )
        assert status == 200, path
        assert SENTINEL in body, path
        assert "no-store" in headers["cache-control"] and "private" in headers["cache-control"], (
            path
        )
        assert "noindex" in headers["x-robots-tag"] and "nofollow" in headers["x-robots-tag"], path
        assert (
            "content-security-policy" in headers and headers["x-content-type-options"] == "nosniff"
        ), path
    _, headers, _ = nginx.request(
        "/pro/donnees/contacts.geojson", auth=(USER, PASSWORD), headers={"Accept-Encoding": "gzip"}
    )
    assert headers["content-type"].startswith("application/geo+json")
    assert headers.get("content-encoding") == "gzip"
    status, _, body = nginx.request("/pro/nexiste-pas/", auth=(USER, PASSWORD))
    assert status == 404 and "Page introuvable (pro)" in body


def test_no_directory_listing(nginx):
    for path, auth in [
        ("/vide/", None),
        ("/pro/vide/", (USER, PASSWORD)),
        ("/lieux/", None),
        ("/pro/lieux/", (USER, PASSWORD)),
    ]:
        status, _, body = nginx.request(path, auth=auth)
        assert status in (403, 404), path
        assert "Index of" not in body and 'href="x/"' not in body, path


TRAVERSALS = [
    "/site-pro/",
    "/site-pro/index.html",
    "/site-pro/lieux/x/index.html",
    "/site/",
    "/SITE-PRO/",
    "/../site-pro/",
    "/../pro/index.html",
    "/pro/../",
    "/pro/../site-pro/index.html",
    "/pro/..%2findex.html",
    "/%2e%2e/pro/index.html",
    "/pro/%2e%2e/%2e%2e/pro/index.html",
    "/..%2fpro%2findex.html",
    "/pro%2fpro/index.html",
    "/pro../index.html",
    "/pro..%2fpro/index.html",
    "/./pro/index.html",
    "//pro/index.html",
    "/pro//index.html",
    "/PRO/index.html",
    "/pro%2Findex.html",
    "/%70ro/index.html",
    "/pro/.env",
    "/pro/%2eenv",
    "/.git/config",
    "/notes.bak",
    "/lieux/x/index.html%00.css",
    "/_gs_errors/401.html",
]


def test_no_pro_content_without_credentials(nginx):
    for path in TRAVERSALS:
        status, _, body = nginx.request(path)
        assert SENTINEL not in body, path
        # 200 only where the path normalises to a public page (e.g. /pro/../ -> /)
        assert status in (200, 301, 400, 401, 403, 404), (path, status)


def test_hidden_files_even_with_credentials(nginx):
    for path in ["/pro/.env", "/pro/%2eenv", "/.git/config", "/notes.bak"]:
        status, _, body = nginx.request(path, auth=(USER, PASSWORD))
        assert status == 404 and SENTINEL not in body and "[core]" not in body, path


def test_security_headers_everywhere(nginx):
    for path, auth in [
        ("/", None),
        ("/lieux/x/", None),
        ("/nexiste-pas", None),
        ("/pro/", None),
        ("/pro/", (USER, PASSWORD)),
        ("/assets/stylesheets/main.6f8fc17f.min.css", None),
    ]:
        _, h, _ = nginx.request(path, auth=auth)
        csp = h.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "style-src 'self'" in csp and "font-src 'self'" in csp, path
        assert "img-src 'self' data: https://*.tile.openstreetmap.fr" in csp, path
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp, path
        assert h.get("x-content-type-options") == "nosniff", path
        assert h.get("x-frame-options") == "DENY", path
        assert "referrer-policy" in h and "strict-transport-security" in h, path
        assert "server" not in h or "/" not in h["server"], path  # server_tokens off
    status, h, _ = nginx.request("/../pro/")  # rejected while parsing: still has the CSP
    assert status == 400 and "default-src 'self'" in h.get("content-security-policy", "")


def test_caching_and_gzip(nginx):
    _, h, _ = nginx.request(
        "/assets/stylesheets/main.6f8fc17f.min.css", headers={"Accept-Encoding": "gzip"}
    )
    assert "max-age=315360000" in h["cache-control"] and h["content-encoding"] == "gzip"
    _, h, _ = nginx.request("/assets/app.js", headers={"Accept-Encoding": "gzip"})
    assert "max-age=604800" in h["cache-control"] and h["content-encoding"] == "gzip"
    for path, ctype in [
        ("/donnees/lieux.geojson", "application/geo+json"),
        ("/donnees/lieux.json", "application/json"),
        ("/", "text/html"),
    ]:
        _, h, _ = nginx.request(path, headers={"Accept-Encoding": "gzip"})
        assert h["content-type"].startswith(ctype), path
        assert h.get("content-encoding") == "gzip", path


def test_http_redirects_to_https(nginx):
    status, headers, _ = nginx.request("/pro/lieux/x/?q=1", port=nginx.redirect_port)
    assert status == 301 and headers["location"] == "https://127.0.0.1/pro/lieux/x/?q=1"


# --- Option B: the commented auth_request block, uncommented by render --auth sso ----


class _FakeSSO(BaseHTTPRequestHandler):
    """Stands in for oauth2-proxy: /oauth2/auth says 202 with the right cookie, else 401."""

    def do_GET(self):  # noqa: N802
        if self.path.startswith("/oauth2/auth"):
            ok = "_oauth2_proxy=valide" in (self.headers.get("Cookie") or "")
            self.send_response(202 if ok else 401)
            if ok:
                self.send_header("X-Auth-Request-User", "agent.sso")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@needs_nginx
def test_sso_auth_request_variant(sites):
    base, public, pro, htpasswd = sites
    sso = ThreadingHTTPServer(("127.0.0.1", 0), _FakeSSO)
    thread = threading.Thread(target=sso.serve_forever, daemon=True)
    thread.start()
    work = base / "nginx-sso"
    work.mkdir()
    server = None
    try:
        server = _start_nginx(
            work,
            dict(
                public_root=str(public),
                pro_root=str(pro),
                htpasswd=str(htpasswd),
                auth="sso",
                sso_upstream=f"http://127.0.0.1:{sso.server_address[1]}",
            ),
        )
        status, headers, body = server.request("/pro/lieux/x/")
        assert status == 302 and headers["location"].startswith("/oauth2/start?rd=/pro/lieux/x/")
        assert SENTINEL not in body
        status, _, body = server.request(
            "/pro/lieux/x/", auth=(USER, PASSWORD)
        )  # basic auth is off
        assert status == 302 and SENTINEL not in body
        status, headers, body = server.request(
            "/pro/lieux/x/", headers={"Cookie": "_oauth2_proxy=valide"}
        )
        assert status == 200 and SENTINEL in body
        assert "no-store" in headers["cache-control"]
        assert server.request("/")[0] == 200
        sso.shutdown()
        sso.server_close()  # gateway down: the directory stays closed, French error page
        status, _, body = server.request(
            "/pro/lieux/x/", headers={"Cookie": "_oauth2_proxy=valide"}
        )
        assert status == 500 and "momentanément indisponible" in body and SENTINEL not in body
    finally:
        if server:
            _stop(server.proc)
        sso.shutdown()  # no-op if already stopped
        sso.server_close()
        thread.join(timeout=5)
