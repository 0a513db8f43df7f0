/** Servers with more tools than this get a search box above their tools. */
export const toolSearchThreshold = 5;

export interface SearchableTool {
  name: string;
  title?: string | null;
  description?: string | null;
}

/** The tools whose name, title or description contains every word of the query (any case). */
export function filterTools<T extends SearchableTool>(tools: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...tools];
  return tools.filter((tool) => {
    const text = [tool.name, tool.title ?? '', tool.description ?? ''].join('\n').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
