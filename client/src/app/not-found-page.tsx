import { Link } from 'react-router';
import { PageHeader } from '../components/page-header';

export function NotFoundPage() {
  return (
    <div className="page page-narrow">
      <PageHeader title="Page not found" documentTitle="Page not found">
        <p>There is nothing at this address. It may have been mistyped, or the link is old.</p>
      </PageHeader>
      <p className="button-row">
        <Link className="button button-primary" to="/">
          Go to My work
        </Link>
        <Link className="button button-secondary" to="/requests">
          See open items
        </Link>
      </p>
    </div>
  );
}
