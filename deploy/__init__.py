"""The deployment: nginx in front of N Streamlit processes (python -m deploy.serve)."""
