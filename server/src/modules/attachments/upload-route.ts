/** The one route that takes multipart; the CSRF rule (plugins/auth.ts) allows it there only. */
export const UPLOAD_ROUTE = '/api/requests/:id/attachments';
