import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { routePath, type Route } from '../useRoute.ts';

/**
 * A link to a page of the app: a real `href`, so it can be opened in a new tab, copied and read
 * as a link, that changes the page without a reload on a plain click.
 */
export function RouteLink({
  to,
  navigate,
  ...anchor
}: {
  to: Route;
  navigate: (route: Route) => void;
} & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Ctrl/Cmd/Shift-click and middle clicks keep the browser's meaning (new tab or window).
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return <a {...anchor} href={routePath(to)} onClick={onClick} />;
}
