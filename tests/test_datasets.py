"""cnn_core.datasets on tiny files in the real on-disk formats, in a temporary Keras cache.

The Keras loaders are the real ones. No network: ``urlretrieve`` inside
``keras.utils.get_file`` is replaced by a function that fails, and the files' hash
check (mnist.npz, the CIFAR-10 archive) is made to pass, since tiny files cannot
match the real files' hashes (otherwise Keras would try to download them again).
"""

from __future__ import annotations

import gzip
import io
import pickle
import struct
import tarfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from cnn_core import datasets
from cnn_core.datasets import (
    DATASETS,
    DatasetUnavailable,
    files_present,
    load_dataset,
    read_ahead,
    sample_images,
    subset_split,
)


@pytest.fixture
def keras_cache(tmp_path, monkeypatch) -> Path:
    """An empty Keras cache ``<tmp>/keras/datasets``; downloads fail."""
    from keras.src.backend import config
    from keras.src.utils import file_utils

    home = tmp_path / "keras"
    # KERAS_HOME is read when keras is imported; keras_home() returns this global.
    monkeypatch.setenv("KERAS_HOME", str(home))
    monkeypatch.setattr(config, "_KERAS_DIR", str(home))

    def no_network(url, *args, **kwargs):
        raise OSError(f"network disabled in tests: {url}")

    monkeypatch.setattr(file_utils, "urlretrieve", no_network)
    monkeypatch.setattr(file_utils, "validate_file", lambda *args, **kwargs: True)
    datasets.clear_cache()
    yield home / "datasets"
    datasets.clear_cache()


def _images(n: int, shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, *shape), dtype=np.uint8)


def _labels(n: int) -> np.ndarray:
    return (np.arange(n) % 10).astype(np.uint8)


