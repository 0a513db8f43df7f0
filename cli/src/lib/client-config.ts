import { chmod, copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  applyEdits,
  findNodeAtLocation,
  format,
  getNodeValue,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { clientOs, compactJson, type ClientConfigFile, type ClientOs, type ConfigEntry } from '@mcp-portal/schema/clients';
import { yamlEntryIn, yamlWithEntry, yamlWithoutEntry } from './client-config-yaml.ts';
import { PortalError } from './errors.ts';
import type { Env } from './settings.ts';

/** Where configuration paths start on this machine. */
export interface ConfigPlaces {
  os: ClientOs;
  home: string;
  /** `%APPDATA%` on Windows. */
  appData: string;
  /** The project folder: the current one. */
  cwd: string;
}

export function configPlaces(env: Env = process.env, platform: string = process.platform): ConfigPlaces {
  const home = homedir();
  return { os: clientOs(platform), home, appData: env.APPDATA || join(home, 'AppData', 'Roaming'), cwd: process.cwd() };
}

export function resolveConfigPath(file: ClientConfigFile, places: ConfigPlaces): string {
  const path = file.path[places.os];
  const start = path.root === 'home' ? places.home : path.root === 'appData' ? places.appData : places.cwd;
  return join(start, ...path.segments);
}

/** A client's configuration file as it is on disk (an absent file reads as an empty object), and how it is written. */
export interface ConfigDocument extends Pick<ClientConfigFile, 'format' | 'serverList' | 'newFile'> {
  path: string;
  exists: boolean;
  text: string;
  jsonc: boolean;
}

export async function readConfigDocument(path: string, file: Pick<ClientConfigFile, 'jsonc' | 'format' | 'serverList' | 'newFile'>): Promise<ConfigDocument> {
  const { jsonc, format, serverList, newFile } = file;
  try {
    return { path, exists: true, text: await readFile(path, 'utf8'), jsonc, format, serverList, newFile };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, exists: false, text: '', jsonc, format, serverList, newFile };
    throw new PortalError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The text edited: an empty (or absent) file stands for `{}`. */
function baseText(document: ConfigDocument): string {
  return document.text.trim() === '' ? '{}' : document.text;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * The parsed file; a file that is not valid JSON (or JSONC, where the client allows comments), or whose
 * servers key is not an object, is refused with the line that is wrong and is never overwritten.
 */
export function parseConfig(document: ConfigDocument, serversKey: readonly string[]): Node {
  const text = baseText(document);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: document.jsonc, disallowComments: !document.jsonc, allowEmptyContent: false });
  const kind = document.jsonc ? 'JSON (comments allowed)' : 'JSON';
  const first = errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new PortalError(
      `${document.path} is not valid ${kind}: line ${line}, column ${column}: ${printParseErrorCode(first.error)
        .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
        .toLowerCase()}. Fix it first; nothing was changed.`,
    );
  }
  if (!root || root.type !== 'object') throw new PortalError(`${document.path} does not hold a JSON object; nothing was changed.`);
  const servers = findNodeAtLocation(root, [...serversKey]);
  if (servers && servers.type !== 'object') {
    const { line } = lineAndColumn(text, servers.offset);
    throw new PortalError(`${document.path}: "${serversKey.join('.')}" (line ${line}) is not an object; nothing was changed.`);
  }
  return root;
}

/** The entry named `name` under the servers key, or undefined. */
export function entryIn(document: ConfigDocument, serversKey: readonly string[], name: string): unknown {
  if (document.format === 'yaml') return yamlEntryIn(document, serversKey, name);
  const node = findNodeAtLocation(parseConfig(document, serversKey), [...serversKey, name]);
  return node ? (getNodeValue(node) as unknown) : undefined;
}

/** The file's own indentation (two spaces when it has none yet). */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol: '\n' };
  return { insertSpaces: true, tabSize: indent?.length ?? 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The entry's value in `text` rewritten as compact JSON (lists of strings on one line, as in the portal's
 * snippets), indented like the line that holds it.
 */
