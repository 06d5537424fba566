// The SPA asks /api/greeting; in development mock/server.js (express) and
// msw answer it. Neither ships: the production image is nginx and the files.
document.querySelector("#app").textContent = `vite spa with a dev mock server (route ${location.pathname})`;
