"""Border Incident Map core: data model, loading, gazetteer geocoding and border geometry.

Plain Python and pandas; nothing here knows about Streamlit.
"""

__version__ = "0.1.0"
