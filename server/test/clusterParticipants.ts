import * as Y from 'yjs';
import type { Role } from '../../shared/api/roles.ts';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { withTimeout } from '../hardening/soakTools.ts';
import type { StartedChildServer } from './childServer.ts';
import type { TestClient } from './collabClient.ts';
import { waitFor } from './commentFixtures.ts';
import { createHttpPerson, httpCollabToken, type HttpPerson } from './httpPerson.ts';
import { connectRecordedClient, type RecordedClient } from './recordedClient.ts';
import type { TwoNodeCluster } from './twoNodeCluster.ts';

/** Appends a paragraph with a block id, as the editor writes one. */
export function writeParagraph(ydoc: Y.Doc, id: string, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.setAttribute(BLOCK_ID_ATTRIBUTE, id);
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = ydoc.getXmlFragment(YJS_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
}

/** How a participant's provider connects. */
export interface ConnectOptions {
  /**
   * Reuse the first token on every reconnect: a client that kept its validly signed token, which
   * only the socket's own check can refuse.
   */
  keepToken?: boolean;
  /** Also wait for the server's verdict on the provider's first answer (its handshake ack). */
  handshake?: boolean;
}

/** People and providers of a multi-node test file, made on its cluster and cleaned up after. */
export interface ClusterParticipants {
  /** Every provider made here or pushed by the test; `destroyAll` closes them. */
  readonly clients: TestClient[];
  /** A new account with `role` in the document, made and signed in on node A. */
  person: (documentId: string, role: Role) => Promise<HttpPerson>;
  /** A recorded provider on `node` for `who` (the admin when null), synced. */
  connectOn: (
    node: StartedChildServer,
    documentId: string,
    who: HttpPerson | null,
    options?: ConnectOptions,
  ) => Promise<RecordedClient>;
  /** Closes every provider; for afterEach. */
  destroyAll: () => void;
}

/**
 * The people and providers a two-node test file needs, on the cluster `cluster()` returns (it
 * starts in beforeAll, after this is made). Accounts get addresses `<emailPrefix><n>@cluster.example`,
 * unique within the file.
 */
export function clusterParticipants(
  cluster: () => TwoNodeCluster,
  emailPrefix: string,
): ClusterParticipants {
  const clients: TestClient[] = [];
  let accounts = 0;
  return {
    clients,
    person: (documentId, role) => {
      accounts += 1;
      return createHttpPerson(cluster().a.url, cluster().adminCookie, {
        email: `${emailPrefix}${accounts}@cluster.example`,
        name: `Person ${accounts}`,
        documentId,
        role,
      });
    },
    connectOn: async (node, documentId, who, options = {}) => {
      const cookie = who?.cookie ?? cluster().adminCookie;
      let kept: Promise<string> | null = null;
      const client = connectRecordedClient(node.url, documentId, () => {
        if (options.keepToken === true) {
          kept ??= httpCollabToken(node.url, cookie, documentId);
          return kept;
        }
        return httpCollabToken(node.url, cookie, documentId);
      });
      clients.push(client);
      await withTimeout(client.synced, 20_000, `a provider on ${node.url} did not sync`);
      if (options.handshake === true) {
        await waitFor(() => client.statuses.length > 0, 5_000, 'the handshake ack');
      }
      return client;
    },
    destroyAll: () => {
      for (const client of clients.splice(0)) client.destroy();
    },
  };
}
