# What many tutorials write: the whole folder into the image, Apache as root on 80.
FROM php:8.4-apache
COPY . /var/www/html/
