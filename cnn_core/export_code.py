"""The Keras code that trains a :class:`~cnn_core.train_config.TrainConfig`, as a script.

:func:`training_script` writes a plain Python file in the style of the course notes
(``keras.Sequential()`` and ``model.add(...)``, ``compile``, ``fit`` with
``ModelCheckpoint`` and ``EarlyStopping``, ``evaluate``) that runs as it is, outside
the app, with only numpy and Keras installed:

- the same data: the Keras loader (or the digits file that ships with the app for
  ``mnist_subset``), scaled to ``[0, 1]``, the same train subset and validation split
  (drawn as :func:`cnn_core.datasets.load_dataset` draws them, from the run's seed);
- the same model: layer by layer from :func:`cnn_core.models.layer_specs`, with the
  same names and the same seeded initial weights as :func:`cnn_core.models.build_model`;
- the same compile (optimizer, learning rate or schedule) and fit (epochs, batch,
  callbacks: the best model, early stopping, the weights of every epoch).

What differs, said in the script: the order of the batches (the app shuffles with its
own seeded ``tf.data`` pipeline), so the numbers differ a little.

The script's settings are plain constants at its top (``EPOCHS = 5``,
``TRAIN_SUBSET = None``...), so it is easy to change; the test of this module sets
them to one epoch on a small subset. This module never imports Keras.
"""

from __future__ import annotations

from cnn_core.datasets import DATASETS
from cnn_core.models import NORM_MOMENTUM, _pad_amounts, describe_layers, layer_specs
from cnn_core.train_config import TrainConfig

_OPTIMIZERS = {
    "adam": "Adam",
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
}
_COMMENTS: dict[str, dict[str, str]] = {
    "head": {
        "ko": "{app}에서 설정한 학습 실행을 그대로 학습하는 케라스 코드입니다.",
        "en": "Keras code that trains the run configured in {app}.",
    },
    "run": {
        "ko": "실행: python {file}  (numpy와 keras만 있으면 됩니다)",
        "en": "Run: python {file}  (needs only numpy and keras)",
    },
    "order": {
        "ko": "앱은 배치 순서를 자체 방식으로 섞으므로 결과 숫자는 조금 다를 수 있습니다.",
        "en": "The app shuffles the batches its own way, so the numbers may differ a little.",
    },
    "settings": {"ko": "설정", "en": "Settings"},
    "data": {
        "ko": "1. 데이터: 0~1로 나누고, 학습 부분 집합과 검증 세트를 고릅니다",
        "en": "1. Data: scale to 0..1, pick the training subset and the validation set",
    },
    "model": {"ko": "2. 모델", "en": "2. Model"},
    "compile": {"ko": "3. 컴파일", "en": "3. Compile"},
    "fit": {
        "ko": "4. 학습: 최고 모델 저장, 조기 종료, 에포크마다 가중치 저장",
        "en": "4. Fit: keep the best model, stop early, save the weights of every epoch",
    },
    "init": {
        "ko": "앱과 같은 초기 가중치: 층마다 SEED + i",
        "en": "The app's initial weights: SEED + i for the i-th seeded layer",
    },
    "evaluate": {"ko": "5. 테스트 세트로 평가", "en": "5. Evaluate on the test set"},
    "bundled": {
        "ko": "{app}에 포함된 MNIST 숫자 10,000장 (앱의 assets/datasets/{file});"
        " 학습 페이지에서 {file} 파일을 내려받아 이 스크립트와 같은 폴더에 두세요"
        " (노트북에서는 노트북이 실행되는 폴더에).",
        "en": "The 10,000 MNIST digits that ship with {app} (the app's"
        " assets/datasets/{file}); download {file} from the training page and put it in"
        " this script's folder (in a notebook: the folder the notebook runs in).",
    },
}


def _comment(key: str, lang: str, **fields: object) -> str:
    texts = _COMMENTS[key]
    return texts.get(lang, texts["en"]).format(**fields)


def script_name(config: TrainConfig) -> str:
    """A file name for the script, e.g. ``train_fashion_mnist_seed_cnn.py``."""
    return f"train_{config.dataset}_{config.model}.py"


