/**
 * The user code `docker mcp login` shows: eight letters, written ABCD-EFGH. What the user types or
 * pastes (`abcd efgh`, `abcdefgh`) is shown in that form as they type.
 */
export function normalizeUserCode(input: string): string {
  const letters = input
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 8);
  return letters.length > 4 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

export function isCompleteUserCode(code: string): boolean {
  return /^[A-Z]{4}-[A-Z]{4}$/.test(code);
}
