import type { UserDetail } from '../graphql/admin-documents.ts';
import { Time } from './Time.tsx';

export function UsersTable({ users }: { users: UserDetail[] }) {
  if (users.length === 0) return <p className="empty">No user yet.</p>;
  const sorted = [...users].sort((a, b) => a.email.localeCompare(b.email));
  return (
    <table className="table" data-testid="users-table">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((user) => (
          <tr key={user.id} data-testid={`user-row-${user.email}`} data-user-id={user.id}>
            <td>{user.email}</td>
            <td>{user.displayName ?? <span className="muted">—</span>}</td>
            <td>
              <span className={`role role--${user.role.toLowerCase()}`} data-testid={`user-role-${user.email}`}>
                {user.role.toLowerCase()}
              </span>
            </td>
            <td className="muted">
              <Time value={user.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
