/**
 * The network floor: a plain `ws` server that forwards every frame it receives to every other
 * socket, unread. No document, no authentication, no acknowledgement. Whatever Remiss costs on
 * top of this is the price of being a collaboration server at all.
 *
 * `node --import tsx server/bench/servers/wsRelay.ts`, with PORT in the environment.
 */
import http from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_COLLAB_MESSAGE_BYTES } from '../../../shared/limits.ts';

const port = Number(process.env['PORT'] ?? 0);
const server = http.createServer((_req, res) => {
  // The bench waits for this before it connects clients.
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
});
const wss = new WebSocketServer({
  server,
  maxPayload: MAX_COLLAB_MESSAGE_BYTES,
  perMessageDeflate: false,
});
wss.on('connection', (socket: WebSocket) => {
  socket.on('message', (data: RawData, isBinary: boolean) => {
    for (const peer of wss.clients) {
      if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
    }
  });
  socket.on('error', () => undefined);
});
server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ message: 'relay listening', port }));
});
process.on('SIGTERM', () => process.exit(0));
