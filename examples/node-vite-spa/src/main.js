// The greeting comes from .env.production at build time.
document.querySelector("#app").textContent = `${import.meta.env.VITE_GREETING} (route ${location.pathname})`;
