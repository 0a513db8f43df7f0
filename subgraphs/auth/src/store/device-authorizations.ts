import { and, eq, lt } from 'drizzle-orm';
import { authTables } from '@mcp-portal/schema';
import type { Database } from '@mcp-portal/kit';

const { deviceAuthorizations } = authTables;
export type DeviceAuthorizationRow = typeof deviceAuthorizations.$inferSelect;

export function deviceAuthorizationStore(db: Database) {
  return {
    async insert(row: { deviceCodeHash: string; userCode: string; clientName: string; expiresAt: Date }): Promise<DeviceAuthorizationRow | null> {
      const rows = await db.insert(deviceAuthorizations).values(row).onConflictDoNothing().returning();
      return rows[0] ?? null;
    },
    async byUserCodeForUpdate(userCode: string): Promise<DeviceAuthorizationRow | null> {
      const rows = await db.select().from(deviceAuthorizations).where(eq(deviceAuthorizations.userCode, userCode)).for('update');
      return rows[0] ?? null;
    },
    async byUserCode(userCode: string): Promise<DeviceAuthorizationRow | null> {
      const rows = await db.select().from(deviceAuthorizations).where(eq(deviceAuthorizations.userCode, userCode));
      return rows[0] ?? null;
    },
    async byDeviceCodeForUpdate(deviceCodeHash: string): Promise<DeviceAuthorizationRow | null> {
      const rows = await db.select().from(deviceAuthorizations).where(eq(deviceAuthorizations.deviceCodeHash, deviceCodeHash)).for('update');
      return rows[0] ?? null;
    },
    async approve(id: string, change: { userId: string; apiTokenId: string; sealedToken: string }): Promise<void> {
      await db
        .update(deviceAuthorizations)
        .set({ status: 'approved', ...change })
        .where(and(eq(deviceAuthorizations.id, id), eq(deviceAuthorizations.status, 'pending')));
    },
    async deny(id: string, userId: string): Promise<void> {
      await db.update(deviceAuthorizations).set({ status: 'denied', userId }).where(eq(deviceAuthorizations.id, id));
    },
    async polled(id: string, at: Date): Promise<void> {
      await db.update(deviceAuthorizations).set({ lastPolledAt: at }).where(eq(deviceAuthorizations.id, id));
    },
    async delete(id: string): Promise<void> {
      await db.delete(deviceAuthorizations).where(eq(deviceAuthorizations.id, id));
    },
    async deleteExpired(now = new Date()): Promise<void> {
      await db.delete(deviceAuthorizations).where(lt(deviceAuthorizations.expiresAt, now));
    },
  };
}
