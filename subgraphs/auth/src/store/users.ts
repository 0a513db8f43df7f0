import { asc, eq, inArray, sql } from 'drizzle-orm';
import { authTables, type Role } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { users } = authTables;
export type UserRow = typeof users.$inferSelect;

/** The advisory lock key of user changes ("mcpu"). */
const userChangesLockKey = 0x6d63_7075;

export function userStore(db: Database) {
  return {
    async byId(id: string): Promise<UserRow | null> {
      const rows = await db.select().from(users).where(eq(users.id, id));
      return rows[0] ?? null;
    },
    /** The users with these ids, in no particular order (unknown ids are left out), with one query. */
    async byIds(ids: readonly string[]): Promise<UserRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(users)
        .where(inArray(users.id, [...ids]));
    },
    async byEmail(email: string): Promise<UserRow | null> {
      const rows = await db.select().from(users).where(eq(users.email, email));
      return rows[0] ?? null;
    },
    async list(): Promise<UserRow[]> {
      return db.select().from(users).orderBy(asc(users.email));
    },
    async count(): Promise<number> {
      const rows = await db.select({ count: sql<number>`count(*)::int` }).from(users);
      return rows[0]?.count ?? 0;
    },
    async update(id: string, changes: { role?: Role; disabledAt?: Date | null }): Promise<UserRow | null> {
      const rows = await db.update(users).set(changes).where(eq(users.id, id)).returning();
      return rows[0] ?? null;
    },
    /** Until the transaction ends, other changes of roles and disabled flags wait (a transaction-level advisory lock). */
    async lockUserChanges(): Promise<void> {
      await db.execute(sql`select pg_advisory_xact_lock(${userChangesLockKey})`);
    },
    async countActiveAdmins(): Promise<number> {
      const rows = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(users)
        .where(sql`${users.role} = 'admin' and ${users.disabledAt} is null`);
      return rows[0]?.count ?? 0;
    },
    async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
      const rows = await db.update(users).set({ passwordHash }).where(eq(users.id, id)).returning({ id: users.id });
      return rows.length > 0;
    },
    /** Null when a user with that email already exists. */
    async insert(user: { email: string; passwordHash: string | null; role: Role; displayName?: string | null }): Promise<UserRow | null> {
      const rows = await db.insert(users).values(user).onConflictDoNothing({ target: users.email }).returning();
      return rows[0] ?? null;
    },
  };
}
export type UserStore = ReturnType<typeof userStore>;
