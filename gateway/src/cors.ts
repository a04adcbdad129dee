import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import { LRUCache } from 'lru-cache';

type Header = [name: string, value: string | number | readonly string[]];

/**
 * cors' middleware, with its headers for requests that are not preflights remembered per `Origin`
 * (for those cors reads nothing else of the request: the allowed origins, credentials and exposed
 * headers are fixed). Running it on every GraphQL request was 3–4 % of the gateway's CPU per `me`
 * (issue 10). Preflights (OPTIONS) always run it. Assumes no header cors sets (`Vary` among them)
 * was set before it, which holds where the gateway calls it first thing.
 */
export function corsMiddleware(
  options: cors.CorsOptions,
): (request: IncomingMessage, response: ServerResponse, next: () => void) => void {
  const middleware = cors(options);
  const remembered = new LRUCache<string, Header[]>({ max: 1_000 });
  return (request, response, next) => {
    if (request.method === 'OPTIONS') {
      middleware(request as never, response as never, next);
      return;
    }
    const origin = request.headers.origin ?? '';
    let headers = remembered.get(origin);
    if (!headers) {
      const recorded: Header[] = [];
      const recorder = {
        getHeader: (name: string) => recorded.find(([n]) => n === name.toLowerCase())?.[1],
        setHeader: (name: string, value: Header[1]) => {
          const at = recorded.findIndex(([n]) => n === name.toLowerCase());
          if (at >= 0) recorded[at] = [name.toLowerCase(), value];
          else recorded.push([name.toLowerCase(), value]);
        },
      };
      let passed = false;
      const probe = {
        method: request.method,
        headers: request.headers.origin ? { origin: request.headers.origin } : {},
      };
      middleware(probe as never, recorder as never, () => {
        passed = true;
      });
      // cors ends a request only for preflights; anything else it does is its own to do.
      if (!passed) {
        middleware(request as never, response as never, next);
        return;
      }
      headers = recorded;
      remembered.set(origin, headers);
    }
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}
