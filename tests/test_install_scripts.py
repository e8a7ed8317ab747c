"""scripts/install.sh and scripts/install_test_tools.sh on a fresh Debian, simulated.

Each test copies a script into a scratch repository and puts stand-ins for ``id``,
``python3``, ``apt-get`` and ``dpkg-query`` first on the PATH; nothing is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"

# A virtual environment's python (and the called scripts): accepts every call.
STUB = "#!/bin/sh\nexit 0\n"

# python3 as on Debian without python3-venv: the folder is made, then ensurepip is missing.
# Once apt-get has "installed" python3-venv (the flag file), it works.
PYTHON3 = """#!/bin/sh
mkdir -p .venv/bin
printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/python
chmod +x .venv/bin/python
[ -e "$FAKE/venv-installed" ] && exit 0
echo "The virtual environment was not created successfully because ensurepip is not available." >&2
exit 1
"""

APT_GET = """#!/bin/sh
echo "$*" >> "$FAKE/apt-get.log"
case "$*" in *python3-venv*) touch "$FAKE/venv-installed" ;; esac
"""


def _tool(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text)
    path.chmod(0o755)


def _repo(tmp_path: Path, script: str, *, uid: int) -> tuple[Path, Path]:
    """A scratch repository holding ``scripts/<script>``, and the stand-ins' folder."""
    repo, fake = tmp_path / "repo", tmp_path / "bin"
    (repo / "scripts").mkdir(parents=True)
    fake.mkdir()
    shutil.copy(SCRIPTS / script, repo / "scripts" / script)
    _tool(fake, "id", f"#!/bin/sh\necho {uid}\n")
    _tool(fake, "python3", PYTHON3)
    _tool(fake, "apt-get", APT_GET)
    return repo, fake


def _stub_install(repo: Path) -> None:
    """The scripts that install_test_tools.sh calls, and the venv they would make, as stubs."""
    for stub in ("install.sh", "install_fashion_mnist.sh"):
        _tool(repo / "scripts", stub, STUB)
    (repo / ".venv" / "bin").mkdir(parents=True)
    _tool(repo / ".venv" / "bin", "python", STUB)


def _run(repo: Path, fake: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "FAKE": str(fake)}
    return subprocess.run(
        ["bash", f"scripts/{script}"], cwd=repo, env=env, capture_output=True, text=True
    )


def _apt_calls(fake: Path) -> list[str]:
    log = fake / "apt-get.log"
    return log.read_text().splitlines() if log.exists() else []


def test_install_as_root_installs_python3_venv_when_venv_fails(tmp_path):
    repo, fake = _repo(tmp_path, "install.sh", uid=0)
    done = _run(repo, fake, "install.sh")
    assert done.returncode == 0, done.stderr
    assert "install -y -qq python3 python3-venv" in _apt_calls(fake)
    assert (repo / ".venv" / "bin" / "python").exists()


def test_install_without_root_names_the_packages_and_leaves_no_half_venv(tmp_path):
    repo, fake = _repo(tmp_path, "install.sh", uid=1000)
    done = _run(repo, fake, "install.sh")
    assert done.returncode == 1
    assert "sudo apt-get install python3 python3-venv" in done.stderr
    assert _apt_calls(fake) == []
    assert not (repo / ".venv").exists()  # a rerun would otherwise skip the venv step


def test_test_tools_install_a_missing_font_when_everything_else_is_there(tmp_path):
    repo, fake = _repo(tmp_path, "install_test_tools.sh", uid=0)
    _tool(
        fake,
        "dpkg-query",
        '#!/bin/sh\ncase "$*" in *fonts-noto-cjk*) exit 1 ;; esac\nprintf "install ok installed"\n',
    )
    _stub_install(repo)
    done = _run(repo, fake, "install_test_tools.sh")
    assert done.returncode == 0, done.stderr
    assert _apt_calls(fake)[-1] == "install -y -qq fonts-noto-cjk"


def test_test_tools_list_python3_venv(tmp_path):
    repo, fake = _repo(tmp_path, "install_test_tools.sh", uid=0)
    _tool(fake, "dpkg-query", "#!/bin/sh\nexit 1\n")  # nothing installed
    _stub_install(repo)
    done = _run(repo, fake, "install_test_tools.sh")
    assert done.returncode == 0, done.stderr
    assert "python3-venv" in _apt_calls(fake)[-1].split()
