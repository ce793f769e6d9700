# syntax=docker/dockerfile:1
#
# The plero image: one `pleroctl` binary on a slim Debian. It runs `pleroctl serve` by default and
# any other command when given one (`docker run IMAGE migrate`, the Kubernetes Job's `args`).
# Configuration: /etc/plero/prod.toml (config-templates/container.prod.toml) reads its settings
# and secrets from environment variables (DOMAIN, DB_HOST, DB_PASSWORD, ...); any key can be set
# with PLERO_<SECTION>__<KEY>. See README.md, "Deploying", and deploy/.
#
#   docker build -t registry.example/plero:$(git rev-parse --short HEAD) .

# --- build: the release binary -------------------------------------------------------------------
# Same Debian release as the runtime below, so the binary finds the glibc it was linked against.
FROM rust:1.95-slim-trixie AS build
WORKDIR /src
COPY . .
# The registry and target caches survive between builds (BuildKit); the binary is copied out of
# the cached target in the same step, since a cache mount is not part of the image.
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked -p pleroctl \
    && install -D -m 0755 target/release/pleroctl /out/pleroctl

# --- runtime --------------------------------------------------------------------------------------
FROM debian:trixie-slim AS runtime

# CA certificates for PostgreSQL over TLS, AWS (SSM, S3) and federation; nothing else (no curl:
# the health check is `pleroctl health`). Versions come from the base image's Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric uid/gid, so Kubernetes' runAsNonRoot can check it and volumes can be chowned to it.
# /var/lib/plero is the working directory: instance.data_dir is its data/ (container.prod.toml),
# and a local uploads backend's relative uploads.local_dir ("uploads") lands beside it.
RUN groupadd --system --gid 10001 plero \
    && useradd --system --uid 10001 --gid plero --home-dir /var/lib/plero --no-create-home \
        --shell /usr/sbin/nologin plero \
    && install -d -o plero -g plero -m 0750 /var/lib/plero /var/lib/plero/data /var/lib/plero/uploads

COPY --from=build /out/pleroctl /usr/local/bin/pleroctl
# Read-only for the server's user (it holds no secret: only ${VAR} references).
COPY --chmod=0644 config-templates/container.prod.toml /etc/plero/prod.toml

ENV PLERO_CONFIG_DIR=/etc/plero \
    PLERO_ENV=prod

WORKDIR /var/lib/plero
USER 10001:10001

# http.port ("${PORT:-4000}" in container.prod.toml), on 0.0.0.0.
EXPOSE 4000

# `serve` drains on SIGTERM: it stops accepting, lets requests in flight finish for up to
# http.shutdown_grace_secs (30), then exits 0; give `docker stop -t` more than that.
STOPSIGNAL SIGTERM

# GET /readyz on http.ip:http.port (0.0.0.0 is asked on 127.0.0.1): healthy once the database
# answers and no migration is pending. `pleroctl health` exits 0 on 200, 1 otherwise.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["pleroctl", "health", "--timeout", "5"]

# Exec form: pleroctl is PID 1 and receives SIGTERM itself (no shell in between).
ENTRYPOINT ["pleroctl"]
CMD ["serve"]