def _data_lines(config: TrainConfig, lang: str, app_name: str) -> list[str]:
    info = DATASETS[config.dataset]
    height, width, channels = info.input_shape
    lines = [f"# {_comment('data', lang)}"]
    if info.bundled:  # its file by name beside the script: no path of the server's
        lines += [
            *(
                f"# {part.strip()}"
                for part in _comment("bundled", lang, app=app_name, file=info.bundled).split(";")
            ),
            "try:",
            "    HERE = os.path.dirname(os.path.abspath(__file__))",
            "except NameError:  # a notebook",
            "    HERE = os.getcwd()",
            f'DATA_FILE = os.path.join(HERE, "{info.bundled}")',
            "with np.load(DATA_FILE) as data:",
            '    images, labels = data["x"], data["y"]',
            "held_out = np.random.default_rng(0).permutation(len(images))",
            f"test_part, train_part = np.sort(held_out[:{info.test_size}]), "
            f"np.sort(held_out[{info.test_size}:])",
            "(x_train, y_train) = (images[train_part], labels[train_part])",
            "(x_test, y_test) = (images[test_part], labels[test_part])",
        ]
    else:
        lines.append(
            f"(x_train, y_train), (x_test, y_test) = keras.datasets.{config.dataset}.load_data()"
        )
    lines += [
        f'x_train = x_train.reshape(-1, {height}, {width}, {channels}).astype("float32") / 255.0',
        f'x_test = x_test.reshape(-1, {height}, {width}, {channels}).astype("float32") / 255.0',
        'y_train, y_test = y_train.reshape(-1).astype("int64"), y_test.reshape(-1).astype("int64")',
        "order = np.random.default_rng(SEED).permutation(len(x_train))",
        "if TRAIN_SUBSET is not None:",
        "    order = order[:TRAIN_SUBSET]",
        "n_val = round(len(order) * VALIDATION_SPLIT)",
        "val_part, train_part = np.sort(order[:n_val]), order[n_val:]",
        "x_val, y_val = x_train[val_part], y_train[val_part]",
        "x_train, y_train = x_train[train_part], y_train[train_part]",
        'print("train", x_train.shape, "validation", x_val.shape, "test", x_test.shape)',
    ]
    return lines


def _layer_lines(config: TrainConfig) -> list[str]:
    """``model.add(...)`` lines; seeds counted as :func:`cnn_core.models.build_model` does."""
    info = DATASETS[config.dataset]
    classes = info.num_classes
    kept = {
        layer.name
        for layer in describe_layers(config.model, info.input_shape, classes, custom=config.custom)
    }
    height, width, _ = info.input_shape
    seeded = 0
    lines = []
    for spec in layer_specs(config.model, classes, custom=config.custom):
        if spec.name not in kept:
            continue
        kind = type(spec).__name__
        name = f'name="{spec.name}"'
        if kind in ("Conv", "Dense"):
            seeded += 1
            init = f"kernel_initializer=glorot({seeded}), {name})"
            indent = " " * len("model.add(keras.layers.Conv2D(")
            if kind == "Conv":
                args = f'{spec.filters}, kernel_size={spec.kernel}, padding="{spec.padding}"'
                layer = f'Conv2D({args}, activation="{spec.activation}",\n{indent}{init}'
            else:
                indent = indent[:-1]
                layer = f'Dense({spec.units}, activation="{spec.activation}",\n{indent}{init}'
        elif kind == "Dropout":
            seeded += 1
            layer = f"Dropout({spec.rate}, seed=SEED + {seeded}, {name})"
        elif kind == "Pool":
            pool = "AveragePooling2D" if spec.mode == "avg" else "MaxPooling2D"
            layer = f"{pool}({spec.size}, {name})"
        elif kind == "Norm":
            layer = f"BatchNormalization(momentum={NORM_MOMENTUM}, {name})"
        elif kind == "PadTo":
            pads = (_pad_amounts(height, spec.side), _pad_amounts(width, spec.side))
            layer = f"ZeroPadding2D({pads}, {name})"
        elif kind == "Flatten":
            layer = f"Flatten({name})"
        else:
            raise ValueError(f"no code for layer spec {spec!r}")
        lines.append(f"model.add(keras.layers.{layer})")
    return lines


