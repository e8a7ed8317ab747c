"""cnn_core: the UI-free library behind CNN Explorer.

Nothing in this package imports streamlit. Keras/TensorFlow is only imported inside
the functions that need it (building, training, loading and inspecting models), so
every module can be imported without it; ``arithmetic``, ``traces``, ``kernels``,
``presets``, ``train_config`` and ``models.describe_layers`` are numpy-only and safe
to use anywhere.

The app's UI strings live in its ``ui.i18n``. What this package says in words comes
with the data it describes, in each of :data:`cnn_core.datasets.LANGUAGES`: a
dataset's title and class names (:mod:`cnn_core.datasets`), a run's model card
(:mod:`cnn_core.training`) and the comments of a run's Keras code
(:mod:`cnn_core.export_code`).
"""
