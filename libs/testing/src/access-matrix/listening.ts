import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The server's base URL, listening on a free loopback port if it is not yet. supertest would
 * otherwise listen anew for every request, which concurrent requests on one server do not survive.
 */
export async function baseUrl(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
