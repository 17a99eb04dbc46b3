/**
 * The renderer's Content-Security-Policy, sent by both hosts (Electron's app://
 * protocol and the local web host) and repeated in index.html. Scripts only
 * from the app itself, never inline or eval'd; styles may be inline because
 * Mantine and Plotly inject <style> elements; nothing may be fetched from
 * anywhere but the app's own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
