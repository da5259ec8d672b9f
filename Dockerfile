# The PDF's faces (FandolFang 仿宋, FandolKai 楷体, FandolHei 黑体, FandolSong 小标宋/宋体) come
# from texlive-lang-chinese; only the font files are needed, so they are copied out of it.
FROM debian:bookworm-slim AS fandol
RUN apt-get update \
 && apt-get install -y --no-install-recommends texlive-lang-chinese \
 && rm -rf /var/lib/apt/lists/*

# Production image: gunicorn web, Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    TONGGAO_INSTANCE_PATH=/var/lib/tonggao

# LibreOffice renders the PDF; webapp/documents/fonts/fonts.conf maps 仿宋/楷体/黑体/小标宋 to
# the Fandol faces at the path texlive-lang-chinese installs them to.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils \
      fontconfig \
 && rm -rf /var/lib/apt/lists/*
COPY --from=fandol /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol \
     /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

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
