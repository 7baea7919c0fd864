"""data/, queries/ and schemas/ are found from an installed wheel and from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg import resources

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_or_editable_install_finds_resources():
    for kind in resources.KINDS:
        assert resources.root(kind).is_dir()
    assert "countries.yaml" in resources.listdir("data", "gazetteer")
    assert "who-called-whom.cypher" in resources.listdir("queries")
    assert "triple.schema.json" in resources.listdir("schemas")


@pytest.mark.slow
def test_wheel_carries_resources_and_finds_them(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    (wheel,) = dist.glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for must in ("kg/_res/data/gazetteer/countries.yaml", "kg/_res/queries/who-called-whom.cypher",
                 "kg/_res/schemas/triple.schema.json", "kg/_res/data/lang/ar/lexicon.yaml",
                 "kg/view/templates/page.html"):
        assert must in names, must
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = ("import kg.resources as r; print(r.root('data')); print(r.root('queries')); "
            "print(r.root('schemas'))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=tmp_path, check=True).stdout.split()
    assert all(str(target) in line and "_res" in line for line in out), out
