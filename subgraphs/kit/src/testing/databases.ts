import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the machine's real services answer (see ../shared/TESTING.md). */
export const testPostgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per suite so parallel runs never see each other's rows. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `mcp_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testPostgresAdminUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** A channel prefix per suite so events on the shared Redis stay within one suite. */
export function testChannelPrefix(label: string): string {
  return `mcp-test:${label}:${randomBytes(4).toString('hex')}:`;
}
