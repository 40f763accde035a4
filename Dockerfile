# Kamu: `kamu run` serving Telegram and/or Matrix, configured from the environment
# (KAMU_TELEGRAM_TOKEN, KAMU_MATRIX_*) or /app/kamu.toml; state in the /data volume.

FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/kamu
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY dialogs ./dialogs
COPY locales ./locales
RUN /opt/kamu/bin/pip install --no-cache-dir . \
    && /opt/kamu/bin/kamu i18n compile

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 kamu \
    && mkdir -p /data /app \
    && chown kamu:kamu /data /app
COPY --from=build /opt/kamu /opt/kamu
ENV PATH=/opt/kamu/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    KAMU_DB=/data/kamu.db
USER kamu
WORKDIR /app
VOLUME ["/data"]
ENTRYPOINT ["kamu", "run"]
