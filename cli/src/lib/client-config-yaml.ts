import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node, type YAMLMap } from 'yaml';
import type { ConfigEntry } from '@mcp-portal/schema/clients';
import { PortalError } from './errors.ts';
import type { ConfigDocument } from './client-config.ts';

/**
 * Edits of a YAML client configuration (Continue's config.yaml and block files) with the `yaml` package's document
 * model: comments, key order and the other servers stay. The servers are a list of entries that carry their `name`
 * (`serverList`), or a mapping keyed by name.
 */

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The parsed file; one that is not valid YAML, not a mapping, or whose servers key has the wrong kind, is refused. */
export function parseYamlConfig(document: ConfigDocument, serversKey: readonly string[]): Document {
  const parsed = parseDocument(document.text, { prettyErrors: false });
  const first = parsed.errors[0];
  if (first) {
    const [line, column] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [lineOf(document.text, first.pos[0]), 1];
    const reason = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? first.code;
    throw new PortalError(`${document.path} is not valid YAML: line ${line}, column ${column}: ${reason}. Fix it first; nothing was changed.`);
  }
  if (parsed.contents !== null && !isMap(parsed.contents)) throw new PortalError(`${document.path} does not hold a YAML mapping; nothing was changed.`);
  const servers = parsed.getIn(serversKey, true) as Node | undefined;
  const wanted = document.serverList ? 'a list' : 'a mapping';
  if (servers !== undefined && servers !== null && !(isScalar(servers) && servers.value === null) && !(document.serverList ? isSeq(servers) : isMap(servers))) {
    const at = servers.range ? ` (line ${lineOf(document.text, servers.range[0])})` : '';
    throw new PortalError(`${document.path}: "${serversKey.join('.')}"${at} is not ${wanted}; nothing was changed.`);
  }
  return parsed;
}

const named = (name: string) => (item: unknown) => isMap(item) && item.get('name') === name;

export function yamlEntryIn(document: ConfigDocument, serversKey: readonly string[], name: string): unknown {
  const parsed = parseYamlConfig(document, serversKey);
  const servers = parsed.getIn(serversKey, true);
  if (document.serverList) {
    if (!isSeq(servers)) return undefined;
    const item = servers.items.find(named(name));
    if (!item) return undefined;
    const { name: _name, ...entry } = (item as YAMLMap).toJSON() as Record<string, unknown>;
    return entry;
  }
  const node = parsed.getIn([...serversKey, name], true) as Node | undefined;
  return node?.toJSON();
}

/** The entry as a node: lists of scalars on one line (`args: [mcp, gateway, run]`). */
function entryNode(parsed: Document, value: Record<string, unknown>): Node {
  const node = parsed.createNode(value);
  visit(node, {
    Seq(_key, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  return node;
}

const toText = (parsed: Document) => parsed.toString({ lineWidth: 0, flowCollectionPadding: false });

export function yamlWithEntry(document: ConfigDocument, serversKey: readonly string[], name: string, entry: ConfigEntry): string {
  let parsed = parseYamlConfig(document, serversKey);
  // A new (or empty) file starts with what the client requires besides the servers.
  if (parsed.contents === null) parsed = new Document(document.serverList ? { ...document.newFile } : {});
  if (!document.serverList) {
    parsed.setIn([...serversKey, name], entryNode(parsed, entry));
    return toText(parsed);
  }
  const node = entryNode(parsed, { name, ...entry });
  const servers = parsed.getIn(serversKey, true);
  if (!isSeq(servers)) {
    parsed.setIn(serversKey, parsed.createNode([]));
  }
  const list = parsed.getIn(serversKey, true);
  if (!isSeq(list)) throw new PortalError(`${document.path}: could not make "${serversKey.join('.')}" a list; nothing was changed.`);
  const index = list.items.findIndex(named(name));
  if (index < 0) {
    list.items.push(node);
  } else {
    // The replaced entry's own comments stay with it.
    const old = list.items[index] as Node;
    Object.assign(node, { commentBefore: old.commentBefore, comment: old.comment, spaceBefore: old.spaceBefore });
    list.items[index] = node;
  }
  return toText(parsed);
}

export function yamlWithoutEntry(document: ConfigDocument, serversKey: readonly string[], name: string): string {
  const parsed = parseYamlConfig(document, serversKey);
  if (!document.serverList) {
    if (!parsed.hasIn([...serversKey, name])) return document.text;
    parsed.deleteIn([...serversKey, name]);
    return toText(parsed);
  }
  const list = parsed.getIn(serversKey, true);
  const index = isSeq(list) ? list.items.findIndex(named(name)) : -1;
  if (!isSeq(list) || index < 0) return document.text;
  list.items.splice(index, 1);
  return toText(parsed);
}
