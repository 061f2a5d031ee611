FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
EXPOSE 3000
# API + workers in one process; the database is created and migrated at boot.
CMD ["node", "dist/src/main.js"]