function compactEntry(text: string, path: readonly string[], entry: ConfigEntry, formatting: FormattingOptions): string {
  const node = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true }) ?? { type: 'null', offset: 0, length: 0 }, [...path]);
  if (!node) return text;
  const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
  const lineIndent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const unit = formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize ?? 2);
  const eol = formatting.eol ?? '\n';
  const value = compactJson(entry, unit).split('\n').join(`${eol}${lineIndent}`);
  return `${text.slice(0, node.offset)}${value}${text.slice(node.offset + node.length)}`;
}

/** The file's text with `entry` set under the servers key, every other key, server and comment kept. */
export function withEntry(document: ConfigDocument, serversKey: readonly string[], name: string, entry: ConfigEntry): string {
  if (document.format === 'yaml') return yamlWithEntry(document, serversKey, name, entry);
  parseConfig(document, serversKey);
  const text = baseText(document);
  const formatting = formattingOf(text);
  const path = [...serversKey, name];
  const [append] = modify(text, path, entry, {});
  if (append && append.length === 0 && append.content.startsWith(',')) {
    // Added after another server: only the new text is formatted, so that server's own line stays as it is.
    const added = applyEdits(text, [append]);
    const formatted = applyEdits(added, format(added, { offset: append.offset, length: append.content.length }, { ...formatting, keepLines: false }));
    return withFinalNewline(compactEntry(formatted, path, entry, formatting));
  }
  return withFinalNewline(compactEntry(applyEdits(text, modify(text, path, entry, { formattingOptions: formatting })), path, entry, formatting));
}

/** The file's text without the entry named `name` (unchanged when there is none). */
export function withoutEntry(document: ConfigDocument, serversKey: readonly string[], name: string): string {
  if (document.format === 'yaml') return yamlWithoutEntry(document, serversKey, name);
  parseConfig(document, serversKey);
  const text = baseText(document);
  // Unformatted: a removal leaves the lines around it as they are.
  const edits = modify(text, [...serversKey, name], undefined, {});
  return edits.length === 0 ? document.text : withFinalNewline(applyEdits(text, edits));
}

/**
 * The change as a unified diff of one hunk (an edit of the entry changes one contiguous range of lines),
 * with up to two lines of context.
 */
export function lineDiff(path: string, before: string, after: string): string {
  const old = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const next = after.replace(/\n$/, '').split('\n');
  let start = 0;
  while (start < old.length && start < next.length && old[start] === next[start]) start += 1;
  let end = 0;
  while (end < old.length - start && end < next.length - start && old[old.length - 1 - end] === next[next.length - 1 - end]) end += 1;
  const context = 2;
  const from = Math.max(0, start - context);
  const oldTo = Math.min(old.length, old.length - end + context);
  const nextTo = Math.min(next.length, next.length - end + context);
  const lines = [
    `--- ${before === '' ? '/dev/null' : path}`,
    `+++ ${path}`,
    `@@ -${old.length === 0 ? 0 : from + 1},${oldTo - from} +${from + 1},${nextTo - from} @@`,
  ];
  for (let i = from; i < start; i += 1) lines.push(` ${old[i]}`);
  for (let i = start; i < old.length - end; i += 1) lines.push(`-${old[i]}`);
  for (let i = start; i < next.length - end; i += 1) lines.push(`+${next[i]}`);
  for (let i = old.length - end; i < oldTo; i += 1) lines.push(` ${old[i]}`);
  return lines.join('\n');
}

/** `claude_desktop_config.json.bak-2026-12-01T12-30-00-000Z`. */
export function backupPath(path: string, now: Date = new Date()): string {
  return `${path}.bak-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Writes the new text: a copy of the existing file first (its path returned), then the new text through
 * a temporary file renamed over it, so that the file is never half written; its folders are created.
 */
export async function writeConfig(document: ConfigDocument, text: string, now: Date = new Date()): Promise<{ backup?: string }> {
  await mkdir(dirname(document.path), { recursive: true });
  let backup: string | undefined;
  let mode: number | undefined;
  if (document.exists) {
    backup = backupPath(document.path, now);
    await copyFile(document.path, backup);
    mode = (await stat(document.path)).mode & 0o777;
  }
  const temporary = `${document.path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, text, { encoding: 'utf8', mode: mode ?? 0o644 });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, document.path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new PortalError(`Cannot write ${document.path}: ${(error as Error).message}`, { cause: error });
  }
  return backup ? { backup } : {};
}
