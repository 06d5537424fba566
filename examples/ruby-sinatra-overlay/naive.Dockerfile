# What a beginner writes: one stage, the whole toolchain, running as root.
FROM ruby:3.4
WORKDIR /app
COPY . .
RUN bundle install
EXPOSE 8080
CMD ["bundle", "exec", "rackup", "--host", "0.0.0.0", "--port", "8080"]
