"""Every command's help is a usable reference: it runs, describes the command and its
options; a test over kg.cli.COMMANDS picks up a new command without being edited."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, main


def test_top_level_help_lists_every_command():
    r = CliRunner().invoke(main, ["--help"])
    assert r.exit_code == 0
    for name in COMMANDS:
        assert name in r.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help(name):
    r = CliRunner().invoke(main, [name, "--help"])
    assert r.exit_code == 0, r.output
    assert "Usage:" in r.output and "--help" in r.output
    doc = r.output.split("Options:")[0]
    assert len(doc.split()) > 12, f"kg {name} --help says too little"
