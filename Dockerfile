# Production image: gunicorn web, Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    TONGGAO_INSTANCE_PATH=/var/lib/tonggao

# LibreOffice renders the PDF; the CJK fonts are what fontconfig maps 仿宋/楷体/黑体/小标宋 to.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils \
      fonts-noto-cjk fonts-arphic-gkai00mp fonts-arphic-ukai fontconfig \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY setup.cfg pyproject.toml README.md babel.cfg ./
COPY webapp ./webapp
COPY workers ./workers
COPY templates ./templates
COPY migrations ./migrations
RUN pip install -e . \
 && pybabel compile -d webapp/translations \
 && useradd --system --home-dir /var/lib/tonggao --create-home tonggao

USER tonggao
EXPOSE 8000
CMD ["tonggao", "serve", "--host", "0.0.0.0", "--port", "8000"]
