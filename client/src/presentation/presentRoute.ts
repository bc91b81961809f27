import { formatSpotlight, parseSpotlight } from '../../../shared/presentation/spotlightIds.ts';
import type { Route } from '../useRoute.ts';

/** The presentation route. */
export type PresentRoute = Extract<Route, { name: 'present' }>;

/** Heading levels a slide may start at, as the export query allows (`slideLevel`). */
export const SLIDE_LEVELS = [2, 3, 4] as const;

/** The level a presentation starts at: one slide per numbered section. */
export const DEFAULT_SLIDE_LEVEL = 2;

function parseLevel(value: string | null): number {
  const level = Number(value);
  return (SLIDE_LEVELS as readonly number[]).includes(level) ? level : DEFAULT_SLIDE_LEVEL;
}

/** Reads `/d/:id/present?version=…&level=…&spotlight=…`. Anything odd falls back to a default. */
export function parsePresentRoute(id: string, search: string): PresentRoute {
  const query = new URLSearchParams(search);
  return {
    name: 'present',
    id,
    version: query.get('version') || null,
    level: parseLevel(query.get('level')),
    spotlight: parseSpotlight(query.get('spotlight')),
  };
}

/** The query string of a presentation's choices, shared by its page, notes and downloads. */
export function presentQuery(route: Omit<PresentRoute, 'name' | 'id'>): URLSearchParams {
  const query = new URLSearchParams();
  if (route.version !== null) query.set('version', route.version);
  query.set('level', String(route.level));
  if (route.spotlight.length > 0) query.set('spotlight', formatSpotlight(route.spotlight));
  return query;
}

/** Path of the presentation page. */
export function presentPath(route: PresentRoute): string {
  return `/d/${encodeURIComponent(route.id)}/present?${presentQuery(route).toString()}`;
}
