import { lazy } from 'react';

/*
 * The document page's dialogs that open only on request: their code is fetched when one is first
 * opened, not with the page (issue 7, W6). Render them inside a LazyBoundary.
 */

/** Download the document in another format. */
export const ExportDialog = lazy(() =>
  import('../export/ExportDialog.tsx').then((module) => ({ default: module.ExportDialog })),
);

/** Who has access, and invitations. */
export const MembersDialog = lazy(() =>
  import('../editor/MembersDialog.tsx').then((module) => ({ default: module.MembersDialog })),
);

/** The document's activity log. */
export const AuditDialog = lazy(() =>
  import('../audit/AuditDialog.tsx').then((module) => ({ default: module.AuditDialog })),
);
