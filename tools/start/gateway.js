// The local stand-in for the Kubernetes Ingress: one base URL, routed by /api/v1/<service>/ prefix.
const http = require('node:http');

function createGateway(routes) {
  return http.createServer((req, res) => {
    const match = /^\/api\/v1\/([a-z]+)(\/|$|\?)/.exec(req.url ?? '');
    const port = match && routes[match[1]];
    if (!port) {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({ status: 404, code: 'GATEWAY.NO_SUCH_SERVICE', title: 'No service at this path' }),
      );
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          status: 503,
          code: 'GATEWAY.SERVICE_UNAVAILABLE',
          title: `${match[1]} is not answering`,
        }),
      );
    });
    req.pipe(upstream);
  });
}

module.exports = { createGateway };
