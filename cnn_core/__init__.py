"""cnn_core: the UI-free library behind CNN Explorer.

Nothing in this package imports streamlit. Modules that need TensorFlow/Keras
(models, training, inspection, ...) import it themselves; ``arithmetic``,
``kernels`` and ``i18n`` are numpy-only and safe to import anywhere.
"""
