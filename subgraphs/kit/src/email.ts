import { isEmailAddress, maxEmailLength } from '@mcp-portal/schema/email';
import { z } from 'zod';

/** An account's email address as the platform accepts it (hosts without a dot, like `admin@localhost`, included). */
export const emailAddress = z
  .string()
  .trim()
  .max(maxEmailLength)
  .refine(isEmailAddress, 'Invalid email address: use name@host, for example admin@localhost or jane@example.com');
