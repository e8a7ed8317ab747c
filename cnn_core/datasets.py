"""The datasets students train on: Fashion-MNIST, MNIST, the MNIST digits that ship
with the app, and CIFAR-10.

Images come through ``keras.datasets.<name>.load_data()`` (the loader people know,
with its cache in ``~/.keras/datasets`` or ``$KERAS_HOME/datasets``), except the
bundled ``mnist_subset``: 10,000 real MNIST digits in ``assets/datasets/`` that make
the course's MNIST recipes work in a classroom with no internet (its test set is a
fixed held-out part, :func:`subset_split`). Scaling to ``[0, 1]`` float32 and the
channel axis are done here, once, for every dataset.

Keras is imported lazily so that pages without TensorFlow can read :data:`DATASETS`.
The raw uint8 arrays are cached per process, each dataset once it has been asked
for, and handed out read-only (:func:`raw_test_set`); :func:`load_dataset` and
:func:`sample_images` always return fresh float32 copies.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cnn_core.paths import BUNDLED_DATA_DIR

LANGUAGES: tuple[str, ...] = ("ko", "en")
"""The app's languages, by code: a dataset's names here, a run's model card
(:mod:`cnn_core.training`) and every UI string (``ui.i18n``) have a text in each."""
DIGIT_NAMES: dict[str, list[str]] = {lang: [str(d) for d in range(10)] for lang in LANGUAGES}
"""The class names of both MNIST datasets."""


@dataclass(frozen=True)
class DatasetInfo:
    """What the app knows about a dataset without loading it.

    Attributes:
        name: registry key, e.g. ``"fashion_mnist"``.
        title: display name per language of :data:`LANGUAGES`, ``{"ko": ..., "en": ...}``.
        input_shape: ``(H, W, C)`` of one image after :func:`load_dataset`.
        class_names: ten names per language, index = label.
        train_size: images in the official training set.
        test_size: images in the official test set.
        test_set: how the test set is named in a sentence, per language (a run's
            card says its accuracy was measured on it).
        cache_files: what the Keras loader keeps in its cache, relative to
            ``<keras home>/datasets`` (a folder name ends with ``/``).
        bundled: the file in ``assets/datasets/`` that holds the whole dataset
            (``x`` uint8 ``(N, H, W)``, ``y`` uint8 ``(N,)``), for a dataset that
            ships with the app instead of coming through a Keras loader.
    """

    name: str
    title: dict[str, str]
    input_shape: tuple[int, int, int]
    class_names: dict[str, list[str]]
    train_size: int
    test_size: int
    test_set: dict[str, str]
    cache_files: tuple[str, ...] = ()
    bundled: str | None = None

    @property
    def num_classes(self) -> int:
        """How many classes its labels name (the models' output units)."""
        return len(self.class_names["en"])


DATASETS: dict[str, DatasetInfo] = {
    "fashion_mnist": DatasetInfo(
        name="fashion_mnist",
        title={"ko": "패션 MNIST", "en": "Fashion-MNIST"},
        input_shape=(28, 28, 1),
        class_names={
            "ko": [
                "티셔츠",
                "바지",
                "스웨터",
                "드레스",
                "코트",
                "샌달",
                "셔츠",
                "스니커즈",
                "가방",
                "앵클부츠",
            ],
            "en": [
                "T-shirt/top",
                "Trouser",
                "Pullover",
                "Dress",
                "Coat",
                "Sandal",
                "Shirt",
                "Sneaker",
                "Bag",
                "Ankle boot",
            ],
        },
        train_size=60_000,
        test_size=10_000,
        test_set={"ko": "패션 MNIST 테스트 세트", "en": "the Fashion-MNIST test set"},
        cache_files=(
            "fashion-mnist/train-labels-idx1-ubyte.gz",
            "fashion-mnist/train-images-idx3-ubyte.gz",
            "fashion-mnist/t10k-labels-idx1-ubyte.gz",
            "fashion-mnist/t10k-images-idx3-ubyte.gz",
        ),
    ),
    "mnist": DatasetInfo(
        name="mnist",
        title={"ko": "MNIST 손글씨 숫자", "en": "MNIST digits"},
        input_shape=(28, 28, 1),
        class_names=DIGIT_NAMES,
        train_size=60_000,
        test_size=10_000,
        test_set={"ko": "MNIST 공식 테스트 세트", "en": "the official MNIST test set"},
        cache_files=("mnist.npz",),
    ),
    "mnist_subset": DatasetInfo(
        name="mnist_subset",
        title={
            "ko": "MNIST — 앱에 포함된 숫자 10,000장",
            "en": "MNIST — 10,000 digits that ship with the app",
        },
        input_shape=(28, 28, 1),
        class_names=DIGIT_NAMES,
        train_size=8_000,
        test_size=2_000,
        test_set={
            "ko": "앱에 포함된 MNIST 숫자 중 학습에 쓰지 않고 따로 둔 부분",
            "en": "the held-out part of the MNIST digits that ship with the app",
        },
        bundled="mnist_digits_subset.npz",
    ),
    "cifar10": DatasetInfo(
        name="cifar10",
        title={"ko": "CIFAR-10 컬러 사진", "en": "CIFAR-10 colour photos"},
        input_shape=(32, 32, 3),
        class_names={
            "ko": ["비행기", "자동차", "새", "고양이", "사슴", "개", "개구리", "말", "배", "트럭"],
            "en": [
                "airplane",
                "automobile",
                "bird",
                "cat",
                "deer",
                "dog",
                "frog",
                "horse",
                "ship",
                "truck",
            ],
        },
        train_size=50_000,
        test_size=10_000,
        test_set={"ko": "CIFAR-10 테스트 세트", "en": "the CIFAR-10 test set"},
        # Keras downloads cifar-10-python.tar.gz under this name, then extracts it.
        cache_files=("cifar-10-batches-py-target_archive",),
    ),
}


class DatasetUnavailable(Exception):
    """The Keras loader could not deliver a dataset (no network, broken cache file).

    Attributes:
        name: the dataset's registry key.
        reason: the underlying error, ``"<type>: <message>"``.
        cache_dir: the Keras dataset cache folder the loader looks in.
        missing: files of :attr:`DatasetInfo.cache_files` not present in ``cache_dir``
            (empty when they are there but unreadable).
    """

    def __init__(self, name: str, reason: str, cache_dir: str, missing: tuple[str, ...] = ()):
        self.name = name
        self.reason = reason
        self.cache_dir = cache_dir
        self.missing = missing
        what = f"missing {', '.join(missing)}" if missing else "cache present but unreadable"
        super().__init__(f"dataset {name!r} unavailable ({what} in {cache_dir}): {reason}")


@dataclass
class DatasetSplits:
    """A dataset ready for ``model.fit``.

    ``x_*`` are float32 in ``[0, 1]`` with shape ``(N, H, W, C)``; ``y_*`` are int64
    labels with shape ``(N,)``. The validation split is carved out of the training
    set; the test set is the official one, untouched.
    """

    x_train: NDArray[np.float32]
    y_train: NDArray[np.int64]
    x_val: NDArray[np.float32]
    y_val: NDArray[np.int64]
    x_test: NDArray[np.float32]
    y_test: NDArray[np.int64]
    info: DatasetInfo


def dataset_info(name: str) -> DatasetInfo:
    """Return the registry entry of ``name``.

    Raises:
        ValueError: unknown dataset name.
    """
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; expected one of {sorted(DATASETS)}") from None


def keras_cache_dir() -> str:
    """The folder where ``keras.datasets`` loaders keep their files."""
    from keras.src.backend import config  # keras_home() has no public alias in Keras 3

    return os.path.join(os.path.expanduser(config.keras_home()), "datasets")


def subset_split(count: int, test_size: int, seed: int = 0) -> tuple[NDArray, NDArray]:
    """The fixed split of a bundled dataset: ``(train_indices, test_indices)``.

    The test part is the first ``test_size`` of a ``seed`` permutation of
    ``range(count)`` (the shipped digit model was measured on the same part); the
    rest is for training (and its validation split).

    Raises:
        ValueError: ``test_size`` not in ``[1, count - 1]``.
    """
    if not 1 <= test_size < count:
        raise ValueError(f"test_size must be in [1, {count - 1}], got {test_size!r}")
    order = np.random.default_rng(seed).permutation(count)
    return np.sort(order[test_size:]), np.sort(order[:test_size])


def _read_bundled(info: DatasetInfo) -> tuple[tuple[NDArray, NDArray], tuple[NDArray, NDArray]]:
    """``load_data()``'s answer for a dataset that ships in ``assets/datasets/``."""
    with np.load(BUNDLED_DATA_DIR / str(info.bundled)) as data:
        x, y = data["x"], data["y"]
    train, test = subset_split(len(x), info.test_size)
    return (x[train], y[train]), (x[test], y[test])


def _missing_files(info: DatasetInfo) -> tuple[str, tuple[str, ...]]:
    """``(folder, files of the dataset not in it)``: the bundled file or the Keras cache's."""
    folder = str(BUNDLED_DATA_DIR) if info.bundled else keras_cache_dir()
    expected = (info.bundled,) if info.bundled else info.cache_files
    missing = tuple(file for file in expected if not os.path.exists(os.path.join(folder, file)))
    return folder, missing


def files_present(name: str) -> bool:
    """Whether dataset ``name``'s files are on this machine (loading it downloads nothing).

    Raises:
        ValueError: unknown name.
    """
    return not _missing_files(dataset_info(name))[1]


_LOAD_LOCKS: dict[str, threading.Lock] = {name: threading.Lock() for name in DATASETS}
"""One lock per dataset: two threads asking for one dataset at once read its files
once, while a slow load (Keras downloading CIFAR-10's 170 MB) keeps no one from the
other datasets already in memory."""


@functools.lru_cache(maxsize=len(DATASETS))
def _raw_arrays(name: str) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray, NDArray]:
    """``(x_train, y_train, x_test, y_test)``: uint8 ``(N, H, W, C)``, int64 ``(N,)``, read-only.

    Room for every dataset: a class may use all four, and an evicted one is read from
    disk again (seconds for CIFAR-10). All four take about 300 MB (CIFAR-10 184 MB,
    MNIST and Fashion-MNIST 55 MB each, the bundled digits 8 MB); a training worker
    holds only its run's dataset.
    """
    info = DATASETS[name]
    try:
        if info.bundled:
            (x_train, y_train), (x_test, y_test) = _read_bundled(info)
        else:
            import keras

            (x_train, y_train), (x_test, y_test) = getattr(keras.datasets, name).load_data()
    except Exception as err:  # OSError, URL errors, EOFError, zlib/zip/pickle errors...
        cache_dir, missing = _missing_files(info)
        raise DatasetUnavailable(name, f"{type(err).__name__}: {err}", cache_dir, missing) from err
    arrays = []
    for images, labels in ((x_train, y_train), (x_test, y_test)):
        images = np.asarray(images, dtype=np.uint8)
        if images.ndim == 3:
            images = images[..., np.newaxis]
        labels = np.asarray(labels).reshape(-1).astype(np.int64)
        if images.shape[1:] != DATASETS[name].input_shape or len(images) != len(labels):
            raise DatasetUnavailable(
                name,
                f"unexpected arrays: images {images.shape}, labels {labels.shape}",
                keras_cache_dir(),
            )
        images.setflags(write=False)
        labels.setflags(write=False)
        arrays += [images, labels]
    return tuple(arrays)  # type: ignore[return-value]


