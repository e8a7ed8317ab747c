"""The training page teaches the course notes' recipes (a teacher's audit): each
optimizer starts at its usual learning rate, seeds 001 and 003 have presets beside the
Fashion-MNIST one, a preset's text is readable without hovering, one name for the
Fashion-MNIST recipe, the notes' word "patience", and a built-in architecture's layer
sizes before any run. No training: the page's controls and texts only."""

from __future__ import annotations

import pytest

from app_harness.apptest import open_page, set_lang
from app_pages.training import controls
from cnn_core.datasets import DATASETS, held_out
from cnn_core.train_config import OPTIMIZER_RATES, OPTIMIZERS, PRESETS, TrainConfig
from ui.i18n import t
from ui.i18n.training import STRINGS


def _rate(at, lang: str) -> float:
    return at.number_input(key=f"training.learning_rate.{lang}").value


def _captions(at) -> list[str]:
    return [caption.value for caption in at.caption]


def test_each_optimizer_starts_at_its_usual_rate_which_the_page_accepts():
    """Seed 001's Adam(), seed 003's 'rmsprop' and 'adadelta' (seed 003's old standalone
    Keras: 1.0; tf.keras 2.x's and Keras 3's 0.001 left Adadelta at 15 % after two epochs
    where 1.0 gave 89 %); SGD and Adagrad, which the notes never train with, at 0.01."""
    assert set(OPTIMIZER_RATES) == set(OPTIMIZERS)
    assert OPTIMIZER_RATES == {
        "adam": 0.001,
        "sgd": 0.01,
        "rmsprop": 0.001,
        "adagrad": 0.01,
        "adadelta": 1.0,
    }
    low, high = controls.NUMBER_RANGES["learning_rate"]
    assert all(low <= rate <= high for rate in OPTIMIZER_RATES.values())


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_picking_an_optimizer_sets_its_usual_rate_and_a_rate_typed_afterwards_stays(runs_dir, lang):
    at = open_page("training", lang)
    assert _rate(at, lang) == PRESETS["quick"].learning_rate  # the quick preset's own
    at.selectbox(key=f"training.optimizer.{lang}").set_value("adadelta").run()
    assert not at.exception, at.exception
    assert _rate(at, lang) == 1.0
    label = t("train.optimizer.adadelta", lang)
    assert t("train.optimizer.rate", lang, optimizer=label, rate="1.0") in _captions(at)
    at.number_input(key=f"training.learning_rate.{lang}").set_value(0.5).run()
    at.number_input(key=f"training.epochs.{lang}").set_value(3).run()  # another control
    assert _rate(at, lang) == 0.5
    other = "en" if lang == "ko" else "ko"
    set_lang(at, other)  # a fresh widget, the kept rate
    assert _rate(at, other) == 0.5
    at.selectbox(key=f"training.optimizer.{other}").set_value("sgd").run()
    assert _rate(at, other) == 0.01
    config_code = next(element.value for element in at.code)  # the run Start would train
    assert "\nLEARNING_RATE = 0.01\n" in config_code


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_rate_caption_claims_the_notes_only_for_the_notes_optimizers(runs_dir, lang):
    """The notes train with adam, rmsprop and adadelta, never with SGD or Adagrad: the
    caption said every rate was "Keras 2's default, as in the course notes"."""
    at = open_page("training", lang)
    for optimizer, key in [
        ("adadelta", "train.optimizer.rate"),
        ("rmsprop", "train.optimizer.rate"),
        ("sgd", "train.optimizer.rate.common"),
        ("adagrad", "train.optimizer.rate.common"),
    ]:
        at.selectbox(key=f"training.optimizer.{lang}").set_value(optimizer).run()
        label = t(f"train.optimizer.{optimizer}", lang)
        rate = controls.rate_text(OPTIMIZER_RATES[optimizer])
        assert t(key, lang, optimizer=label, rate=rate) in _captions(at), optimizer
    assert "Keras 2" not in STRINGS["train.optimizer.rate"]["en"]


def test_a_preset_sets_its_own_rate_whatever_its_optimizers_usual_one(runs_dir):
    at = open_page("training", "en")
    at.selectbox(key="training.optimizer.en").set_value("adadelta").run()
    at.button(key="training.preset.quick").click().run()
    assert at.selectbox(key="training.optimizer.en").value == "adam"
    assert _rate(at, "en") == PRESETS["quick"].learning_rate == 0.005
    at.button(key="training.preset.seed_keras_book_cifar").click().run()
    assert at.selectbox(key="training.optimizer.en").value == "adadelta"
    assert _rate(at, "en") == 1.0


def test_the_course_notes_recipes_are_the_notes_numbers():
    """Seed 001: LeNet-style, Adam(), batch 128, 30 epochs, no early stopping. Seed 003:
    the Keras-book CNN, batch 128, 10 epochs, a fifth held out, no early stopping;
    rmsprop on MNIST, adadelta on CIFAR-10. (Seeds 000/002: tests/test_training.py.)"""
    assert PRESETS["seed_lenet"] == TrainConfig(
        dataset="mnist",
        model="lenet_mnist",
        epochs=30,
        batch_size=128,
        optimizer="adam",
        learning_rate=0.001,
        validation_split=0.15,
        patience=30,
    )
    book = TrainConfig(
        dataset="mnist",
        model="keras_book",
        epochs=10,
        batch_size=128,
        optimizer="rmsprop",
        learning_rate=0.001,
        validation_split=0.2,
        patience=10,
    )
    assert PRESETS["seed_keras_book"] == book
    assert PRESETS["seed_keras_book_cifar"] == TrainConfig(
        **{**book.to_dict(), "dataset": "cifar10", "optimizer": "adadelta", "learning_rate": 1.0}
    )
    assert {"seed_recipe", "quick", "best"} <= set(PRESETS)  # the keys runs were saved under
    for name in ("seed_lenet", "seed_keras_book", "seed_keras_book_cifar"):
        preset = PRESETS[name]
        assert preset.patience >= preset.epochs  # early stopping never acts, as in the notes
        assert preset.learning_rate == OPTIMIZER_RATES[preset.optimizer]
        # within the page's ranges: the controls take every value
        for field, (low, high) in controls.NUMBER_RANGES.items():
            assert low <= getattr(preset, field) <= high, (name, field)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", list(PRESETS))
