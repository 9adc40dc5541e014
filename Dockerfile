FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot bot
COPY adapters adapters
COPY scheduling scheduling
COPY migrations migrations
COPY kindling_cli kindling_cli
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --no-create-home --home-dir /data --shell /usr/sbin/nologin kindling \
    && mkdir /data && chown kindling:kindling /data
# Not root: the process can write only its own data directory (the default SQLite file lands there).
USER kindling
WORKDIR /data
VOLUME /data
ENV KINDLING_HTTP_PORT=3000
EXPOSE 3000
# `kindling healthcheck` asks this container's Kindling for /healthz (no curl in a slim image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["kindling", "healthcheck"]
# SIGTERM stops Kindling within 10 s in every state (docker stop waits 10 s before SIGKILL).
STOPSIGNAL SIGTERM
CMD ["kindling", "run"]
