/** The Admin area as one module, so the router loads it only when an admin opens it. */
export { AdminLayout } from './admin-layout';
export { AssetsPage } from './assets-page';
export { AuditPage } from './audit-page';
export { CategoriesPage } from './categories-page';
export { LabelsPage } from './labels-page';
export { LocationsPage } from './locations-page';
export { PeoplePage } from './people-page';
export { SettingsPage } from './settings-page';
export { TeamsPage } from './teams-page';
export { TokensPage } from './tokens-page';
