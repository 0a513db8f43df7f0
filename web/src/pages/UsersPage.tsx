import { CreateUserForm } from '../components/CreateUserForm.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { UsersTable } from '../components/UsersTable.tsx';
import { useUsers } from '../graphql/admin-hooks.ts';

export function UsersPage() {
  const { users, loading, error } = useUsers();
  return (
    <section className="card" aria-labelledby="users-title">
      <div className="card__head">
        <h2 id="users-title">Users</h2>
        <span className="muted">{users.length} in total</span>
      </div>
      <ErrorMessage message={error} testId="users-error" />
      {loading ? <p className="muted">Loading users…</p> : <UsersTable users={users} />}
      <CreateUserForm />
    </section>
  );
}
