import type { Role } from '../gql/graphql.ts';

export function RoleSelect({
  value,
  options,
  onChange,
  testId,
  invalid,
  describedBy,
  disabled,
}: {
  value: Role;
  options: readonly Role[];
  onChange(role: Role): void;
  testId: string;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
}) {
  return (
    <select
      name="role"
      value={value}
      onChange={(e) => onChange(e.target.value as Role)}
      data-testid={testId}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      disabled={disabled}
    >
      {options.map((role) => (
        <option key={role} value={role}>
          {role.charAt(0) + role.slice(1).toLowerCase()}
        </option>
      ))}
    </select>
  );
}
