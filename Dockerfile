# The production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected into the image; whitenoise serves them with far-future cache headers.
RUN SECRET_KEY=collectstatic-only ENCRYPTION_KEYS=SFxdVAuK98ocadZzQdcjs2VAi_ReAaUR-rwz9Z9i0G4= DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://build EMAIL_URL=smtp://build \
    python manage.py collectstatic --noinput \
 && useradd --create-home --uid 10001 mentoring \
 && mkdir -p /app/media && chown mentoring /app/media
USER mentoring

EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
