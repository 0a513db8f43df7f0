import type { UserDetail } from '../graphql/admin-documents.ts';

/** A filter's user field: "Anyone" (the empty value), then every user by email, in email order. */
export function UserFilterField({
  label,
  name,
  value,
  users,
  onChange,
  testId,
}: {
  label: string;
  name: string;
  /** A user's id, or '' for anyone. */
  value: string;
  users: readonly UserDetail[];
  onChange(userId: string): void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">Anyone</option>
        {[...users]
          .sort((a, b) => a.email.localeCompare(b.email))
          .map((user) => (
            <option key={user.id} value={user.id}>
              {user.email}
            </option>
          ))}
      </select>
    </label>
  );
}
