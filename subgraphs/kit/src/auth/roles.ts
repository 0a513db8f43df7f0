import { roles, type Role } from '@mcp-portal/schema';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

export { roles, type Role };

/** Who is calling: taken only from a verified token. */
export interface Viewer {
  userId: string;
  email: string;
  role: Role;
}

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError();
  return viewer;
}

export function requireRole(viewer: Viewer | null, minimum: Role): Viewer {
  const signedIn = requireViewer(viewer);
  if (!roleAtLeast(signedIn.role, minimum)) {
    throw new ForbiddenError(`This needs the ${minimum} role; you are ${signedIn.role}.`);
  }
  return signedIn;
}
