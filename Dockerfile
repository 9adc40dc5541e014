FROM python:3.12-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot bot
COPY adapters adapters
COPY scheduling scheduling
COPY migrations migrations
COPY kindling_cli kindling_cli
RUN pip install --no-cache-dir .
ENV KINDLING_HTTP_PORT=3000
CMD ["kindling", "run"]
