# The image of every service of the platform (the last stage, the default target; docker-compose.yml picks the
# entry point per service), and the router's own (`--target router`).
# It runs the built JavaScript (<package>/dist, `npm run build`) on Node 22 with production dependencies only.

# Build: every dependency, then the server packages' dist/ and the portal's web/dist.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY schema/package.json schema/
COPY subgraphs/kit/package.json subgraphs/kit/
COPY subgraphs/auth/package.json subgraphs/auth/
COPY subgraphs/servers/package.json subgraphs/servers/
COPY subgraphs/config/package.json subgraphs/config/
COPY subgraphs/executor/package.json subgraphs/executor/
COPY subgraphs/dcr/package.json subgraphs/dcr/
COPY router/package.json router/
COPY platform/package.json platform/
COPY gateway-proxy/package.json gateway-proxy/
COPY web/package.json web/
COPY cli/package.json cli/
COPY bench/package.json bench/
RUN npm ci --include=dev --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build --workspace @mcp-portal/schema --workspace @mcp-portal/kit --workspace @mcp-portal/auth \
      --workspace @mcp-portal/servers --workspace @mcp-portal/config --workspace @mcp-portal/executor \
      --workspace @mcp-portal/dcr --workspace @mcp-portal/router --workspace @mcp-portal/gateway-proxy \
      --workspace @mcp-portal/platform --workspace @mcp-portal/web --workspace @mcp-portal/cli \
  && cp -rL cli/dist/current cli/dist/image

# What both run stages start from: the manifests (npm ci checks the lock file against every workspace's package.json,
# so all of them are here; each stage installs only the production dependencies of its own workspaces).
FROM node:22-bookworm-slim AS run-base
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 LOG_FORMAT=json APOLLO_TELEMETRY_DISABLED=true
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/schema/package.json schema/
COPY --from=build /app/subgraphs/kit/package.json subgraphs/kit/
COPY --from=build /app/subgraphs/auth/package.json subgraphs/auth/
COPY --from=build /app/subgraphs/servers/package.json subgraphs/servers/
COPY --from=build /app/subgraphs/config/package.json subgraphs/config/
COPY --from=build /app/subgraphs/executor/package.json subgraphs/executor/
COPY --from=build /app/subgraphs/dcr/package.json subgraphs/dcr/
COPY --from=build /app/router/package.json router/
COPY --from=build /app/platform/package.json platform/
COPY --from=build /app/gateway-proxy/package.json gateway-proxy/
COPY --from=build /app/web/package.json web/
COPY --from=build /app/cli/package.json cli/
COPY --from=build /app/bench/package.json bench/

# The router alone (docker-compose.yml's router service, `--target router`): @apollo/gateway and what the router
# imports (router, kit, schema), installed with npm ci --workspace: no subgraph and no gateway-proxy.
FROM run-base AS router
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace @mcp-portal/router \
  && npm cache clean --force
COPY --from=build /app/schema/dist schema/dist
COPY --from=build /app/schema/supergraph.graphql schema/
COPY --from=build /app/subgraphs/kit/dist subgraphs/kit/dist
COPY --from=build /app/router/dist router/dist
COPY --from=build /app/web/dist web/dist
USER node
CMD ["node", "router/dist/main.js"]

# Run: the server packages' production dependencies (not the portal's, the CLI's or any development tool's), their
# dist/ and the files they read at run time (migrations, supergraph, catalog, the built portal).
FROM run-base
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace @mcp-portal/schema --workspace @mcp-portal/kit --workspace @mcp-portal/auth \
      --workspace @mcp-portal/servers --workspace @mcp-portal/config --workspace @mcp-portal/executor \
      --workspace @mcp-portal/dcr --workspace @mcp-portal/router --workspace @mcp-portal/gateway-proxy \
      --workspace @mcp-portal/platform \
  && npm cache clean --force
COPY --from=build /app/schema/dist schema/dist
COPY --from=build /app/schema/migrations schema/migrations
COPY --from=build /app/schema/supergraph.graphql schema/
COPY --from=build /app/subgraphs/kit/dist subgraphs/kit/dist
COPY --from=build /app/subgraphs/auth/dist subgraphs/auth/dist
COPY --from=build /app/subgraphs/servers/dist subgraphs/servers/dist
COPY --from=build /app/subgraphs/servers/catalog subgraphs/servers/catalog
COPY --from=build /app/subgraphs/config/dist subgraphs/config/dist
COPY --from=build /app/subgraphs/executor/dist subgraphs/executor/dist
COPY --from=build /app/subgraphs/dcr/dist subgraphs/dcr/dist
COPY --from=build /app/router/dist router/dist
COPY --from=build /app/platform/dist platform/dist
COPY --from=build /app/gateway-proxy/dist gateway-proxy/dist
COPY --from=build /app/web/dist web/dist
# The executor's one executable: the CLI as its build alone (every package bundled), started by bin/docker-mcp.
COPY --from=build /app/cli/bin/docker-mcp cli/bin/docker-mcp
COPY --from=build /app/cli/dist/image cli/dist/current
USER node
CMD ["node", "router/dist/main.js"]
