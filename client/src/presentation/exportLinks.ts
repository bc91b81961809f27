import { formatSpotlight } from '../../../shared/presentation/spotlightIds.ts';
import type { PresentRoute } from './presentRoute.ts';

/**
 * Address of the slides download from the export route (`GET /api/documents/:id/export`), with
 * the same version, level and spotlight as the presentation on screen; a plain link, so the
 * browser saves the file.
 */
export function slidesExportUrl(
  route: Omit<PresentRoute, 'name'>,
  format: 'slides-html' | 'slides-pdf',
  lang: string,
): string {
  const query = new URLSearchParams({ format, lang, slideLevel: String(route.level) });
  if (route.version !== null) query.set('version', route.version);
  if (route.spotlight.length > 0) query.set('spotlight', formatSpotlight(route.spotlight));
  return `/api/documents/${encodeURIComponent(route.id)}/export?${query.toString()}`;
}
