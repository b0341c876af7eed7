# Border Incident Map — production image.
#   docker build -t border-incident-map .
#   docker run --rm -p 8501:8501 border-incident-map     # then open http://localhost:8501
FROM python:3.12.8-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 app
WORKDIR /app

COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY geo ./geo
COPY dashboard ./dashboard
COPY data ./data
COPY locales ./locales
COPY .streamlit ./.streamlit

# Install the dependencies, copy Leaflet's files (from PyPI's XStatic packages) into the
# static folder and compile the translations now, so the running container never writes to
# its own code.
RUN pip install -c constraints.txt . \
    && python -m dashboard.map.assets \
    && python -m babel.messages.frontend compile -d locales -D messages \
    && chown -R root:root /app && chmod -R a+rX /app

USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"
CMD ["python", "-m", "streamlit", "run", "dashboard/app.py", \
     "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
