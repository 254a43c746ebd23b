# syntax=docker/dockerfile:1.7
#
# One image for every Schools24 role. The role is chosen by the command (the entrypoint stays tini):
#
#   gateway (default)   npm run start:gateway
#   one subgraph        npm run start:subgraph -- identity|academics|finance|comms|insight
#   write-buffer worker npm run start:worker
#   migrations          npm run db:migrate      (idempotent; a Helm hook Job / a compose one-shot)
#   demo data           npm run db:seed
#
#   docker build -t schools24:local .
#   docker run --rm -p 4000:4000 -e DATABASE_URL=... -e REDIS_URL=... schools24:local   (the app role)
#   docker run --rm -e DATABASE_ADMIN_URL=... schools24:local npm run db:migrate   (as the owner)
#
# This cannot be built on the project's own machines or CI (they have a Docker client but no
# engine); docker-compose.yml and charts/schools24 are the ways to run it.
#
# Build arguments:
#   NODE_IMAGE               base image for every stage (same Node major as the app's `node@22`).
#   PRUNE_DEV_DEPENDENCIES   "true" drops devDependencies after the build for a smaller image. The
#                            servers and `db:migrate` (tsx + pg) keep working; `db:seed` does not
#                            (it needs @faker-js/faker, a devDependency), so the default is off.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ---------------------------------------------------------------------------------------------------
# manifests: exactly what `npm ci` and its postinstall (Prisma client generation) read. Copying only
# these into the deps stage means source edits do not re-run `npm ci`: when they are unchanged, the
# COPY below has the same content and BuildKit reuses the cached install layer.
FROM base AS manifests
COPY . /src
RUN set -eu; \
    mkdir -p /out; \
    cd /src; \
    find . -name node_modules -prune -o -name package.json -type f -print0 \
      | xargs -0 -r cp --parents -t /out; \
    for path in package-lock.json .npmrc prisma prisma.config.ts tsconfig.base.json; do \
      if [ -e "$path" ]; then cp -a --parents "$path" /out/; fi; \
    done

# ---------------------------------------------------------------------------------------------------
# deps: the whole workspace install. devDependencies are needed here: postinstall (`db:generate`) runs
# the Prisma CLI to generate libs/db/src/generated, and `db:seed` uses @faker-js/faker. The `node@22`
# dependency installs the lockfile's Node binary as node_modules/.bin/node, which npm scripts put
# first on PATH, so the app runs on that exact version (npm itself runs on the base image's node).
FROM base AS deps
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --include=dev --no-audit --no-fund \
 && rm -rf .tmp
ARG PRUNE_DEV_DEPENDENCIES=false
RUN if [ "$PRUNE_DEV_DEPENDENCIES" = "true" ]; then npm prune --omit=dev --no-audit --no-fund; fi

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# tini as PID 1: forwards SIGTERM/SIGINT to the role's process and reaps zombies (see ENTRYPOINT).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

# NPM_CONFIG_SCRIPT_SHELL=/bin/bash matters for graceful shutdown, see the ENTRYPOINT comment.
# npm's cache/log directory and tsx's compile cache and IPC sockets (os.tmpdir()/tsx-<uid>) live
# under /tmp, so the root filesystem can be mounted read-only with only /tmp (and /app/.tmp, a
# project scratch folder some scripts use as TMPDIR) writable.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    TMPDIR=/tmp \
    TINI_SUBREAPER=1 \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
    NPM_CONFIG_CACHE=/tmp/.npm \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app
# node_modules (root and any nested workspace ones), the manifests and the generated Prisma client,
# then the source on top (.dockerignore keeps host node_modules and generated files out).
COPY --from=deps /app ./
COPY . .
RUN mkdir -p /app/.tmp && chown 1000:1000 /app/.tmp

# The official image's unprivileged `node` user, numerically so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000

# gateway, identity, academics, finance, comms, insight, worker (health/ready/metrics on each).
EXPOSE 4000 4001 4002 4003 4004 4005 4006

# Liveness only (GET /health: the process serves HTTP; no dependency checks). The role is not known
# here, so probe HEALTHCHECK_PORT if set, else each role's port in turn: one container runs one role
# and the ports of the others refuse at once. Kubernetes ignores HEALTHCHECK; the chart has probes.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e 'const e = process.env; \
    const ports = e.HEALTHCHECK_PORT ? [e.HEALTHCHECK_PORT] : [e.GATEWAY_PORT || 4000, e.IDENTITY_PORT || 4001, e.ACADEMICS_PORT || 4002, e.FINANCE_PORT || 4003, e.COMMS_PORT || 4004, e.INSIGHT_PORT || 4005, e.WORKER_PORT || 4006]; \
    (async () => { \
      for (const port of ports) { \
        try { \
          const res = await fetch("http://127.0.0.1:" + port + "/health", { signal: AbortSignal.timeout(3000) }); \
          process.exit(res.ok ? 0 : 1); \
        } catch {} \
      } \
      process.exit(1); \
    })();'

# Signals, end to end (SIGTERM from `docker stop` or the kubelet):
#   tini (PID 1) -> npm -> bash -c "<script>" -> tsx -> node (the app drains and exits)
# - tini forwards the signal to its one child and exits with that child's status, so the container
#   stops when the app has finished draining, not before. It signals the child only (no -g): every
#   process below relays it exactly once, so the app sees one SIGTERM, not several.
# - npm forwards SIGTERM/SIGINT to the script's shell and waits for it.
# - The script shell must be bash: Debian's /bin/sh (dash) neither execs the script's last command
#   nor survives SIGTERM, so with dash npm's forwarded SIGTERM kills the shell, npm and tini exit, and
#   the runtime SIGKILLs the still-draining app. bash execs a script's last simple command, so the
#   signal reaches tsx. (Checked with npm + tsx on Debian bookworm's dash 0.5.12 and bash 5.2:
#   with dash the app never saw SIGTERM; with bash it drained and npm exited 0.)
# - tsx relays the signal to the node process it runs and exits with its exit code.
# The app must handle SIGTERM itself (stop accepting, finish in-flight work, close pools, exit 0)
# within the orchestrator's grace period (the chart's terminationGracePeriodSeconds), and no library
# may re-raise it: ApolloServer does by default (stopOnTerminationSignals: it calls apollo.stop()
# and then process.kill(process.pid, signal), cutting the app's own drain short: exit 143), so
# every ApolloServer here needs `stopOnTerminationSignals: false`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "run", "start:gateway"]
