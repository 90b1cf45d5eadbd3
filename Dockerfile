# The loadspec image for Kubernetes (deploy/kubernetes/) and any container runner.
# Node and pnpm are the versions scripts/setup.sh pins (a test keeps them in step).
#   docker build -t loadspec:0.1.0 .
FROM node:24.21.0-bookworm-slim

ENV NODE_ENV=production \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    ARTILLERY_DISABLE_TELEMETRY=1
RUN npm install --global pnpm@10.34.9

WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
# pnpm-workspace.yaml keeps dependency build scripts blocked (no browser download).
RUN pnpm install --frozen-lockfile --prod && pnpm store prune
COPY src ./src
COPY plugins ./plugins
COPY configs ./configs
COPY schema ./schema
COPY deploy/kubernetes/*.sh ./deploy/kubernetes/

# The node image's unprivileged user (uid 1000, as the manifests' securityContext says).
USER node
ENTRYPOINT ["node", "/app/src/cli.ts"]
CMD ["--help"]