def _load_raw(name: str) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray, NDArray]:
    dataset_info(name)
    with _LOAD_LOCKS[name]:
        return _raw_arrays(name)


def raw_test_set(name: str) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """A dataset's whole test set as it is kept in memory, not copied.

    Args:
        name: a key of :data:`DATASETS`.

    Returns:
        ``(x, y)``: uint8 ``(N, H, W, C)`` images in 0-255 and int64 labels ``(N,)``,
        both read-only and shared by every caller of this process.

    Raises:
        ValueError: unknown name.
        DatasetUnavailable: the Keras loader failed.
    """
    _, _, x_test, y_test = _load_raw(name)
    return x_test, y_test


def scale_images(images: NDArray[np.uint8]) -> NDArray[np.float32]:
    """uint8 ``(N, H, W, C)`` -> new float32 array in ``[0, 1]``, same shape.

    How every dataset image becomes a model's input (divided by 255 in float32); an
    array of any other shape, such as one ``(H, W, C)`` image, is scaled the same way.
    """
    scaled = images.astype(np.float32)
    scaled /= 255.0
    return scaled


MIN_TRAIN_SUBSET = 10
"""The fewest training images :func:`load_dataset` draws (and a ``TrainConfig`` asks for)."""
VALIDATION_SPLIT_RANGE: tuple[float, float] = (0.0, 0.5)
"""The shares of the training images :func:`load_dataset` holds out for validation
(lowest, highest; a ``TrainConfig``'s and the training page's range too)."""


