/**
 * The peer baseline: Hocuspocus 3.4.4 as it comes, with no extensions and in-memory documents,
 * on the same `ws` settings Remiss uses. If BENCH_INITIAL_STATE names a file, each document
 * starts from that Yjs update (the same content the Remiss run is seeded with), applied in
 * `onLoadDocument`, the hook an in-memory store would use.
 *
 * `node --import tsx server/bench/servers/bareHocuspocus.ts`, with PORT in the environment.
 */
import fs from 'node:fs';
import http from 'node:http';
import { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { MAX_COLLAB_MESSAGE_BYTES } from '../../../shared/limits.ts';

const port = Number(process.env['PORT'] ?? 0);
const initialStateFile = process.env['BENCH_INITIAL_STATE'];
const initialState = initialStateFile ? fs.readFileSync(initialStateFile) : null;

const hocuspocus = new Hocuspocus({
  quiet: true,
  async onLoadDocument({ document }) {
    if (initialState) Y.applyUpdate(document, initialState);
    return document;
  },
});
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
});
const wss = new WebSocketServer({
  server,
  maxPayload: MAX_COLLAB_MESSAGE_BYTES,
  perMessageDeflate: false,
});
wss.on('connection', (socket, request) => hocuspocus.handleConnection(socket, request));
server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ message: 'hocuspocus listening', port }));
});
process.on('SIGTERM', () => process.exit(0));
