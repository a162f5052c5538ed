# The app image: runs the built server against PostgreSQL (DATABASE_URL).
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
RUN npm ci --no-audit --no-fund
COPY . .
# The image serves PostgreSQL: no demo template for the embedded database.
RUN DEMO_REQUESTS=0 npm run build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["node", "--enable-source-maps", "server/dist/server.mjs"]
