import { Link, NavLink, Outlet } from 'react-router';
import { useSignedInPerson } from '../../app/use-signed-in-person';
import { PageHeader } from '../../components/page-header';
import { EmptyState } from '../../components/states';

export const adminSections = [
  { path: 'people', label: 'People' },
  { path: 'teams', label: 'Teams' },
  { path: 'categories', label: 'Categories' },
  { path: 'locations', label: 'Locations' },
  { path: 'assets', label: 'Assets' },
  { path: 'labels', label: 'Labels' },
  { path: 'settings', label: 'Settings' },
  { path: 'tokens', label: 'API tokens' },
  { path: 'audit', label: 'Audit' },
] as const;

/** Said to anyone but an admin who reaches Admin: what it is, and who to ask. */
function OnlyAdmins() {
  return (
    <div className="page page-narrow">
      <PageHeader title="Admin" documentTitle="Admin" />
      <EmptyState
        title="Only admins can use Admin"
        action={
          <Link className="button button-secondary" to="/">
            Go to My work
          </Link>
        }
      >
        <p>
          Your organisation’s admins manage people, teams, categories, locations, settings and API
          tokens here. If something in them needs changing, ask one of them.
        </p>
      </EmptyState>
    </div>
  );
}

/**
 * The Admin area: its sections' navigation over the section shown. Only a hint for the
 * screen: the API refuses every admin write from anyone else (403).
 */
export function AdminLayout() {
  const me = useSignedInPerson();
  if (me.role !== 'admin') return <OnlyAdmins />;
  return (
    <div className="page admin">
      <nav className="admin-nav" aria-label="Admin">
        <ul>
          {adminSections.map((section) => (
            <li key={section.path}>
              <NavLink to={`/admin/${section.path}`}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
