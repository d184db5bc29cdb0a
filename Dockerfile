# syntax=docker/dockerfile:1
# One image for every process in the Procfile; the command picks which (the default is web).
#   docker build -t botapp .        docker compose up   (compose.yaml: all of them + PostgreSQL)

# Build: botapp and its dependencies, at the versions constraints.txt pins, into a venv.
# Building the package compiles the message catalogs from locales/ (setup.py, decision 21).
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md constraints.txt ./
COPY locales/ locales/
COPY botapp/ botapp/
RUN python -m venv --without-pip /opt/botapp \
 && pip --python /opt/botapp/bin/python install --constraint constraints.txt . \
 && /opt/botapp/bin/python -c "from botapp.messages.catalog import translations as t; t('en'); t('es')"

# Run: the venv alone, owned by root and run by a user without privileges. SQLite, if used
# instead of DATABASE_URL, goes to /app/instance (the working directory's instance/).
FROM python:3.11-slim
ENV PATH=/opt/botapp/bin:$PATH PYTHONUNBUFFERED=1 PORT=5000
RUN useradd --system --create-home --home-dir /app --shell /usr/sbin/nologin botapp
COPY --from=build /opt/botapp /opt/botapp
USER botapp
WORKDIR /app
EXPOSE 5000
CMD ["sh", "-c", "exec gunicorn -c python:botapp.gunicorn_config --workers 3 --bind 0.0.0.0:${PORT:-5000} 'botapp:create_app()'"]
