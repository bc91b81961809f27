import { useCallback, useEffect, useState } from 'react';

/** The routes of the app. */
export type Route = { name: 'documents' } | { name: 'document'; id: string };

function parse(pathname: string): Route {
  const match = /^\/d\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1]) return { name: 'document', id: decodeURIComponent(match[1]) };
  return { name: 'documents' };
}

/** Path of a route, for links. */
export function routePath(route: Route): string {
  return route.name === 'document' ? `/d/${encodeURIComponent(route.id)}` : '/';
}

/** The current route, and a way to go to another one without a page load. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parse(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.history.pushState(null, '', routePath(next));
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);
  return [route, navigate];
}
