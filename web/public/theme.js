/* global document, window, localStorage */
// The colour theme, set on <html> before the first paint (a classic blocking script in <head>: the portal's
// Content-Security-Policy allows no inline script). src/theme.ts keeps it up to date afterwards; both read
// the same localStorage key: "light", "dark", or nothing (or anything else) for the system's setting.
(function () {
  var preference = null;
  try {
    preference = localStorage.getItem('mcp-portal.theme');
  } catch {
    // Storage refused (privacy settings): follow the system.
  }
  var dark = preference === 'dark' || (preference !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
