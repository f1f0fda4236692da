// The API reference page (/docs → /ui/docs.html): Swagger UI, bundled from
// npm into the embedded assets (no CDN), rendering the server's own
// /openapi.json with request and response bodies and examples.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './docs.css';

SwaggerUIBundle({
  url: new URL('/openapi.json', window.location.origin).href,
  dom_id: '#api',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  defaultModelExpandDepth: 3,
  displayRequestDuration: true,
  // Same-origin only: the page's session cookie authorizes "Try it out".
  withCredentials: true,
});
