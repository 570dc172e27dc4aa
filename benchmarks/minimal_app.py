"""The floor of a browser page load: a Streamlit page with one small Plotly chart and nothing else."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), theme=None)
