import { NavLink } from '../components/NavLink.tsx';
import { paths } from '../paths.ts';

export function NotFoundPage({ message = 'There is no page at this address.' }: { message?: string }) {
  return (
    <section className="card" data-testid="not-found">
      <h2>Nothing here</h2>
      <p className="muted">{message}</p>
      <NavLink to={paths.dashboard}>Back to the dashboard</NavLink>
    </section>
  );
}
