import type { HocuspocusProvider } from '@hocuspocus/provider';
import { useEffect, useRef } from 'react';
import { serverMessageSchema, type ServerMessage } from '../../../shared/api/serverMessages.ts';

/** Reads a stateless payload as a server message, or null when it is not one this client knows. */
export function parseServerMessage(payload: string): ServerMessage | null {
  try {
    const parsed = serverMessageSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: not a message for us.
    return null;
  }
}

/**
 * Calls `onMessage` for every message the server sends on the collaboration socket (access,
 * thread, document and inbox changes). The handler may change between renders without the
 * subscription being renewed.
 */
export function useServerMessages(
  provider: HocuspocusProvider | null,
  onMessage: (message: ServerMessage) => void,
): void {
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);

  useEffect(() => {
    if (!provider) return;
    const onStateless = ({ payload }: { payload: string }) => {
      const message = parseServerMessage(payload);
      if (message) handler.current(message);
    };
    provider.on('stateless', onStateless);
    return () => {
      provider.off('stateless', onStateless);
    };
  }, [provider]);
}
