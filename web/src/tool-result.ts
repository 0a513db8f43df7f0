/**
 * A tool call's result as the page shows it: each content item of the MCP result (text, image, audio,
 * resource link, embedded resource) read defensively — the content comes from an MCP server and is shown
 * only as text, as `data:` URLs of image and audio types, and as links for http(s) URIs only.
 */

export type ResultPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; src: string; mimeType: string }
  | { kind: 'audio'; src: string; mimeType: string }
  | { kind: 'resource-link'; uri: string; name: string | null; description: string | null; mimeType: string | null; href: string | null }
  | { kind: 'resource'; uri: string; mimeType: string | null; text: string | null; bytes: number | null }
  /** Anything else (an unknown type, a malformed item): shown as JSON. */
  | { kind: 'other'; json: string };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
const mediaType = (prefix: 'image' | 'audio') => new RegExp(`^${prefix}/[a-z0-9.+-]+$`, 'i');

/** A `data:` URL for base64 data of an image or audio type, or null when either is not what it claims. */
export function dataUrl(prefix: 'image' | 'audio', mimeType: unknown, data: unknown): string | null {
  if (typeof mimeType !== 'string' || typeof data !== 'string') return null;
  const compact = data.replace(/\s+/g, '');
  if (!mediaType(prefix).test(mimeType) || !base64.test(compact)) return null;
  return `data:${mimeType.toLowerCase()};base64,${compact}`;
}

/** How many bytes base64 text decodes to. */
export function base64Bytes(data: string): number {
  const compact = data.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((compact.length * 3) / 4) - padding);
}

/** The URI as a link target when it is http(s), else null (never javascript:, data: or a file). */
export function linkOf(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function partOf(item: unknown): ResultPart {
  const other = (): ResultPart => ({ kind: 'other', json: JSON.stringify(item, null, 2) ?? String(item) });
  if (!isObject(item)) return other();
  switch (item.type) {
    case 'text':
      return typeof item.text === 'string' ? { kind: 'text', text: item.text } : other();
    case 'image':
    case 'audio': {
      const src = dataUrl(item.type, item.mimeType, item.data);
      return src ? { kind: item.type, src, mimeType: String(item.mimeType) } : other();
    }
    case 'resource_link': {
      const uri = stringOf(item.uri);
      if (!uri) return other();
      return {
        kind: 'resource-link',
        uri,
        name: stringOf(item.title) ?? stringOf(item.name),
        description: stringOf(item.description),
        mimeType: stringOf(item.mimeType),
        href: linkOf(uri),
      };
    }
    case 'resource': {
      const resource = item.resource;
      if (!isObject(resource) || !stringOf(resource.uri)) return other();
      return {
        kind: 'resource',
        uri: String(resource.uri),
        mimeType: stringOf(resource.mimeType),
        text: typeof resource.text === 'string' ? resource.text : null,
        bytes: typeof resource.blob === 'string' ? base64Bytes(resource.blob) : null,
      };
    }
    default:
      return other();
  }
}

/** The parts of a result's `content` (a list; anything else is one `other` part). */
export function resultParts(content: unknown): ResultPart[] {
  if (!Array.isArray(content)) return content === undefined || content === null ? [] : [partOf(content)];
  return content.map(partOf);
}
