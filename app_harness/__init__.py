"""Drives the app from outside, for the tests and the benchmarks alike.

Not imported by the app. ``driver`` starts ``streamlit run app.py`` and knows when a
browser page has finished rendering; ``wire`` speaks Streamlit's websocket protocol
as a browser tab does; ``scenarios`` holds what a user does (the wire tour);
``apptest`` opens a page in Streamlit's AppTest; ``tiny_runs`` the smallest real
training runs. The benchmarks (``bench/``) import these rather than ``tests/``.
"""