def held_out(images: int, validation_split: float) -> int:
    """How many of ``images`` training images a run holds out for validation."""
    return round(images * validation_split)


def load_dataset(
    name: str,
    *,
    train_subset: int | None = None,
    validation_split: float = 0.1,
    seed: int = 0,
    unscaled_train: bool = False,
) -> DatasetSplits:
    """Load a dataset, scaled and split.

    Args:
        name: a key of :data:`DATASETS`.
        train_subset: use this many training images (drawn at random with ``seed``,
            capped at the training set's size) before the validation split;
            ``None`` uses all of them.
        validation_split: fraction of those images held out for validation, in
            ``[0, 0.5]``.
        seed: seed of the random subset and split.
        unscaled_train: keep ``x_train`` as uint8 0-255 (a quarter of the memory;
            the training pipeline divides each batch by 255, see
            :func:`cnn_core.training.fit_batches`).

    Returns:
        :class:`DatasetSplits` with fresh arrays the caller may modify.

    Raises:
        ValueError: unknown name, ``train_subset`` < 10 or a split outside ``[0, 0.5]``.
        DatasetUnavailable: the Keras loader failed.
    """
    info = dataset_info(name)
    if train_subset is not None and train_subset < MIN_TRAIN_SUBSET:
        raise ValueError(
            f"train_subset must be at least {MIN_TRAIN_SUBSET} or None, got {train_subset!r}"
        )
    low, high = VALIDATION_SPLIT_RANGE
    if not low <= validation_split <= high:
        raise ValueError(f"validation_split must be in [{low}, {high}], got {validation_split!r}")
    x_train, y_train, x_test, y_test = _load_raw(name)
    order = np.random.default_rng(seed).permutation(len(x_train))
    if train_subset is not None:
        order = order[:train_subset]
    n_val = held_out(len(order), validation_split)
    val_idx, train_idx = np.sort(order[:n_val]), order[n_val:]
    return DatasetSplits(
        x_train=x_train[train_idx] if unscaled_train else scale_images(x_train[train_idx]),
        y_train=y_train[train_idx],
        x_val=scale_images(x_train[val_idx]),
        y_val=y_train[val_idx],
        x_test=scale_images(x_test),
        y_test=y_test.copy(),
        info=info,
    )


