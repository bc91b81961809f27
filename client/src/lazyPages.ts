import { lazy } from 'react';
import type { Route } from './useRoute.ts';

/*
 * The pages that are loaded when first opened, not with the app. The sign-in page, the document
 * list and the account pages come with the first load; everything that carries the editor
 * (Tiptap, ProseMirror, Yjs, the collaboration provider) or serves a later step (history,
 * comparison, presentation, the site's audit log) is fetched by the route that shows it, so the
 * first page needs a fraction of the JavaScript (issue 7, W6). Render them inside a
 * LazyBoundary.
 */

const loadEditorPage = () => import('./pages/EditorPage.tsx');

/** One document, with the editor and the comments. */
export const EditorPage = lazy(() =>
  loadEditorPage().then((module) => ({ default: module.EditorPage })),
);

/** A document's history. */
export const VersionsPage = lazy(() =>
  import('./versions/VersionsPage.tsx').then((module) => ({ default: module.VersionsPage })),
);

/** One version, read-only. */
export const VersionPage = lazy(() =>
  import('./versions/VersionPage.tsx').then((module) => ({ default: module.VersionPage })),
);

/** Two texts compared. */
export const ComparePage = lazy(() =>
  import('./versions/ComparePage.tsx').then((module) => ({ default: module.ComparePage })),
);

/** The workshop presentation. */
export const PresentationPage = lazy(() =>
  import('./presentation/PresentationPage.tsx').then((module) => ({
    default: module.PresentationPage,
  })),
);

/** The presenter notes window. */
export const NotesPage = lazy(() =>
  import('./presentation/NotesPage.tsx').then((module) => ({ default: module.NotesPage })),
);

/** The site's activity log, for admins only. */
export const AdminAuditPage = lazy(() =>
  import('./pages/AdminAuditPage.tsx').then((module) => ({ default: module.AdminAuditPage })),
);

/**
 * Starts fetching the code of the document page when the app opens on it, so that it loads while
 * the session is checked instead of after. The browser keeps the module, and `React.lazy` then
 * finds it loaded or on its way. The other lazy pages are not opened often enough by link to
 * be worth a guess.
 */
export function preloadPage(route: Route): void {
  if (route.name === 'document') {
    // A failure surfaces again, where it can be shown, when the page itself asks for the module.
    loadEditorPage().catch(() => undefined);
  }
}
