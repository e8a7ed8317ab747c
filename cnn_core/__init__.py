"""cnn_core: the UI-free library behind CNN Explorer.

Nothing in this package imports streamlit. Keras/TensorFlow is only imported inside
the functions that need it (building, training, loading and inspecting models), so
every module can be imported without it; ``arithmetic``, ``traces``, ``kernels``,
``presets``, ``train_config`` and ``models.describe_layers`` are numpy-only and safe
to use anywhere (user-facing strings live in the app's ``ui.i18n``, not here).
"""
