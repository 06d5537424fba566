# What a careful engineer writes by hand: the site built with every
# dependency from a cache mount, then only dist/ served by nginx on Alpine,
# unprivileged on 8080, its writable paths in /tmp.
FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM nginx:1.30-alpine
RUN printf '%s\n' 'pid /tmp/nginx.pid;' 'events {}' 'http {' \
    '  include /etc/nginx/mime.types;' \
    '  client_body_temp_path /tmp/client_body; proxy_temp_path /tmp/proxy;' \
    '  fastcgi_temp_path /tmp/fastcgi; uwsgi_temp_path /tmp/uwsgi; scgi_temp_path /tmp/scgi;' \
    '  server { listen 8080; root /usr/share/nginx/html;' \
    '    location / { try_files $uri $uri/ /index.html; } }' '}' > /etc/nginx/nginx.conf
COPY --from=build /app/dist /usr/share/nginx/html
USER 101:101
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