def sample_images(
    name: str, per_class: int = 3, *, seed: int = 0
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """A few test images of every class, for galleries and quick predictions.

    Args:
        name: a key of :data:`DATASETS`.
        per_class: images per class (fewer when a class has fewer test images).
        seed: which images are drawn.

    Returns:
        ``(x, y)``: float32 ``(N, H, W, C)`` in ``[0, 1]`` grouped by class, and int64
        labels ``(N,)``.

    Raises:
        ValueError: unknown name or ``per_class`` < 1.
        DatasetUnavailable: the Keras loader failed.
    """
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class!r}")
    x_test, y_test = raw_test_set(name)
    rng = np.random.default_rng(seed)
    picked = [
        rng.permutation(np.flatnonzero(y_test == label))[:per_class]
        for label in range(dataset_info(name).num_classes)
    ]
    idx = np.concatenate(picked)
    return scale_images(x_test[idx]), y_test[idx]


def read_ahead(name: str) -> bool:
    """Read ``name``'s files into this process's cache if they are all on disk.

    A missing file means no read, so no download (one exception, Keras's own: the
    MNIST and CIFAR-10 loaders check a file's hash and fetch a file that differs
    again; Fashion-MNIST's, the quick preset's dataset, checks none). Never raises: a
    file that cannot be read is left for :func:`load_dataset` to report. Returns
    whether the arrays are now in memory.
    """
    if _missing_files(dataset_info(name))[1]:
        return False
    try:
        _load_raw(name)
    except DatasetUnavailable:
        return False
    return True


def clear_cache() -> None:
    """Forget the raw arrays loaded so far (tests, or after fixing a broken cache)."""
    _raw_arrays.cache_clear()
