import { useCallback, useEffect, useState } from 'react';

/** The routes of the app. */
export type Route =
  | { name: 'documents' }
  | {
      name: 'document';
      id: string;
      /** A thread to open, from a notification. */ threadId?: string;
    }
  | { name: 'account' }
  /** The whole site's activity log, for site admins. */
  | { name: 'admin-audit' }
  | { name: 'setup'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'reset'; token: string };

const withToken = ['setup', 'invite', 'reset'] as const;

function parse(pathname: string, search: string): Route {
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
