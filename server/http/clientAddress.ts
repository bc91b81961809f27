import type { Request } from 'express';

/** The client's address (the proxy's X-Forwarded-For is trusted only from loopback). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Whether the response should set Secure cookies: the request came over https. */
export function isSecureRequest(req: Request, publicUrl: string | null): boolean {
  return req.secure || (publicUrl?.startsWith('https:') ?? false);
}
