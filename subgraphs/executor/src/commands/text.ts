/**
 * Checks of the text that may reach a command line. Pure functions: each answers the first problem of a value
 * as words naming code points (U+000A), never quoting the value, so a message can carry no control character.
 */

/** How strict a value's check is: an ASCII name, one line of free text, or a string inside a JSON value. */
export type TextKind = 'name' | 'line' | 'json';

const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Zero-width and other invisible format characters (Unicode category Cf), bidi controls included. */
const formatCharacters = /\p{Cf}/u;
const loneSurrogate = /\p{Surrogate}/u;
const nonAscii = /[^\x20-\x7e]/u;

export const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

function firstMatch(value: string, test: (char: string) => boolean): string | undefined {
  for (const char of value) if (test(char)) return char;
  return undefined;
}

const isLineBreak = (char: string) => char === '\n' || char === '\r' || char === '\u2028' || char === '\u2029' || char === '\u0085';
const isControl = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

/**
 * The first problem of a string value, or undefined. Every kind refuses NUL, control characters (line breaks
 * and tabs are allowed only inside JSON strings, where JSON escapes them), bidirectional controls and broken
 * UTF-16; a name or a line must also be in NFC and free of invisible characters, and a name is ASCII only.
 */
export function textProblem(value: string, kind: TextKind): string | undefined {
  if (value.includes('\0')) return 'contains a NUL character';
  if (loneSurrogate.test(value)) return 'is not well-formed Unicode (a lone surrogate)';
  const lineBreak = kind === 'json' ? undefined : firstMatch(value, isLineBreak);
  if (lineBreak) return `contains a line break (${codePoint(lineBreak)})`;
  const control = firstMatch(value, (char) => isControl(char) && !(kind === 'json' && (char === '\n' || char === '\r' || char === '\t')));
  if (control) return `contains a control character (${codePoint(control)})`;
  const bidi = firstMatch(value, (char) => bidiControls.test(char));
  if (bidi) return `contains a bidirectional control character (${codePoint(bidi)})`;
  if (kind === 'json') return undefined;
  const invisible = firstMatch(value, (char) => formatCharacters.test(char));
  if (invisible) return `contains an invisible character (${codePoint(invisible)})`;
  if (value.normalize('NFC') !== value) return 'is not in Unicode normal form C (NFC)';
  if (kind === 'name') {
    const other = firstMatch(value, (char) => nonAscii.test(char));
    if (other) return `contains a non-ASCII character (${codePoint(other)}); names are ASCII only`;
  }
  return undefined;
}

/**
 * Text as a message may show it: printable ASCII kept, anything else as \u{…}, cut to `max` characters.
 * Whatever a caller sent, the message holds no control, bidi or look-alike character.
 */
export function printable(text: string, max = 80): string {
  let out = '';
  for (const char of text) {
    if (out.length >= max) return `${out}...`;
    out += /^[\x20-\x7e]$/u.test(char) ? char : `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
  }
  return out;
}

/** UTF-8 length of a string. */
export const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');
