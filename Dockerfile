# One image for every service of the platform; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 LOG_FORMAT=json APOLLO_TELEMETRY_DISABLED=true
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
RUN npm ci --include=dev
COPY . .
RUN npm run build --workspace @mcp-portal/web
USER node
CMD ["node", "--import", "tsx", "router/src/main.ts"]
