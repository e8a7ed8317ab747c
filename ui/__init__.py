"""Streamlit helpers shared by the pages (the only UI code outside app_pages/ and app.py)."""
