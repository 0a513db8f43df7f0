import type { CallToolResult, ContentBlock, GetPromptResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { matcherOf, type KnownSecret } from './known-secrets.ts';

/** One well-known kind of credential, recognised by its shape. */
export interface CredentialPattern {
  /** What a refusal names ("GitHub token"); never the value. */
  kind: string;
  pattern: RegExp;
}

/** What a scan found: the kind of secret, never its value. */
export interface SecretFinding {
  kind: string;
}

/** Not glued to letters or digits before it: a token inside a longer word or a base64 blob is no token. */
const start = '(?<![A-Za-z0-9])';

/** A token: `body` neither preceded nor followed by more of its characters. */
function token(kind: string, body: string, tail = 'A-Za-z0-9_-'): CredentialPattern {
  return { kind, pattern: new RegExp(`${start}(?:${body})(?![${tail}])`) };
}

/**
 * Credentials recognisable by their shape alone: a fixed prefix their issuer puts there so that scanners
 * find them, a length, a character set. Nothing that ordinary text, UUIDs, hashes or base64 data match
 * (no bare hex or base64 runs, no "password=" heuristics); the AWS secret key, which has no prefix,
 * only after a name that says what it is.
 */
export const credentialPatterns: readonly CredentialPattern[] = [
  token('AWS access key ID', '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}', 'A-Za-z0-9'),
  {
    kind: 'AWS secret access key',
    pattern: /(?:aws.{0,20}?secret|secret_?access_?key).{0,20}?[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i,
  },
  token('GitHub token', 'gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{60,251}'),
  token('GitLab token', 'gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,200}'),
  token('Slack token', 'xox[abprs]-(?:[0-9]+-)?[A-Za-z0-9]{6,}-[A-Za-z0-9-]{6,250}'),
  { kind: 'Slack webhook URL', pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{6,}\/[A-Za-z0-9]{6,}\/[A-Za-z0-9]{16,}/ },
  token('Stripe live key', '(?:sk|rk)_live_[A-Za-z0-9]{20,247}'),
  token('Google API key', 'AIza[0-9A-Za-z_-]{35}'),
  token('Google OAuth client secret', 'GOCSPX-[A-Za-z0-9_-]{28}'),
  // Before OpenAI's: both start with sk-.
  token('Anthropic API key', 'sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,250}'),
  token('OpenAI API key', 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48}'),
  { kind: 'private key', pattern: /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,300}?[A-Za-z0-9+/]{40}/ },
  token('npm token', 'npm_[A-Za-z0-9]{36}'),
  token('PyPI token', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'),
  token('Docker access token', 'dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,250}'),
  token('Hugging Face token', 'hf_[A-Za-z]{34}'),
  token('DigitalOcean token', 'do[opr]_v1_[a-f0-9]{64}'),
  token('Shopify access token', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  token('SendGrid API key', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  token('Telegram bot token', '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}'),
  { kind: 'Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{40,}={0,2}/ },
  token('MCP Portal API token', 'mcpat_[0-9a-f]{96}'),
  // Header and payload are base64 JSON objects (eyJ = `{"`), and a signature: an unsigned token carries no authority.
  token('JSON Web Token', 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}'),
];

/**
 * Text scanned per message at most (about 60 ms per MiB). The proxy raises it to the largest request
 * body, so that arguments are always scanned whole; a larger result is scanned up to this much.
 */
export const defaultMaxScanChars = 8 * 1024 * 1024;

/**
 * Finds credentials and the platform's own secret values in JSON values: every string, and every
 * object property with a string value as `key=value` (so that `{"aws_secret_access_key": "…"}` is seen
 * in context). Work is bounded by `maxChars` of text per scan.
 */
export class SecretScanner {
  constructor(
    private readonly patterns: readonly CredentialPattern[] = credentialPatterns,
    private readonly maxChars = defaultMaxScanChars,
  ) {}

  /** The first secret found in `value`, or null. */
  find(value: unknown, known: readonly KnownSecret[] = []): SecretFinding | null {
    const matcher = known.length > 0 ? matcherOf(known) : null;
    for (const text of textsOf(value, this.maxChars)) {
      const secret = matcher?.find(text);
      if (secret) return { kind: `stored on the platform: ${secret.label}` };
      for (const { kind, pattern } of this.patterns) if (pattern.test(text)) return { kind };
    }
    return null;
  }
}

/** The strings of a JSON value, depth first, with `key=value` for string properties, until `budget` characters. */
function* textsOf(value: unknown, budget: number): Generator<string> {
  let left = budget;
  const take = (text: string): string => {
    const part = text.length > left ? text.slice(0, left) : text;
    left -= part.length;
    return part;
  };
  const stack: unknown[] = [value];
  while (stack.length > 0 && left > 0) {
    const next = stack.pop();
    if (typeof next === 'string') yield take(next);
    else if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i -= 1) stack.push(next[i]);
    else if (next !== null && typeof next === 'object') {
      for (const [key, entry] of Object.entries(next).reverse()) {
        if (typeof entry === 'string') stack.push(`${key}=${entry}`);
        else {
          stack.push(entry);
          stack.push(key);
        }
      }
    }
  }
}

/**
 * What of a tool result reaches the model as text: text content, embedded resources' text and
 * structured content. Images, audio and blobs are binary data, and links only name a resource.
 */
export function scannedPartsOfResult(result: CallToolResult): unknown[] {
  const parts: unknown[] = [];
  for (const item of result.content) addTextOf(item, parts);
  if (result.structuredContent !== undefined) parts.push(result.structuredContent);
  return parts;
}

/** The same of a prompt: its description and its messages' text and embedded resources' text. */
export function scannedPartsOfPrompt(result: GetPromptResult): unknown[] {
  const parts: unknown[] = result.description === undefined ? [] : [result.description];
  for (const message of result.messages) addTextOf(message.content, parts);
  return parts;
}

/** The text contents of a resource (blobs are binary data). */
export function scannedPartsOfResource(result: ReadResourceResult): unknown[] {
  const parts: unknown[] = [];
  for (const content of result.contents) if ('text' in content && typeof content.text === 'string') parts.push(content.text);
  return parts;
}

function addTextOf(item: ContentBlock, parts: unknown[]): void {
  if (item.type === 'text') parts.push(item.text);
  else if (item.type === 'resource' && 'text' in item.resource) parts.push(item.resource.text);
}
