import net from 'node:net';

/** A TCP proxy a test can cut and mend, to take a service away from one client only. */
export interface CuttableProxy {
  /** The port clients connect to. */
  port: number;
  /** `url` with its host and port replaced by the proxy's, keeping user, password and path. */
  urlFor(url: string): string;
  /**
   * Cuts every open connection and refuses new ones until {@link mend}, as a network partition
   * between the client and the service would.
   */
  cut(): Promise<void>;
  /** Takes connections again (nothing to do if not cut). */
  mend(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 that pipes every connection to `target`. While cut it does not
 * listen, so clients see "connection refused", as when the service's machine is unreachable.
 */
export async function startCuttableProxy(target: {
  host: string;
  port: number;
}): Promise<CuttableProxy> {
  const live = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      live.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => {
        live.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const socket of live) socket.destroy();
    });

  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    urlFor: (url) => {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut: stopListening,
    mend: () => (server.listening ? Promise.resolve() : listen(port)),
    close: stopListening,
  };
}
