// HEAD on the Node server. Hono answers HEAD with `new Response(null, getResponse)`, and under
// @hono/node-server that copy keeps only the headers the response was built with, not those that
// middleware set afterwards (the security headers, X-Request-Id). So HEAD is served here as the GET
// it stands for: the same status and headers, no body.

type Handler = (request: Request, env: unknown) => Response | Promise<Response>;

export function headAsGet(handler: Handler): Handler {
  return async (request, env) => {
    if (request.method !== 'HEAD') return handler(request, env);
    const response = await handler(new Request(request, { method: 'GET' }), env);
    // Headers first: touching the body of node-server's light response rebuilds it from the
    // headers it was created with, dropping those set since.
    const headers = new Headers(response.headers);
    const { status } = response;
    await response.body?.cancel();
    return new Response(null, { status, headers });
  };
}
