import { useCallback, useEffect, useState } from 'react';
import { parsePresentRoute, presentPath } from './presentation/presentRoute.ts';

/** The routes of the app. */
export type Route =
  | { name: 'documents' }
  | {
      name: 'document';
      id: string;
      /** A thread to open, from a notification. */ threadId?: string;
    }
  /** A document's history: its named versions and checkpoints. */
  | { name: 'versions'; id: string }
  /** One version of a document, read-only, with its threads as they stood then. */
  | { name: 'version'; id: string; versionId: string }
  /**
   * Two versions side by side or inline. `from` and `to` are version ids or `current`; a
   * missing `from` means the newest version, a missing `to` the current text.
   */
  | { name: 'compare'; id: string; from: string | null; to: string | null }
  /**
   * The workshop presentation of a document: `version` null for the current text, `level` the
   * heading level that starts a slide, `spotlight` thread ids (see client/src/presentation).
   */
  | { name: 'present'; id: string; version: string | null; level: number; spotlight: string[] }
  /** The presenter notes window, which follows the presentation of the same document. */
  | { name: 'present-notes'; id: string }
  | { name: 'account' }
  /** The whole site's activity log, for site admins. */
  | { name: 'admin-audit' }
  | { name: 'setup'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'reset'; token: string };

const withToken = ['setup', 'invite', 'reset'] as const;

function parse(pathname: string, search: string): Route {
  const history = /^\/d\/([^/]+)\/versions(?:\/([^/]+))?\/?$/.exec(pathname);
  if (history?.[1]) {
    const id = decodeURIComponent(history[1]);
    return history[2]
      ? { name: 'version', id, versionId: decodeURIComponent(history[2]) }
      : { name: 'versions', id };
  }
  const present = /^\/d\/([^/]+)\/present(\/notes)?\/?$/.exec(pathname);
  if (present?.[1]) {
    const id = decodeURIComponent(present[1]);
    return present[2] ? { name: 'present-notes', id } : parsePresentRoute(id, search);
  }
  const compare = /^\/d\/([^/]+)\/compare\/?$/.exec(pathname);
  if (compare?.[1]) {
    const query = new URLSearchParams(search);
    return {
      name: 'compare',
      id: decodeURIComponent(compare[1]),
      from: query.get('from') || null,
      to: query.get('to') || null,
    };
  }
  const document = /^\/d\/([^/]+)\/?$/.exec(pathname);
  if (document?.[1]) {
    const threadId = new URLSearchParams(search).get('thread');
    return {
      name: 'document',
      id: decodeURIComponent(document[1]),
      ...(threadId ? { threadId } : {}),
    };
  }
  if (/^\/account\/?$/.test(pathname)) return { name: 'account' };
  if (/^\/admin\/audit\/?$/.test(pathname)) return { name: 'admin-audit' };
  for (const name of withToken) {
    const match = new RegExp(`^/${name}/([^/]+)/?$`).exec(pathname);
    if (match?.[1]) return { name, token: decodeURIComponent(match[1]) };
  }
  return { name: 'documents' };
}

/** Path of a route, for links. */
export function routePath(route: Route): string {
  switch (route.name) {
    case 'document':
      return route.threadId === undefined
        ? `/d/${encodeURIComponent(route.id)}`
        : `/d/${encodeURIComponent(route.id)}?thread=${encodeURIComponent(route.threadId)}`;
    case 'versions':
      return `/d/${encodeURIComponent(route.id)}/versions`;
    case 'version':
      return `/d/${encodeURIComponent(route.id)}/versions/${encodeURIComponent(route.versionId)}`;
    case 'compare': {
      const query = new URLSearchParams();
      if (route.from !== null) query.set('from', route.from);
      if (route.to !== null) query.set('to', route.to);
      const search = query.toString();
      return `/d/${encodeURIComponent(route.id)}/compare${search === '' ? '' : `?${search}`}`;
    }
    case 'present':
      return presentPath(route);
    case 'present-notes':
      return `/d/${encodeURIComponent(route.id)}/present/notes`;
    case 'account':
      return '/account';
    case 'admin-audit':
      return '/admin/audit';
    case 'setup':
    case 'invite':
    case 'reset':
      return `/${route.name}/${encodeURIComponent(route.token)}`;
    case 'documents':
      return '/';
  }
}

/** The current route, and a way to go to another one without a page load. */
export function useRoute(): [Route, (route: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() =>
    parse(window.location.pathname, window.location.search),
  );
  useEffect(() => {
    const onPop = () => setRoute(parse(window.location.pathname, window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', routePath(next));
    else window.history.pushState(null, '', routePath(next));
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);
  return [route, navigate];
}
