/** Rows grouped per server, in the order of the ids asked for (an id without rows gets []), as a batch loader answers. */
export function groupByServer<Row extends { serverId: string }, Item>(serverIds: readonly string[], rows: readonly Row[], item: (row: Row) => Item): Item[][] {
  const byServer = new Map<string, Item[]>(serverIds.map((id) => [id, []]));
  for (const row of rows) byServer.get(row.serverId)?.push(item(row));
  return serverIds.map((id) => byServer.get(id) ?? []);
}
