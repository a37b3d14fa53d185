// A real node:http server on 127.0.0.1 serving an agent, and a fetch of signed deliveries to it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../../../src/http/node.js';
import type { Delivery, VirtualAgent } from '../../../src/index.js';

/** A listening server and its URL. */
export interface Served {
  url: string;
  /** Posts a signed delivery to the server; resolves the status. */
  post(delivery: Delivery): Promise<number>;
  close(): Promise<void>;
}

/** Serves `agent` over node:http on a free port of 127.0.0.1. */
export async function serve(agent: VirtualAgent): Promise<Served> {
  const server: Server = createServer(toNodeHandler(agent));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    async post(delivery) {
      const response = await fetch(url, { method: 'POST', headers: delivery.headers as Record<string, string>, body: delivery.body as string });
      await response.text();
      return response.status;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