def _write_idx(path: Path, array: np.ndarray) -> None:
    """An IDX file (big-endian magic 0x0000080<ndim>, sizes, bytes), gzipped."""
    header = struct.pack(">I", 0x800 + array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    path.write_bytes(gzip.compress(header + array.tobytes()))


def _write_fashion(cache: Path, n_train: int = 40, n_test: int = 30) -> tuple[np.ndarray, ...]:
    folder = cache / "fashion-mnist"
    folder.mkdir(parents=True, exist_ok=True)
    arrays = (
        _images(n_train, (28, 28), 1),
        _labels(n_train)[::-1].copy(),
        _images(n_test, (28, 28), 2),
        _labels(n_test),
    )
    names = (
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    )
    for name, array in zip(names, arrays, strict=True):
        _write_idx(folder / name, array)
    return arrays


def _write_mnist(cache: Path, n_train: int = 20, n_test: int = 20) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(
        cache / "mnist.npz",
        x_train=_images(n_train, (28, 28), 3),
        y_train=_labels(n_train),
        x_test=_images(n_test, (28, 28), 4),
        y_test=_labels(n_test),
    )


def _cifar_batch(data: np.ndarray, labels: list[int]) -> bytes:
    # The real batches are Python 2 pickles of {b"data": uint8 (N, 3072), b"labels": [...]},
    # rows in channel-first order. Protocol 4 pickles the array through
    # numpy._core.multiarray._reconstruct, as the real files do, which the loader's
    # restricted unpickler allows (protocol 2 would need _codecs, protocol 5 _frombuffer).
    return pickle.dumps({b"batch_label": b"tiny", b"data": data, b"labels": labels}, protocol=4)


def _write_cifar(cache: Path, n_test: int = 20) -> np.ndarray:
    """The archive Keras downloads (saved as ``cifar-10-batches-py-target_archive``).

    The loader fills a fixed (50000, 3, 32, 32) array with five batches of 10,000;
    one image per training batch is broadcast into its 10,000 rows, so the files stay
    tiny and the format real.
    """
    cache.mkdir(parents=True, exist_ok=True)
    test_x = _images(n_test, (3 * 32 * 32,), 5)
    members = {
        f"cifar-10-batches-py/data_batch_{i}": _cifar_batch(_images(1, (3072,), 10 + i), [i])
        for i in range(1, 6)
    }
    members["cifar-10-batches-py/test_batch"] = _cifar_batch(
        test_x, [int(label) for label in _labels(n_test)]
    )
    with tarfile.open(cache / "cifar-10-batches-py-target_archive", "w:gz") as archive:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return test_x.reshape(n_test, 3, 32, 32).transpose(0, 2, 3, 1)


def test_registry_describes_every_dataset():
    assert set(DATASETS) == {"fashion_mnist", "mnist", "mnist_subset", "cifar10"}
    for info in DATASETS.values():
        assert set(info.title) == set(info.test_set) == {"ko", "en"}
        assert [len(names) for names in info.class_names.values()] == [10, 10]
    assert DATASETS["fashion_mnist"].class_names["ko"][0] == "티셔츠"
    assert DATASETS["fashion_mnist"].class_names["ko"][9] == "앵클부츠"
    assert DATASETS["cifar10"].input_shape == (32, 32, 3)
    assert DATASETS["cifar10"].class_names["ko"][3] == "고양이"


def test_the_languages_are_listed_once_for_the_library_and_the_ui():
    from ui import i18n

    assert datasets.LANGUAGES == ("ko", "en")
    assert i18n.LANGUAGES is datasets.LANGUAGES
    for info in DATASETS.values():
        assert tuple(info.title) == tuple(info.class_names) == datasets.LANGUAGES


def test_scale_images_divides_by_255_in_float32_into_a_new_array():
    images = np.array([[[[0], [51]], [[255], [128]]]], np.uint8)  # (1, 2, 2, 1)
    scaled = datasets.scale_images(images)
    assert scaled.dtype == np.float32 and scaled.shape == images.shape
    np.testing.assert_array_equal(scaled, images.astype(np.float32) / np.float32(255))
    assert scaled[0, 1, 0, 0] == 1.0 and not np.shares_memory(scaled, images)
    one = datasets.scale_images(images[0])  # one (H, W, C) image, as a page scales it
    np.testing.assert_array_equal(one, scaled[0])


def test_fashion_mnist_from_idx_files(keras_cache):
    x_train, y_train, x_test, y_test = _write_fashion(keras_cache)
    splits = load_dataset("fashion_mnist", validation_split=0.25, seed=3)
    assert splits.x_train.shape == (30, 28, 28, 1)
    assert splits.x_val.shape == (10, 28, 28, 1)
    assert splits.x_test.shape == (30, 28, 28, 1)
    for x in (splits.x_train, splits.x_val, splits.x_test):
        assert x.dtype == np.float32
        assert x.min() >= 0.0 and x.max() <= 1.0
    assert splits.y_train.dtype == np.int64
    np.testing.assert_allclose(splits.x_test[..., 0], x_test / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(splits.y_test, y_test)
    # Train + validation are the training set, each image once, with its label.
    merged = np.concatenate([splits.x_train, splits.x_val])[..., 0]
    labels = np.concatenate([splits.y_train, splits.y_val])
    order = np.argsort([img.tobytes() for img in np.round(merged * 255).astype(np.uint8)])
    expected = np.argsort([img.tobytes() for img in x_train])
    np.testing.assert_array_equal(np.round(merged[order] * 255), x_train[expected])
    np.testing.assert_array_equal(labels[order], y_train[expected])
    assert splits.info is DATASETS["fashion_mnist"]


def test_subset_split_and_seed(keras_cache):
    _write_fashion(keras_cache, n_train=60)
    first = load_dataset("fashion_mnist", train_subset=20, validation_split=0.1, seed=1)
    again = load_dataset("fashion_mnist", train_subset=20, validation_split=0.1, seed=1)
    other = load_dataset("fashion_mnist", train_subset=20, validation_split=0.1, seed=2)
    assert (len(first.x_train), len(first.x_val)) == (18, 2)
    np.testing.assert_array_equal(first.x_train, again.x_train)
    assert not np.array_equal(first.x_train, other.x_train)
    assert len(load_dataset("fashion_mnist", train_subset=1000, validation_split=0).x_train) == 60


def test_returned_arrays_never_alias_the_cache(keras_cache):
    _write_fashion(keras_cache)
    splits = load_dataset("fashion_mnist")
    splits.x_test[:] = 7.0
    splits.y_test[:] = 7
    x, _ = sample_images("fashion_mnist", per_class=1)
    x[:] = 7.0
    fresh = load_dataset("fashion_mnist")
    assert fresh.x_test.max() <= 1.0
    assert fresh.y_test[0] == 0
    raw = datasets._load_raw("fashion_mnist")
    assert not any(array.flags.writeable for array in raw)


def test_sample_images_per_class(keras_cache):
    _write_fashion(keras_cache, n_test=30)  # 3 test images per class
    x, y = sample_images("fashion_mnist", per_class=2, seed=0)
    assert x.shape == (20, 28, 28, 1)
    assert x.dtype == np.float32
    np.testing.assert_array_equal(y, np.repeat(np.arange(10), 2))
    x_all, _ = sample_images("fashion_mnist", per_class=5)
    assert len(x_all) == 30  # capped by what the test set has
    with pytest.raises(ValueError, match="0"):
        sample_images("fashion_mnist", per_class=0)


def test_mnist_from_npz(keras_cache):
    _write_mnist(keras_cache)
    splits = load_dataset("mnist", validation_split=0.5)
    assert splits.x_train.shape == (10, 28, 28, 1)
    assert splits.x_test.shape == (20, 28, 28, 1)
    assert splits.info.class_names["en"][3] == "3"


def test_cifar10_from_python_batches(keras_cache):
    test_images = _write_cifar(keras_cache)
    splits = load_dataset("cifar10", train_subset=50, validation_split=0.2)
    assert splits.x_train.shape == (40, 32, 32, 3)
    assert splits.x_val.shape == (10, 32, 32, 3)
    np.testing.assert_allclose(splits.x_test, test_images / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(splits.y_test, _labels(20))
    assert splits.y_train.shape == (40,)  # (N, 1) in the loader, flattened here
    assert set(np.unique(splits.y_train)) <= {1, 2, 3, 4, 5}


@pytest.mark.filterwarnings("ignore:Could not extract archive")
@pytest.mark.parametrize(
    ("name", "write", "break_it"),
    [
        (
            "fashion_mnist",
            _write_fashion,
            lambda c: (c / "fashion-mnist/train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8bjunk"),
        ),
        ("mnist", _write_mnist, lambda c: (c / "mnist.npz").write_bytes(b"PK\x03\x04 truncated")),
        (
            "cifar10",
            _write_cifar,
            lambda c: (c / "cifar-10-batches-py-target_archive").write_bytes(b"not a tar"),
        ),
    ],
)
def test_broken_cache_file_raises_dataset_unavailable(keras_cache, name, write, break_it):
    write(keras_cache)
    break_it(keras_cache)
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset(name)
    err = caught.value
    assert err.name == name
    assert err.cache_dir == str(keras_cache)
    assert err.missing == ()
    assert err.reason
    assert name in str(err)


def test_broken_pickle_inside_the_cifar_archive(keras_cache):
    _write_cifar(keras_cache)
    payload = b"\x80\x02cos\nsystem\nq\x00."  # a pickle asking for os.system
    with tarfile.open(keras_cache / "cifar-10-batches-py-target_archive", "w:gz") as archive:
        info = tarfile.TarInfo("cifar-10-batches-py/data_batch_1")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    with pytest.raises(DatasetUnavailable, match="cifar10"):
        load_dataset("cifar10")


@pytest.mark.parametrize("name", sorted(name for name in DATASETS if not DATASETS[name].bundled))
def test_missing_files_without_network(keras_cache, name):
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset(name)
    err = caught.value
    assert err.missing == DATASETS[name].cache_files
    assert "network disabled" in err.reason
    # The failure is not cached: once the files are there, loading works.
    if name == "fashion_mnist":
        _write_fashion(keras_cache)
        assert len(load_dataset(name).x_test) == 30


def test_files_present_looks_only_at_the_files(keras_cache):
    assert not files_present("fashion_mnist")  # an empty Keras cache
    _write_fashion(keras_cache)
    assert files_present("fashion_mnist") and files_present("mnist_subset")  # bundled
    with pytest.raises(ValueError, match="nope"):
        files_present("nope")


def test_read_ahead_reads_only_files_on_disk_and_never_downloads(keras_cache, monkeypatch):
    """What a waiting training worker does (cnn_core.training.warm_up)."""
    from keras.src.utils import file_utils

    asked: list[str] = []
    monkeypatch.setattr(file_utils, "urlretrieve", lambda url, *a, **k: asked.append(url))
    assert read_ahead("fashion_mnist") is False  # nothing on disk
    assert asked == []
    _write_fashion(keras_cache)
    (keras_cache / DATASETS["fashion_mnist"].cache_files[0]).write_bytes(b"not gzip")
    assert read_ahead("fashion_mnist") is False  # unreadable: left to load_dataset to say
    _write_fashion(keras_cache)
    assert read_ahead("fashion_mnist") is True
    (keras_cache / DATASETS["fashion_mnist"].cache_files[1]).unlink()
    assert len(load_dataset("fashion_mnist").x_test) == 30  # from memory
    assert asked == []


def test_bad_arguments_echo_the_value():
    with pytest.raises(ValueError, match="'svhn'"):
        load_dataset("svhn")
    with pytest.raises(ValueError, match=r"0\.9"):
        load_dataset("fashion_mnist", validation_split=0.9)
    with pytest.raises(ValueError, match="5"):
        load_dataset("fashion_mnist", train_subset=5)


def test_the_bundled_digits_load_with_no_network_and_a_fixed_test_part(keras_cache):
    splits = load_dataset("mnist_subset", validation_split=0.1, seed=3)
    info = DATASETS["mnist_subset"]
    assert len(splits.x_test) == info.test_size == 2_000
    assert len(splits.x_train) + len(splits.x_val) == info.train_size == 8_000
    assert splits.x_train.dtype == np.float32 and splits.x_train.shape[1:] == (28, 28, 1)
    assert set(np.unique(splits.y_test)) == set(range(10))
    again = load_dataset("mnist_subset", validation_split=0.2, seed=9)  # another run's split
    np.testing.assert_array_equal(splits.x_test, again.x_test)  # the test part never moves
    train_bytes = {image.tobytes() for image in np.concatenate([again.x_train, again.x_val])}
    assert not any(image.tobytes() in train_bytes for image in splits.x_test[:200])


def test_subset_split_is_fixed_and_refuses_a_bad_size():
    train, test = subset_split(10, 3)
    assert sorted([*train, *test]) == list(range(10)) and len(test) == 3
    np.testing.assert_array_equal(test, subset_split(10, 3)[1])
    with pytest.raises(ValueError, match="got 10"):
        subset_split(10, 10)


def test_a_missing_bundled_file_names_it(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets, "BUNDLED_DATA_DIR", tmp_path)
    datasets.clear_cache()
    try:
        with pytest.raises(DatasetUnavailable) as caught:
            load_dataset("mnist_subset")
    finally:
        datasets.clear_cache()
    assert caught.value.missing == ("mnist_digits_subset.npz",)
    assert caught.value.cache_dir == str(tmp_path)


def test_a_slow_load_keeps_no_one_from_a_dataset_in_memory_and_runs_once(keras_cache, monkeypatch):
    """A student picking CIFAR-10 starts Keras's 170 MB download in the web process;
    every other student still gets the digits already in memory at once, and two
    students picking CIFAR-10 together load it once."""
    import keras

    digits = datasets.raw_test_set("mnist_subset")  # in memory before CIFAR-10 is asked for
    loads: list[str] = []
    release = threading.Event()

    def slow_cifar():
        loads.append("cifar10")
        release.wait(10)
        x = _images(10, (32, 32, 3), 6)
        return (x, _labels(10)[:, None]), (x, _labels(10)[:, None])

    monkeypatch.setattr(keras.datasets.cifar10, "load_data", slow_cifar)
    answers: list[tuple[np.ndarray, np.ndarray]] = []
    students = [
        threading.Thread(target=lambda: answers.append(datasets.raw_test_set("cifar10")))
        for _ in range(2)
    ]
    try:
        for student in students:
            student.start()
        deadline = time.monotonic() + 10
        while not loads and time.monotonic() < deadline:
            time.sleep(0.01)
        assert loads == ["cifar10"]
        again = datasets.raw_test_set("mnist_subset")
        assert all(student.is_alive() for student in students)  # CIFAR-10 is still loading
        assert again[0] is digits[0] and again[1] is digits[1]
    finally:
        release.set()
        for student in students:
            student.join(10)
    assert loads == ["cifar10"]  # the second student got the first one's arrays
    assert len(answers) == 2 and answers[0][0] is answers[1][0]
    assert answers[0][0].shape == (10, 32, 32, 3) and not answers[0][0].flags.writeable