def _optimizer_lines(config: TrainConfig) -> list[str]:
    optimizer = _OPTIMIZERS[config.optimizer]
    schedule = getattr(config, "schedule", "constant")
    if schedule == "constant":
        return [f"optimizer = keras.optimizers.{optimizer}(learning_rate=LEARNING_RATE)"]
    from cnn_core.training import WARMUP_FRACTION  # the schedule's one definition

    return [
        "steps = EPOCHS * math.ceil(len(x_train) / BATCH_SIZE)",
        f"warmup = int(steps * {WARMUP_FRACTION})",
        "learning_rate = keras.optimizers.schedules.CosineDecay(",
        "    initial_learning_rate=LEARNING_RATE / 10 if warmup else LEARNING_RATE,",
        "    decay_steps=max(1, steps - warmup),",
        "    alpha=0.0,",
        "    warmup_target=LEARNING_RATE if warmup else None,",
        "    warmup_steps=warmup,",
        ")",
        f"optimizer = keras.optimizers.{optimizer}(learning_rate=learning_rate)",
    ]


def training_script(
    config: TrainConfig, lang: str = "en", *, app_name: str = "CNN Explorer"
) -> str:
    """The Python source that trains ``config`` outside the app.

    Args:
        config: the run's configuration.
        lang: ``"ko"`` or ``"en"``: the language of the script's comments.
        app_name: the app as it names itself in ``lang`` (the page's ``app.title``:
            "CNN 탐험기", "CNN Explorer"), which the comments name; "CNN Explorer" when
            not given (a notebook's ``training_script(config)``).

    Returns:
        The script's text; it defines ``model`` (the trained model) at module level
        and writes ``best_model.keras`` and ``checkpoints/epoch_NNN.weights.h5``
        into the current folder.

    Raises:
        ValueError: ``config`` is not a :class:`TrainConfig`.
    """
    if not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}")
    monitor = "val_loss" if config.validation_split > 0 else "loss"
    validation = "(x_val, y_val) if len(x_val) else None"
    schedule = getattr(config, "schedule", "constant")
    lines = [
        f'"""{_comment("head", lang, app=app_name)}',
        "",
        _comment("run", lang, file=script_name(config)),
        _comment("order", lang),
        '"""',
        "",
        *(["import math"] if schedule != "constant" else []),
        "import os",
        "",
        "import keras",
        "import numpy as np",
        "",
        f"# {_comment('settings', lang)}",
        f"EPOCHS = {config.epochs}",
        f"BATCH_SIZE = {config.batch_size}",
        f"LEARNING_RATE = {config.learning_rate!r}",
        f"TRAIN_SUBSET = {config.train_subset!r}",
        f"VALIDATION_SPLIT = {config.validation_split!r}",
        f"PATIENCE = {config.patience}",
        f"SEED = {config.seed}",
        "",
        *_data_lines(config, lang, app_name),
        "",
        f"# {_comment('model', lang)}",
        f"# {_comment('init', lang)}",
        "def glorot(i):",
        "    return keras.initializers.GlorotUniform(seed=SEED + i)",
        "",
        "",
        f'model = keras.Sequential(name="{config.model}")',
        f"model.add(keras.Input(shape={DATASETS[config.dataset].input_shape}))",
        *_layer_lines(config),
        "model.summary()",
        "",
        f"# {_comment('compile', lang)}",
        *_optimizer_lines(config),
        'model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",',
        '              metrics=["accuracy"])',
        "",
        f"# {_comment('fit', lang)}",
        'os.makedirs("checkpoints", exist_ok=True)',
        'model.save_weights("checkpoints/epoch_000.weights.h5")',
        "checkpoint_cb = keras.callbacks.ModelCheckpoint(",
        f'    "best_model.keras", monitor="{monitor}", save_best_only=True',
        ")",
        "early_stopping_cb = keras.callbacks.EarlyStopping(",
        f'    monitor="{monitor}", patience=PATIENCE, restore_best_weights=True',
        ")",
        "epochs_cb = keras.callbacks.ModelCheckpoint(",
        '    "checkpoints/epoch_{epoch:03d}.weights.h5", save_weights_only=True',
        ")",
        "history = model.fit(",
        "    x_train,",
        "    y_train,",
        "    epochs=EPOCHS,",
        "    batch_size=BATCH_SIZE,",
        f"    validation_data={validation},",
        "    callbacks=[checkpoint_cb, early_stopping_cb, epochs_cb],",
        ")",
        "",
        f"# {_comment('evaluate', lang)}",
        "test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)",
        'print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.2%}")',
    ]
    return "\n".join(lines) + "\n"
