import type { UserDetail } from '../graphql/admin-documents.ts';
import { userPath } from '../paths.ts';
import { NavLink } from './NavLink.tsx';
import { Time } from './Time.tsx';

/** Active or disabled (a disabled user cannot sign in and their API tokens stop working). */
export function UserStatus({ user, testId }: { user: Pick<UserDetail, 'disabled'>; testId: string }) {
  return (
    <span className={`badge badge--${user.disabled ? 'stopped' : 'running'}`} data-testid={testId} data-status={user.disabled ? 'disabled' : 'active'}>
      {user.disabled ? 'DISABLED' : 'ACTIVE'}
    </span>
  );
}

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
          <th scope="col">Status</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((user) => (
          <tr key={user.id} data-testid={`user-row-${user.email}`} data-user-id={user.id}>
            <td>
              <NavLink to={userPath(user.id)} className="link" testId={`user-link-${user.email}`}>
                {user.email}
              </NavLink>
            </td>
            <td>{user.displayName ?? <span className="muted">—</span>}</td>
            <td>
              <span className={`role role--${user.role.toLowerCase()}`} data-testid={`user-role-${user.email}`}>
                {user.role.toLowerCase()}
              </span>
            </td>
            <td>
              <UserStatus user={user} testId={`user-status-${user.email}`} />
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
