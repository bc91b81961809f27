/**
 * The relay as it was first written, kept only to show what the floor costs without its
 * tricks (`--servers relay-naive,…`; never run by default): a plain `ws` server that forwards
 * every frame it receives to every other socket, unread, with one `ws.send` (one frame header
 * built, one `writev`) per frame per peer.
 *
 * `node --import tsx server/bench/servers/wsRelayNaive.ts`, with PORT in the environment.
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
  console.log(JSON.stringify({ message: 'naive relay listening', port }));
});
process.on('SIGTERM', () => process.exit(0));
