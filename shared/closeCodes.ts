/**
 * Named close codes and reasons for the collaboration socket. The server closes sockets and
 * refuses authentication with these; the client maps them to messages for the user. Codes in the
 * 4000–4999 range are reserved for applications by RFC 6455.
 */

/** A close code with the reason string sent alongside it. */
export interface CloseEvent {
  code: number;
  reason: string;
}

/** The token is missing, malformed, forged or expired. */
export const AuthenticationFailed: CloseEvent = { code: 4401, reason: 'authentication-failed' };

/** The user is signed in but has no access to this document. */
export const AuthorizationFailed: CloseEvent = { code: 4403, reason: 'authorization-failed' };

/** No document with this id exists. */
export const DocumentNotFound: CloseEvent = { code: 4404, reason: 'document-not-found' };

/**
 * The client sent a frame that is not a collaboration message: text, undecodable, of an unknown
 * type, or a document update that fails validation (see `validateYjsUpdate`).
 */
export const MessageMalformed: CloseEvent = { code: 4400, reason: 'malformed-message' };

/** The client sent a message it may not send, such as a stateless broadcast. */
export const MessageRefused: CloseEvent = { code: 4409, reason: 'message-refused' };

/** A frame or update was larger than the server accepts. */
export const MessageTooBig: CloseEvent = { code: 4413, reason: 'message-too-big' };

/**
 * The update would grow the document past MAX_DOCUMENT_BYTES; nothing of it was applied or
 * stored. The server sends a `document-too-large` server message first, so the client can say
 * why.
 */
export const DocumentTooLarge: CloseEvent = { code: 4414, reason: 'document-too-large' };

/**
 * The connection was attached to a copy of the document that the server had just unloaded (a
 * race in Hocuspocus 3.4.4 when the last client leaves as another arrives). Nothing it sent was
 * applied; reconnecting reaches the copy that is loaded now.
 */
export const DocumentUnloaded: CloseEvent = { code: 4410, reason: 'document-unloaded' };

/** The user already has MAX_CONNECTIONS_PER_USER connections open; close one and retry. */
export const TooManyConnections: CloseEvent = { code: 4429, reason: 'too-many-connections' };

/** The stored document could not be read. The stored data is left untouched. */
export const DocumentLoadFailed: CloseEvent = { code: 4500, reason: 'document-load-failed' };

/**
 * The server could not make an update durable, so it did not acknowledge it. The client keeps
 * the change and sends it again when it reconnects.
 */
export const StorageUnavailable: CloseEvent = { code: 4503, reason: 'storage-unavailable' };

/** The server is shutting down; reconnect shortly. */
export const ServerShuttingDown: CloseEvent = { code: 1012, reason: 'server-restarting' };
