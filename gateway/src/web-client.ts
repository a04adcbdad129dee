import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Response } from 'express';

/**
 * The web client (clients/web, built by Vite) at the gateway's origin: its files from `dir`, and
 * index.html for every other GET that asks for a page, so a reload or a shared link of a client
 * route (/p/…, /u/…) opens the app. The API's own paths never reach here: /graphql is answered
 * before express, /health and /ready are routes registered first.
 */
const API_PATHS = /^\/(graphql|health|ready|metrics)(\/|$)/;

/**
 * What the page may load: its own scripts and styles only; pictures and videos from wherever the
 * storage serves them (signed URLs on S3 or the posts subgraph); uploads go there too, the API and
 * its WebSocket to this origin.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data: http: https:",
  "media-src 'self' blob: http: https:",
  "connect-src 'self' ws: wss: http: https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(res: Response): void {
  res.setHeader('x-content-type-options', 'nosniff');
  // Media URLs are signed: never leak them (or a page's path) in a Referer.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('permissions-policy', 'camera=(self), microphone=(self), geolocation=()');
}

export function serveWebClient(app: Express, dir: string): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index))
    throw new Error(`WEB_CLIENT_DIR: no index.html in ${dir} (build it: npm run build -w clients/web)`);
  app.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders: (res, path) => {
        securityHeaders(res);
        // Vite names every asset by its content hash: a changed file is a new URL.
        res.setHeader(
          'cache-control',
          path.startsWith(join(dir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  app.get(/.*/, (req, res, next) => {
    // A missing file (a path with an extension) or an API path stays a 404; pages get the app.
    if (API_PATHS.test(req.path) || /\.[a-z0-9]+$/i.test(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    securityHeaders(res);
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
