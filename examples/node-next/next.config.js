/** @type {import('next').NextConfig} */
module.exports = {
  // A self-contained server in .next/standalone: dockgen ships only that.
  output: "standalone",
};
