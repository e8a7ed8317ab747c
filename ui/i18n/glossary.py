"""One word per concept, chosen once, for every UI string in both languages.

The strings in this package are written out in full with the chosen words (a
sentence reads and translates best whole); this table records the choice and the
words it replaces, and ``tests/test_glossary.py`` fails when a rejected variant
shows up in any string of :data:`ui.i18n.STRINGS`.

Two exceptions, both written here:

- ``aside``: the one string (``key``, in the variant's language) that may name a
  rejected variant, inside parentheses, because students meet it in the course
  notes (e.g. "특성 맵(… 특징 맵이라고도 합니다)").
- ``allowed``: longer phrases that contain a rejected word but mean something
  else ("random seed" is the RNG's seed, not the course notes).

How a variant is found in a string is written in ``tests/test_glossary.py``.

The Fashion-MNIST class names are not chosen here: :data:`cnn_core.datasets.DATASETS`
is the one source (the design notes' Korean names); the entries below only reject
the other spellings students saw before (샌들, 운동화, "trousers").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """A concept, the word chosen for it per language, and the words rejected.

    Attributes:
        concept: what the word means, in plain English.
        ko: the chosen Korean word.
        en: the chosen English word.
        rejected: per language, the variants no UI string may use.
        aside: ``(key, lang)`` of the one string that may name a rejected variant
            of ``lang`` in parentheses; ``None`` when no string may.
        allowed: per language, phrases that contain a rejected variant with
            another meaning; they are cut out before checking.
        note: why this word.
        registry_class: for a Fashion-MNIST class name, its label in
            :data:`cnn_core.datasets.DATASETS` (whose names the UI shows); the
            chosen words must equal the registry's.
    """

    concept: str
    ko: str
    en: str
    rejected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aside: tuple[str, str] | None = None
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    registry_class: int | None = None


GLOSSARY: tuple[Term, ...] = (
    Term(
        concept="feature map: a filter's multiply-accumulate over the input, plus the bias",
        ko="특성 맵",
        en="feature map",
        rejected={"ko": ("특징 맵", "특징맵", "특성맵", "피처 맵", "피쳐 맵")},
        aside=("lab.relu_help", "ko"),
        note="The course notes say both 특성 맵 and 특징 맵; the lab names 특징 맵 once.",
    ),
    Term(
        concept="transposed convolution: zeros between and around the input, then a convolution",
        ko="전치 합성곱",
        en="transposed convolution",
        rejected={"ko": ("역합성곱", "디컨볼루션", "전치합성곱"), "en": ("deconvolution",)},
        note="Keras's Conv2DTranspose; it undoes a convolution's shape, not its values.",
    ),
    Term(
        concept="pooling window: the patch a pooling layer takes its maximum or average over",
        ko="풀링 창",
        en="pooling window",
        rejected={
            "ko": ("풀링 윈도", "풀링 커널", "풀링창"),
            "en": ("pool window", "pooling kernel", "pool kernel"),
        },
        note="Not a kernel: it has no weights; its size and stride are the layer's.",
    ),
    Term(
        concept="activation map: a feature map after the activation function (ReLU, tanh)",
        ko="활성화 맵",
        en="activation map",
        rejected={"ko": ("활성 맵", "활성맵", "활성화맵")},
        note="What a Keras Conv2D layer outputs and what the explorer draws.",
    ),
    Term(
        concept="convolution layer (Keras Conv2D): filters slid over the input",
        ko="합성곱층",
        en="convolution layer",
        rejected={
            "ko": ("합성곱 층", "컨볼루션층", "컨볼루션 층", "컨벌루션", "합성곱 레이어"),
            "en": ("convolutional layer", "conv layer"),
        },
        note="Joined, as the course notes write it (합성곱층 7 times, 합성곱 층 4) and as "
        "완전연결층 and 풀링층.",
    ),
    Term(
        concept="pooling layer (Keras MaxPooling2D, AveragePooling2D)",
        ko="풀링층",
        en="pooling layer",
        rejected={"ko": ("풀링 층", "풀링 레이어")},
        note="Joined, as the course notes write it (풀링층 8 times, 풀링 층 once).",
    ),
    Term(
        concept="layer by layer (a heading over every layer's maps or sizes)",
        ko="층별",
        en="layer by layer",
        rejected={"ko": ("층마다의",)},
        note='"층마다의 활성화 맵" read awkwardly; the training page says "층별 출력 크기".',
    ),
    Term(
        concept="occlusion sensitivity: grey a patch, predict again, see the probability drop",
        ko="가림 민감도",
        en="occlusion",
        rejected={"ko": ("가리기 실험", "가림 실험", "폐색")},
        note="One Korean name on every page (the home card said 가리기 실험).",
    ),
    Term(
        concept="dense layer (Keras Dense): every neuron sees every input value",
        ko="완전연결층",
        en="dense layer",
        rejected={
            "ko": ("Dense 층", "Dense층", "덴스", "밀집층", "완전 연결", "완전연결 층", "전결합"),
            "en": ("fully connected", "fully-connected", "FC layer"),
        },
        note="Korean may add the Keras class name: 완전연결층(Dense). Joined, as the course "
        "notes write it, like 합성곱층 and 풀링층.",
    ),
    Term(
        concept="neuron: one output of a dense layer (Keras: a unit)",
        ko="뉴런",
        en="neuron",
        rejected={"ko": ("유닛", "노드"), "en": ("unit",)},
        note="The word students know; Keras's argument name is units.",
    ),
    Term(
        concept="the course notes the app teaches from (the project's seeds/)",
        ko="강의 노트",
        en="course notes",
        rejected={
            "ko": ("교재", "수업", "강의노트"),
            "en": ("seed", "textbook", "lecture notes"),
        },
        allowed={"en": ("random seed",)},
        note='"Seed" is the project\'s internal name; students never see it.',
    ),
    Term(
        concept="run: one training of one model, with its saved model and results",
        ko="학습 실행",
        en="run",
        rejected={"ko": ("학습 기록", "학습 회차")},
        note="학습 기록 meant both a run and its history; a run is 학습 실행.",
    ),
    Term(
        concept="history: a run's loss and accuracy, epoch by epoch",
        ko="에포크별 기록",
        en="history",
        rejected={"ko": ("학습 이력", "히스토리")},
    ),
    Term(
        concept="class: one of the ten answers a model picks from",
        ko="클래스",
        en="class",
        rejected={"ko": ("옷 종류",)},
        note="Bags and shoes are classes too; digits are classes.",
    ),
    Term(
        concept="grayscale: one brightness channel per pixel (technical term)",
        ko="흑백",
        en="grayscale",
        rejected={"ko": ("회색조", "그레이스케일", "그레이 스케일"), "en": ("greyscale",)},
        note='Kept in the spelling of OpenCV, PIL and Keras ("COLOR_BGR2GRAY", "grayscale").',
    ),
    Term(
        concept="grey: the colour (British spelling, like the rest of the English UI)",
        ko="회색",
        en="grey",
        rejected={"en": ("gray",)},
        note='English is British ("colour", "grey", "centre"), except for technical terms.',
    ),
    Term(
        concept="colour (British spelling); ko 컬러 for colour images, 색 for a colour",
        ko="컬러",
        en="colour",
        rejected={"ko": ("칼라",), "en": ("color",)},
    ),
    Term(
        concept="centre (British spelling)",
        ko="가운데",
        en="centre",
        rejected={"en": ("center",)},
    ),
    Term(
        concept="optimizer (Keras's spelling: the technical term)",
        ko="옵티마이저",
        en="optimizer",
        rejected={"ko": ("최적화기", "옵티마이져"), "en": ("optimiser",)},
    ),
    Term(
        concept="the Fashion-MNIST dataset (title from cnn_core.datasets.DATASETS)",
        ko="패션 MNIST",
        en="Fashion-MNIST",
        rejected={"ko": ("Fashion-MNIST", "패션MNIST", "패션-MNIST"), "en": ("Fashion MNIST",)},
    ),
    Term(
        concept="a Fashion-MNIST class (name from cnn_core.datasets.DATASETS)",
        ko="샌달",
        en="Sandal",
        rejected={"ko": ("샌들",)},
        registry_class=5,
    ),
    Term(
        concept="a Fashion-MNIST class (name from cnn_core.datasets.DATASETS)",
        ko="스니커즈",
        en="Sneaker",
        rejected={"ko": ("운동화",)},
        registry_class=7,
    ),
    Term(
        concept="a Fashion-MNIST class (name from cnn_core.datasets.DATASETS)",
        ko="바지",
        en="Trouser",
        rejected={"en": ("trousers",)},
        registry_class=1,
    ),
    Term(
        concept="a Fashion-MNIST class (name from cnn_core.datasets.DATASETS)",
        ko="스웨터",
        en="Pullover",
        rejected={"ko": ("풀오버",), "en": ("sweater",)},
        registry_class=2,
    ),
)
