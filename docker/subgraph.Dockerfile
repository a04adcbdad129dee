# Every subgraph's image, from the repository root:
#   docker build -f docker/subgraph.Dockerfile --build-arg SUBGRAPH=posts --build-arg PORT=4004 .
# (docker-compose.yml passes both for each subgraph.)
FROM node:20-bookworm-slim
ARG SUBGRAPH
ARG PORT
WORKDIR /app
COPY . .
# Dev dependencies are needed at run time too: services run their TypeScript through tsx.
RUN test -n "$SUBGRAPH" && test -n "$PORT" && npm ci --include=dev && npm cache clean --force
ENV NODE_ENV=production SUBGRAPH=${SUBGRAPH} PORT=${PORT}
USER node
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec: node is PID 1's child no more, it is PID 1, and gets SIGTERM for a graceful shutdown.
CMD exec node --import tsx "subgraphs/$SUBGRAPH/src/index.ts"
