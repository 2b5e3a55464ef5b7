"""deploy/publish.py: a release folder per publication and a symlink swap, so that nginx
serves the old site or the new one, never half of one, nor the wrong variant."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest
from test_deploy_nginx import NGINX, _start_nginx, _stop, _write

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"deploy_{name}", DEPLOY / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


publish_mod = _load("publish")


def site(base: Path, title: str, variant: str = "public") -> Path:
    folder = base / title
    _write(folder / "index.html", f"<!doctype html><title>{title}</title><h1>{title}</h1>\n")
    _write(folder / "404.html", "<!doctype html><title>Introuvable</title>\n")
    _write(folder / "lieux" / "x" / "index.html", f"<h1>{title} : MDS Nord</h1>\n")
    _write(folder / ".guide-variante", variant + "\n")
    return folder


def at(minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 1, 8, minute)


def test_each_publication_is_a_release_and_the_target_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "www" / "public"
    first = publish_mod.publish(site(tmp_path, "v1"), target, "public", now=at(0))
    assert target.is_symlink() and os.readlink(target) == f"versions/{first.name}"
    second = publish_mod.publish(site(tmp_path, "v2"), target, "public", now=at(1))
    assert (target / "index.html").read_text("utf-8").endswith("<h1>v2</h1>\n")
    assert [r.name for r in publish_mod.releases(target)] == [first.name, second.name]
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["public", "versions"]


def test_only_the_last_releases_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "www" / "public"
    made = [publish_mod.publish(site(tmp_path, f"v{i}"), target, "public", keep=2, now=at(i))
            for i in range(4)]
    assert publish_mod.releases(target) == made[2:]


@pytest.mark.parametrize(("prepare", "message"), [
    (lambda s: (s / "index.html").unlink(), "est incomplet (il manque index.html)"),
    (lambda s: (s / ".guide-variante").unlink(), "n'a pas de fichier .guide-variante"),
    (lambda s: (s / ".guide-variante").write_text("pro\n"), "contient l'annuaire pro"),
    (lambda s: (s / "lien").symlink_to("/etc"), "est un lien symbolique"),
])
def test_a_wrong_site_is_refused_and_the_online_one_stays(tmp_path: Path, prepare: object,
                                                          message: str) -> None:
    target = tmp_path / "www" / "public"
    online = publish_mod.publish(site(tmp_path, "v1"), target, "public", now=at(0))
    wrong = site(tmp_path, "v2")
    prepare(wrong)  # type: ignore[operator]
    with pytest.raises(publish_mod.PublishError, match=re.escape(message)):
        publish_mod.publish(wrong, target, "public", now=at(1))
    assert target.resolve() == online.resolve()
    assert sorted(p.name for p in (tmp_path / "www" / "versions").iterdir()) == [online.name]


def test_a_failed_copy_leaves_no_partial_release(tmp_path: Path) -> None:
    target = tmp_path / "www" / "public"
    online = publish_mod.publish(site(tmp_path, "v1"), target, "public", now=at(0))
    broken = site(tmp_path, "v2")
    os.mkfifo(broken / "lieux" / "tube")  # the copy fails half-way: a pipe is no file
    with pytest.raises(OSError, match="named pipe"):
        publish_mod.publish(broken, target, "public", now=at(1))
    assert target.resolve() == online.resolve()
    assert sorted(p.name for p in (tmp_path / "www" / "versions").iterdir()) == [online.name]


def test_an_old_rsync_folder_is_not_replaced_blindly(tmp_path: Path) -> None:
    target = tmp_path / "www" / "public"
    (target / "lieux").mkdir(parents=True)
    with pytest.raises(publish_mod.PublishError, match="est un vrai dossier"):
        publish_mod.publish(site(tmp_path, "v1"), target, "public")
    assert target.is_dir() and not target.is_symlink()


def test_the_command_line_says_what_it_did(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "www" / "pro"
    assert publish_mod.main([str(site(tmp_path, "v1")), str(target), "--variante", "pro"]) == 1
    assert "contient l'annuaire public, pas l'annuaire pro" in capsys.readouterr().err
    assert not target.exists()
    pro = site(tmp_path, "p1", variant="pro")
    assert publish_mod.main([str(pro), str(target), "--variante", "pro"]) == 0
    assert capsys.readouterr().out.startswith(f"Publié : {target} -> ")


@pytest.mark.skipif(not os.access(NGINX, os.X_OK), reason=f"{NGINX} is missing")
def test_nginx_serves_the_new_release_at_once_without_reload(tmp_path: Path) -> None:
    www = tmp_path / "www"
    public, pro = www / "public", www / "pro"
    publish_mod.publish(site(tmp_path, "public-v1"), public, "public", now=at(0))
    publish_mod.publish(site(tmp_path, "pro-v1", "pro"), pro, "pro", now=at(0))
    htpasswd = tmp_path / "etc" / "guide.htpasswd"
    htpasswd.parent.mkdir()
    htpasswd.write_text("")
    work = tmp_path / "nginx"
    work.mkdir()
    server = _start_nginx(work, dict(public_root=str(public), pro_root=str(pro),
                                     htpasswd=str(htpasswd)))
    try:
        assert "<h1>public-v1</h1>" in server.request("/")[2]
        publish_mod.publish(site(tmp_path, "public-v2"), public, "public", now=at(1))
        status, _, body = server.request("/lieux/x/")
        assert status == 200 and "public-v2 : MDS Nord" in body
        assert "<h1>public-v2</h1>" in server.request("/")[2]
    finally:
        _stop(server.proc)
