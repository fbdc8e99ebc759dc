# The canton-status prober image: the tool, git and ssh, and scripts/probe-and-push as
# `probe-and-push`; what the Kubernetes CronJob in deploy/kubernetes/ runs. Built and pushed by
# deploy/github/workflows/image.yml; by hand:
#
#   docker build -t canton-status .
#   docker run --rm canton-status canton-status probe --help
#
# The CronJob (deploy/kubernetes/base/cronjob.yaml) shows what a run needs: VANTAGE,
# PROBE_CLONE_URL, a deploy key for GIT_SSH_COMMAND, and writable /work and /tmp.
#
# Build: scripts/setup, then `swift build --product canton-status` as scripts/run does, in release
# mode and with the Swift runtime linked statically. Runtime: Debian's slim image with only the
# shared libraries that binary links (`readelf -d`: libgit2, cmark-gfm, libcurl for Foundation's
# networking, libstdc++, zlib), plus git, ssh and CA certificates for the clone and the push.
# Both stages are Debian 12 (bookworm), so the libraries built against are the ones shipped.

FROM swift:6.3-bookworm AS build
WORKDIR /src
# The C libraries the package links (libgit2, cmark-gfm). The swift image already has
# libcurl4-openssl-dev, which the static Foundation needs.
COPY scripts/setup scripts/setup
RUN scripts/setup
COPY Package.swift ./
COPY Sources Sources
RUN swift build -c release --product canton-status --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/canton-status" /out/canton-status

FROM debian:bookworm-slim
# Unpinned on purpose: Debian 12 only ever ships security and bug fixes for these, and a pinned
# version disappears from the mirror with the next fix, breaking the build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libgit2-1.5 libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libcurl4 \
        git openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 prober \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin prober
COPY --from=build /out/canton-status /usr/local/bin/canton-status
COPY --chmod=0755 scripts/probe-and-push /usr/local/bin/probe-and-push
# Non-root, and nothing written outside /work and /tmp (the CronJob mounts emptyDirs there and
# makes the root filesystem read-only).
USER 10001:10001
WORKDIR /work
ENV HOME=/tmp PROBE_REPO=/work/repo
CMD ["probe-and-push"]
