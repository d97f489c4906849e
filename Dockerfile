# pipebench in a container: `docker build -t pipebench .`, then
#   docker run --rm --network host pipebench sustained --target http://127.0.0.1:8000 --profile ci
# The reference server listens on loopback unless asked; to reach it from outside the container:
#   docker run --rm -p 8000:8000 pipebench serve --host 0.0.0.0 --port 8000
# Not built in this repository's CI (no Docker there); kept deliberately plain.

# Build: compile, bundle and pack the same tarball `npm pack` gives (tested in test/integration/package.test.ts).
FROM node:24-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
COPY bin ./bin
COPY profiles ./profiles
COPY schemas ./schemas
COPY scripts ./scripts
COPY README.md CHANGELOG.md LICENSE ./
# npm run build: tsc, the profile validator, and the bundled CLI (dist/cli/) that bin/pipebench.js runs.
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp

# Run: production dependencies only, as the unprivileged "node" user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /tmp/pipebench-*.tgz /tmp/
RUN npm install -g --omit=dev --no-audit --no-fund /tmp/pipebench-*.tgz \
    && rm /tmp/pipebench-*.tgz && npm cache clean --force
USER node
WORKDIR /home/node
ENTRYPOINT ["pipebench"]
CMD ["--help"]
