# govtrack: one image for the web server, the Celery worker and Celery beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=govtrack.settings.production

WORKDIR /app

# Pango and a Korean font for the work report's PDF (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-nanum \
    && rm -rf /var/lib/apt/lists/*

# The application's packages only: requirements.txt lists the test and lint tools after this heading.
COPY requirements.txt .
RUN sed '/^# Tests and lint/,$d' requirements.txt > /tmp/requirements-app.txt \
    && pip install -r /tmp/requirements-app.txt \
    && rm /tmp/requirements-app.txt

COPY . .

# Static files are collected into the image and served by WhiteNoise; the values here serve the build only.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home-dir /app govtrack \
    && mkdir -p /app/media && chown govtrack /app/media

USER govtrack
EXPOSE 8000

CMD ["gunicorn", "govtrack.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "1", "--access-logfile", "-"]