def test_each_preset_names_its_own_numbers_on_its_button_and_under_the_presets(
    runs_dir, lang, name
):
    """A button's hover text does not show on a phone: the caption under the presets
    says what the preset the controls hold sets."""
    at = open_page("training", lang)
    at.button(key=f"training.preset.{name}").click().run()
    assert not at.exception, at.exception
    config = PRESETS[name]
    text = at.button(key=f"training.preset.{name}").proto.help
    info = DATASETS[config.dataset]
    held = held_out(info.train_size, config.validation_split)
    for number in (config.batch_size, config.epochs, f"{info.train_size - held:,}"):
        assert str(number) in text, (number, text)
    if name.startswith("seed_"):
        assert repr(config.learning_rate) in text and f"{held:,}" in text
    if config.dataset == "mnist":  # what to pick on a server without the full MNIST
        assert DATASETS["mnist_subset"].title[lang] in text
    # Keras's EarlyStopping restores the best weights at the end even when it never
    # stopped: the notes' recipes without a callback say that their run ends so
    never_stops = name in ("seed_lenet", "seed_keras_book", "seed_keras_book_cifar")
    assert (t("train.preset.keeps_best", lang) in text) == never_stops
    assert "{" not in text
    now = t("train.preset.now", lang, preset=t(f"train.preset.{name}", lang), text=text)
    assert now in _captions(at)


def test_the_patience_help_says_the_best_weights_come_back_stopped_or_not():
    """It said the best epoch's weights were restored when training stopped; Keras's
    EarlyStopping restores them at the end of every fit (on_train_end)."""
    assert "Whether it stopped or ran every epoch" in STRINGS["train.patience.help"]["en"]
    assert "멈췄든 끝까지 했든" in STRINGS["train.patience.help"]["ko"]


def test_the_caption_under_the_presets_goes_once_a_setting_differs(runs_dir):
    at = open_page("training", "en")
    quick = t("train.preset.quick", "en")
    assert any(f"**{quick}**" in caption for caption in _captions(at))  # where it starts
    at.number_input(key="training.seed.en").set_value(9).run()  # the seed is no setting
    assert any(f"**{quick}**" in caption for caption in _captions(at))
    at.number_input(key="training.epochs.en").set_value(3).run()
    assert not any(f"**{quick}**" in caption for caption in _captions(at))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_one_name_for_the_fashion_recipe_and_the_notes_word_patience(runs_dir, lang):
    at = open_page("training", lang)
    recipe = t("train.preset.seed_recipe", lang)
    assert at.button(key="training.preset.seed_recipe").label == recipe
    for name in ("quick", "best"):
        assert f"“{recipe}”" in at.button(key=f"training.preset.{name}").proto.help
    everything = " ".join(texts[lang] for texts in STRINGS.values())
    for other in ("강의 레시피", "course recipe", "강의 노트의 설정 그대로", "인내심"):
        assert other not in everything
    assert "patience" in at.number_input(key=f"training.patience.{lang}").label.lower()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_built_in_architecture_shows_its_layer_sizes_before_any_run(runs_dir, lang):
    """Seed 004's LeNet-5: C1 6@28×28, S2 6@14×14, C3 16@10×10, S4 16@5×5, C5 120."""
    at = open_page("training", lang)
    at.selectbox(key=f"training.model.{lang}").set_value("lenet5").run()
    assert not at.exception, at.exception
    chain = " → ".join(
        [
            f"{t('train.layer.input', lang)} 28×28×1",
            f"{t('train.layer.pad', lang)} 32×32×1",  # in the page's language (it said "pad")
            "c1 28×28×6 → s2 14×14×6 → c3 10×10×16 → s4 5×5×16 → c5 1×1×120 → flatten 120",
            "f6 84",
            f"{t('train.layer.output', lang)} 10",
        ]
    )
    params = t("train.layers.params", lang, count="61,706")
    assert t("train.layers", lang, chain=chain, params=params) in _captions(at)
    at.selectbox(key=f"training.model.{lang}").set_value("seed_cnn").run()
    assert any("333,526" in c and "pool2 7×7×64" in c for c in _captions(at))
    at.selectbox(key=f"training.model.{lang}").set_value("custom").run()  # sizes, no 2nd count
    custom = (  # the quick preset's layers
        f"{t('train.layer.input', lang)} 28×28×1 → conv1 28×28×8 → pool1 14×14×8 → "
        "conv2 14×14×16 → pool2 7×7×16 → flatten 784 → dense1 256 → "
        f"{t('train.layer.output', lang)} 10"
    )
    assert t("train.layers", lang, chain=custom, params="") in _captions(at)
