export function banner(app) {
  return `hello from ${app} in the Turborepo (shared @repo/ui)`;
}
