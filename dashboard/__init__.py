"""The GCM Progress Dashboard: a Streamlit app over the read-only DuckDB database the ETL builds."""
