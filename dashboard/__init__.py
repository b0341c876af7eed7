"""The Streamlit shell: lays out widgets and draws what the ``geo`` core computes."""
