# syntax=docker/dockerfile:1
# The dashboard as a service: `docker build -t frontline .`, then
#   docker run -p 8501:8501 -v frontline-store:/store frontline            # the dashboard
#   docker run -v frontline-store:/store frontline refresh                  # fill the store
# compose.yaml runs several replicas behind nginx with a scheduled refresh.

FROM python:3.11-slim-bookworm AS wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
WORKDIR /src
# The wheel carries app.py, pages/, geo/ and data/ (frontline/bundle.py names them); building
# it fetches setuptools and the xstatic packages (pyproject.toml's build-system) from PyPI.
COPY pyproject.toml setup.py requirements.txt ./
COPY frontline/ frontline/
COPY pages/ pages/
COPY geo/ geo/
COPY data/ data/
COPY .streamlit/config.toml .streamlit/
COPY app.py ./
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels . \
    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
# tini, from Debian, reaps the refresh's worker processes and passes stop signals on.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
# The wheels are mounted for the install only, so no layer of the image keeps them.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    pip install --no-cache-dir --no-index --find-links /wheels -r /tmp/requirements.txt \
        /wheels/frontline-*.whl
COPY --chmod=0755 deploy/entrypoint.sh /usr/local/bin/frontline-entrypoint

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/frontline frontline \
    && mkdir /store \
    && chown frontline:frontline /store
USER frontline
WORKDIR /home/frontline

# A public deployment refreshes on a schedule (compose.yaml's refresh job), never from a
# reader's click.
ENV FRONTLINE_STORE=/store \
    FRONTLINE_PORT=8501 \
    FRONTLINE_ALLOW_UPDATE=0 \
    PYTHONUNBUFFERED=1
VOLUME ["/store"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=4)" \
        "http://127.0.0.1:${FRONTLINE_PORT}/_stcore/health"
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/frontline-entrypoint"]
CMD ["serve"]
