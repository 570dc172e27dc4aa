"""Streamlit building blocks of the pages: frame, widgets, tables, chart panels, tiles and page sections."""
