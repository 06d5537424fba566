# What many tutorials write: composer and the source in one image, as root.
FROM composer:2 AS build
WORKDIR /app
COPY . .
RUN composer install
FROM php:8.4-apache
COPY --from=build /app /var/www/html/
