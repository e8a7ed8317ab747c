"""The locks agree with the ranges (CI installs from the locks, people read the ranges).

``requirements.txt`` / ``requirements-dev.txt`` / ``requirements-cluster.txt`` (the
optional Ray backend) say which versions the project supports; their ``.lock`` files
pin the versions CI and ``scripts/*.sh`` install (Linux x86_64, Python 3.11). Every
requirement of a ranges file must be pinned in its lock at a version inside its
range; the dev lock repeats the runtime lock's pins, and the cluster lock (installed
on top of either) repeats the dev lock's pins of every package they share; the pinned
setuptools builds the project (the install uses ``--no-build-isolation``). After changing
a range, recompile the locks with the commands at the top of each lock file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {
    "requirements.txt": "requirements.lock",
    "requirements-dev.txt": "requirements-dev.lock",
    "requirements-cluster.txt": "requirements-cluster.lock",
}


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements of a pip requirements file, following ``-r other.txt``.

    Raises:
        ValueError: a line is an option other than ``-r`` (e.g. ``-e``, ``--index-url``).
    """
    requirements: list[Requirement] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            requirements += read_requirements(path.parent / line.split(maxsplit=1)[1])
        elif line.startswith("-"):
            raise ValueError(f"{path.name}: unsupported option line {raw!r}")
        else:
            requirements.append(Requirement(line))
    return requirements


def read_lock(path: Path) -> dict[str, Version]:
    """``{canonical name: pinned version}`` of a compiled lock (``name==version`` lines).

    Raises:
        ValueError: a requirement line is not an exact ``==`` pin.
    """
    pins: dict[str, Version] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            raise ValueError(f"{path.name}: {raw!r} is not a pin (name==version)")
        pins[canonicalize_name(requirement.name)] = Version(specs[0].version)
    return pins


def disagreements(requirements: list[Requirement], pins: dict[str, Version]) -> list[str]:
    """What is wrong between ranges and pins: a requirement not pinned, or pinned outside
    its range. Empty when they agree."""
    problems = []
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} is not pinned in the lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement} but the lock pins {name}=={pins[name]}")
    return problems


@pytest.mark.parametrize("ranges", sorted(LOCKS))
def test_every_requirement_is_pinned_inside_its_range(ranges):
    lock = LOCKS[ranges]
    problems = disagreements(read_requirements(ROOT / ranges), read_lock(ROOT / lock))
    assert problems == [], f"{ranges} and {lock} disagree; recompile {lock} (see its top)"


def test_dev_lock_repeats_the_runtime_pins():
    runtime, dev = read_lock(ROOT / "requirements.lock"), read_lock(ROOT / "requirements-dev.lock")
    differing = {name: (pin, dev.get(name)) for name, pin in runtime.items()}
    differing = {name: pins for name, pins in differing.items() if pins[0] != pins[1]}
    assert differing == {}, "recompile requirements-dev.lock with -c requirements.lock"


def test_cluster_lock_installs_on_top_of_the_dev_lock():
    dev, cluster = (
        read_lock(ROOT / "requirements-dev.lock"),
        read_lock(ROOT / "requirements-cluster.lock"),
    )
    differing = {
        name: (dev[name], pin) for name, pin in cluster.items() if dev.get(name, pin) != pin
    }
    assert differing == {}, "recompile requirements-cluster.lock with -c requirements-dev.lock"
    assert "ray" in cluster and "ray" not in dev  # Ray stays optional


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_the_pinned_setuptools_builds_the_project(lock):
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    requires = [Requirement(line) for line in build["requires"]]
    assert disagreements(requires, read_lock(ROOT / lock)) == []


def test_checker_finds_a_missing_and_an_out_of_range_pin(tmp_path):
    (tmp_path / "base.txt").write_text("# runtime\nStreamlit>=1.67  # wire protocol\nnumpy>=2.4\n")
    (tmp_path / "dev.txt").write_text("-r base.txt\n\npytest>=9.2\nopencv_python_headless>=5\n")
    (tmp_path / "dev.lock").write_text(
        "# autogenerated\nstreamlit==1.61.0\n    # via -r base.txt\nnumpy==2.4.6\n"
        "opencv-python-headless==5.0.0.93\n"
    )
    requirements = read_requirements(tmp_path / "dev.txt")
    assert [r.name for r in requirements] == [
        "Streamlit",
        "numpy",
        "pytest",
        "opencv_python_headless",
    ]
    assert disagreements(requirements, read_lock(tmp_path / "dev.lock")) == [
        "Streamlit>=1.67 but the lock pins streamlit==1.61.0",
        "pytest>=9.2 is not pinned in the lock",
    ]


def test_checker_refuses_a_lock_line_that_is_not_a_pin(tmp_path):
    (tmp_path / "bad.lock").write_text("numpy==2.4.6\npandas>=3.1\n")
    with pytest.raises(ValueError, match=r"'pandas>=3.1' is not a pin"):
        read_lock(tmp_path / "bad.lock")
    (tmp_path / "bad.txt").write_text("-e .\n")
    with pytest.raises(ValueError, match="unsupported option"):
        read_requirements(tmp_path / "bad.txt")
