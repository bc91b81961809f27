import net from 'node:net';

/** A TCP load balancer in front of several nodes, as a test sees it. */
export interface RoundRobinBalancer {
  /** `http://127.0.0.1:PORT`: HTTP and the collaboration socket both go through here. */
  url: string;
  port: number;
  /** How many connections each backend port has been given so far. */
  accepted: Map<number, number>;
  /** How many connections to each backend port are open now. */
  open(): Map<number, number>;
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that hands each new connection to the next backend in turn, with no
 * sticky sessions, skipping a backend that refuses the connection, as a load balancer with
 * passive health checks does. It works below HTTP, so WebSocket upgrades pass untouched. When a
 * backend dies, its connections are cut, and the client's reconnect lands on a live node.
 */
export async function startRoundRobinBalancer(
  backendPorts: readonly number[],
): Promise<RoundRobinBalancer> {
  if (backendPorts.length === 0) throw new Error('a balancer needs at least one backend');
  let next = 0;
  const accepted = new Map<number, number>(backendPorts.map((port) => [port, 0]));
  const live = new Map<net.Socket, number>();

  const connectTo = (client: net.Socket, attemptsLeft: number) => {
    if (attemptsLeft === 0 || client.destroyed) {
      client.destroy();
      return;
    }
    const port = backendPorts[next % backendPorts.length] ?? backendPorts[0] ?? 0;
    next += 1;
    const backend = net.connect({ host: '127.0.0.1', port });
    let connected = false;
    backend.once('error', () => {
      if (connected) return;
      // Refused: this node is down. Try the next one, as a proxy marks a backend failed.
      backend.destroy();
      connectTo(client, attemptsLeft - 1);
    });
    backend.once('connect', () => {
      connected = true;
      accepted.set(port, (accepted.get(port) ?? 0) + 1);
      live.set(backend, port);
      // From here on, an error or end on either side ends both: a killed node cuts its clients.
      backend.on('error', () => client.destroy());
      client.on('error', () => backend.destroy());
      backend.once('close', () => {
        live.delete(backend);
        client.destroy();
      });
      client.once('close', () => backend.destroy());
      backend.pipe(client);
      client.pipe(backend);
    });
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    // Until a backend answers, the client's bytes wait paused in its socket.
    client.on('error', () => undefined);
    connectTo(client, backendPorts.length);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accepted,
    open: () => {
      const counts = new Map<number, number>(backendPorts.map((backend) => [backend, 0]));
      for (const backendPort of live.values()) {
        counts.set(backendPort, (counts.get(backendPort) ?? 0) + 1);
      }
      return counts;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const backend of live.keys()) backend.destroy();
      await closed;
    },
  };
}
