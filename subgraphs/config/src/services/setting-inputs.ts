import { z } from 'zod';
import { configKeyPattern, maxConfigKeyLength, maxConfigValueBytes, maxSecretBytes, maxSecretNameLength, secretNamePattern } from '@mcp-portal/schema/contract';

/** What a configuration key, a configuration value, a secret's name and a secret's value may be, wherever they come in. */
export const configKeySchema = z.string().min(1).max(maxConfigKeyLength).regex(configKeyPattern, 'keys use letters, digits, ".", "_" and "-"');

export const configValueSchema = z
  .json()
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= maxConfigValueBytes, 'must be at most 64 KiB once serialised as JSON');

export const secretNameSchema = z.string().min(1).max(maxSecretNameLength).regex(secretNamePattern, 'secret names use letters, digits, ".", "_" and "-"');

export const secretValueSchema = z
  .string()
  .min(1, 'must not be empty')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= maxSecretBytes, 'must be at most 64 KiB')
  // A server gets its secrets as environment variables, which cannot hold a NUL byte.
  .refine((value) => !value.includes('\0'), 'must not contain a NUL byte');
