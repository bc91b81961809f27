import { z } from 'zod';

/*
 * Imported first by main.tsx, before any module that builds a schema. Zod compiles object
 * schemas into fast parsers with `new Function`, and probes whether it may by calling
 * `new Function("")` once. The Content-Security-Policy forbids eval (see
 * server/http/securityHeaders.ts), so the compiled parser could never be used, and the probe
 * alone makes the browser raise a `securitypolicyviolation` on every page load. That noise
 * would hide a real violation from the XSS tests and from any future CSP reporting.
 * `jitless` tells zod up front to parse without generated code. It must be set before
 * schemas are created, because each object schema decides at creation.
 */
z.config({ jitless: true });
