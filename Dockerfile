# worky serve in a container. Not exercised by the test suite: the machines this
# project is built on have no container engine (see docs/serve.md).
#
#   docker build -t worky .
#   docker run -p 8080:8080 -v $PWD/serve:/srv worky
#
# /srv/serve.toml must listen on 0.0.0.0:8080; KV state goes where it says
# (state_dir, relative to /srv by default).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends cmake libsimde-dev pkg-config g++ make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked && cp target/release/worky /usr/local/bin/worky

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /srv worky
COPY --from=build /usr/local/bin/worky /usr/local/bin/worky
USER worky
WORKDIR /srv
EXPOSE 8080
STOPSIGNAL SIGTERM
# serve.toml listens on 0.0.0.0:8080; /__worky/health answers while serve runs.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s CMD curl -fsS http://127.0.0.1:8080/__worky/health || exit 1
ENTRYPOINT ["worky", "serve", "--config", "/srv/serve.toml"]
